import { inflateSync } from 'node:zlib';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { EventBus } from '../../../src/main/ipc/events';
import type { HealthReport } from '../../../src/shared/domain';
import { createRouter, type Handlers } from '../../../src/main/ipc/router';

/** Stand-ins for Tray, nativeImage and Menu at the electron module's boundary. */
const electron = vi.hoisted(() => {
  class FakeImage {
    constructor(
      readonly png: Buffer,
      readonly options: unknown,
    ) {}
  }
  return { FakeImage, trays: [] as any[] };
});
vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  class Tray extends EventEmitter {
    image: unknown;
    tooltip = '';
    menu: any;
    destroyed = false;
    constructor(image: unknown) {
      super();
      this.image = image;
      electron.trays.push(this);
    }
    setImage = vi.fn((image: unknown) => (this.image = image));
    setToolTip = vi.fn((text: string) => (this.tooltip = text));
    setContextMenu = vi.fn((menu: unknown) => (this.menu = menu));
    destroy = vi.fn(() => (this.destroyed = true));
  }
  return {
    Tray,
    nativeImage: { createFromBuffer: vi.fn((png: Buffer, options: unknown) => new electron.FakeImage(png, options)) },
    Menu: { buildFromTemplate: vi.fn((items: unknown[]) => ({ items })) },
  };
});

const { createHealthTray, readHealth, trayTooltip } = await import('../../../src/main/shell/tray');
const { trayIconPng, TRAY_COLOURS, TRAY_ICON_SIZE } = await import('../../../src/main/shell/tray-icon');

function report(level: HealthReport['level'], reason: string | null = null): HealthReport {
  return { level, since: 1, reason, chains: [], checks: [] };
}

/** The RGBA of the icon's centre pixel, decoded from the PNG's one IDAT chunk. */
function centre(png: Buffer): number[] {
  expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
  const length = png.readUInt32BE(33);
  expect(png.subarray(37, 41).toString('ascii')).toBe('IDAT');
  const raw = inflateSync(png.subarray(41, 41 + length));
  const y = TRAY_ICON_SIZE / 2;
  const offset = y * (TRAY_ICON_SIZE * 4 + 1) + 1 + (TRAY_ICON_SIZE / 2) * 4;
  return [...raw.subarray(offset, offset + 4)];
}

beforeEach(() => {
  electron.trays.length = 0;
});

describe('tray icon', () => {
  it('draws one colour per level, opaque at the centre', () => {
    for (const level of ['HEALTHY', 'DEGRADED', 'UNHEALTHY', 'unknown'] as const) {
      expect(centre(trayIconPng(level))).toEqual([...TRAY_COLOURS[level], 255]);
    }
  });
});

describe('health tray', () => {
  it('shows the level as icon and tooltip, following health.updated', () => {
    const events = new EventBus();
    const tray = createHealthTray({ events, initial: report('HEALTHY'), onOpen: vi.fn(), onQuit: vi.fn() });
    const native = electron.trays[0];
    expect(tray.level).toBe('HEALTHY');
    expect(native.image.png.equals(trayIconPng('HEALTHY'))).toBe(true);
    expect(native.image.options).toEqual({ scaleFactor: 2 });
    expect(native.tooltip).toBe('Steadfast: HEALTHY');

    events.emit('health.updated', report('DEGRADED', 'chain 31337: primary unreachable'));
    expect(tray.level).toBe('DEGRADED');
    expect(native.image.png.equals(trayIconPng('DEGRADED'))).toBe(true);
    expect(native.tooltip).toBe('Steadfast: DEGRADED (chain 31337: primary unreachable)');

    // Same level, new reason: tooltip follows, the image is not swapped again.
    events.emit('health.updated', report('DEGRADED', 'chain 31337: secondary unreachable'));
    expect(native.setImage).toHaveBeenCalledTimes(1);
    expect(native.tooltip).toBe('Steadfast: DEGRADED (chain 31337: secondary unreachable)');

    events.emit('health.updated', report('UNHEALTHY', 'chain 31337: no provider answers'));
    expect(native.image.png.equals(trayIconPng('UNHEALTHY'))).toBe(true);
    expect(native.tooltip).toBe('Steadfast: UNHEALTHY (chain 31337: no provider answers)');

    // Other events are none of the tray's business.
    events.emit('features.updated', []);
    expect(native.setToolTip).toHaveBeenCalledTimes(4);

    tray.dispose();
    expect(native.destroyed).toBe(true);
    expect(events.listenerCount).toBe(0);
    tray.dispose();
    expect(native.destroy).toHaveBeenCalledTimes(1);
  });

  it('starts grey and "unknown" while main has no health report, and its menu opens and quits', () => {
    const events = new EventBus();
    const onOpen = vi.fn();
    const onQuit = vi.fn();
    const tray = createHealthTray({ events, initial: null, onOpen, onQuit });
    const native = electron.trays[0];
    expect(tray.level).toBe('unknown');
    expect(native.image.png.equals(trayIconPng('unknown'))).toBe(true);
    expect(native.tooltip).toBe('Steadfast: health unknown');

    const items = native.menu.items as Array<{ label?: string; click?: () => void }>;
    expect(items.map((i) => i.label ?? '—')).toEqual(['Open Steadfast', '—', 'Quit']);
    items[0]!.click!();
    items[2]!.click!();
    native.emit('click');
    expect(onOpen).toHaveBeenCalledTimes(2);
    expect(onQuit).toHaveBeenCalledTimes(1);
    tray.dispose();
  });

  it('cuts a long reason so the level always shows', () => {
    const text = trayTooltip(report('UNHEALTHY', 'x'.repeat(300)));
    expect(text).toHaveLength(127);
    expect(text.startsWith('Steadfast: UNHEALTHY (')).toBe(true);
    expect(text.endsWith('…')).toBe(true);
  });

  it('reads the initial report through the router, or null when main has none yet', async () => {
    const handlers = { 'health.get': () => report('DEGRADED', 'why') } as unknown as Handlers;
    expect(await readHealth(createRouter(handlers))).toEqual(report('DEGRADED', 'why'));
    const missing = {
      'health.get': () => {
        throw Object.assign(new Error('x'), { code: 'NOT_AVAILABLE', message: 'no', retryable: false });
      },
    } as unknown as Handlers;
    expect(await readHealth(createRouter(missing))).toBeNull();
  });
});
