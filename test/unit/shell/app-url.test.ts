import { describe, expect, it } from 'vitest';
import { isAppUrl, rendererTarget } from '../../../src/main/shell/app-url';

describe('rendererTarget', () => {
  it('loads the built file next to the main bundle in production', () => {
    expect(rendererTarget(undefined, '/opt/Steadfast/resources/app.asar/out/main')).toEqual({
      kind: 'file',
      path: '/opt/Steadfast/resources/app.asar/out/renderer/index.html',
      url: 'file:///opt/Steadfast/resources/app.asar/out/renderer/index.html',
    });
  });

  it('loads the dev server when electron-vite dev sets ELECTRON_RENDERER_URL', () => {
    expect(rendererTarget('http://localhost:5173', '/x/out/main')).toEqual({ kind: 'url', url: 'http://localhost:5173' });
  });
});

describe('isAppUrl', () => {
  const file = isAppUrl(rendererTarget(undefined, '/app/out/main'));
  const dev = isAppUrl(rendererTarget('http://localhost:5173/', '/app/out/main'));

  it('trusts only the exact built document, whatever its hash or query', () => {
    expect(file('file:///app/out/renderer/index.html')).toBe(true);
    expect(file('file:///app/out/renderer/index.html#/providers')).toBe(true);
    expect(file('file:///app/out/renderer/index.html?x=1')).toBe(true);
  });

  it('does not trust other files, although every file:// URL has the same opaque origin', () => {
    expect(file('file:///tmp/evil.html')).toBe(false);
    expect(file('file:///app/out/renderer/other.html')).toBe(false);
    expect(file('https://example.com/app/out/renderer/index.html')).toBe(false);
    expect(file('not a url')).toBe(false);
  });

  it('trusts the dev server by origin only', () => {
    expect(dev('http://localhost:5173/src/index.html')).toBe(true);
    expect(dev('http://localhost:5174/')).toBe(false);
    expect(dev('http://127.0.0.1:5173/')).toBe(false);
    expect(dev('https://localhost:5173/')).toBe(false);
    expect(dev('file:///app/out/renderer/index.html')).toBe(false);
  });
});
