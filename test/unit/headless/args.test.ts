import { describe, expect, it } from 'vitest';
import { parseHeadlessArgs } from '../../../src/main/headless/args';

describe('headless command line', () => {
  it('defaults to loopback, port 4780, a random token and the XDG data folder', () => {
    expect(parseHeadlessArgs([], { XDG_DATA_HOME: '/data' })).toEqual({
      dataDir: '/data/steadfast',
      host: '127.0.0.1',
      port: 4780,
      token: null,
    });
  });

  it('takes a data folder, port and token so several instances run side by side', () => {
    expect(parseHeadlessArgs(['--data-dir', '/tmp/a', '--port', '0', '--token', 'sixteen-chars-ok'], {})).toEqual({
      dataDir: '/tmp/a',
      host: '127.0.0.1',
      port: 0,
      token: 'sixteen-chars-ok',
    });
  });

  it('refuses bad values with a clear message', () => {
    expect(() => parseHeadlessArgs(['--port', '70000'], {})).toThrow('--port must be 0..65535, got 70000');
    expect(() => parseHeadlessArgs(['--port', 'abc'], {})).toThrow('--port must be 0..65535, got abc');
    expect(() => parseHeadlessArgs(['--token', 'short'], {})).toThrow('--token must be at least 16 characters');
    expect(() => parseHeadlessArgs(['--bogus'], {})).toThrow("Unknown option '--bogus'");
    // Names are refused before anything is looked up; addresses (IPv4, IPv6) and localhost are taken.
    expect(() => parseHeadlessArgs(['--host', '0.0.0.0x'], {})).toThrow('--host must be an IP address or localhost, got 0.0.0.0x');
    expect(() => parseHeadlessArgs(['--host', 'example.org'], {})).toThrow('--host must be an IP address or localhost');
    for (const host of ['127.0.0.2', '::1', 'localhost', '0.0.0.0']) expect(parseHeadlessArgs(['--host', host], {}).host).toBe(host);
  });
});
