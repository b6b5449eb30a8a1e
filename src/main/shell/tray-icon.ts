/**
 * The tray icon's variants, drawn in code (no image files to ship or keep in sync): a dot in the health level's
 * colour inside a navy ring, like build/make-icon.mjs's app icon reduced to tray size. Plain Node (zlib) only, so it
 * is unit-testable without Electron; tray.ts turns the PNG bytes into a nativeImage.
 */
import { deflateSync } from 'node:zlib';
import type { HealthLevel } from '../../shared/domain';

export type TrayLevel = HealthLevel | 'unknown';

/** 32 px drawn, shown at scale factor 2: a crisp 16-pt icon on HiDPI trays, downscaled elsewhere. */
export const TRAY_ICON_SIZE = 32;

/** Same hues as the renderer's badges, saturated enough to read at 16 px on light and dark panels. */
export const TRAY_COLOURS: Record<TrayLevel, readonly [number, number, number]> = {
  HEALTHY: [30, 160, 80],
  DEGRADED: [230, 160, 20],
  UNHEALTHY: [210, 40, 40],
  unknown: [140, 146, 158],
};

const RING: readonly [number, number, number] = [15, 23, 42];

const cover = (distance: number) => Math.min(1, Math.max(0, 0.5 - distance));

function pixel(x: number, y: number, fill: readonly [number, number, number]): number[] {
  const c = TRAY_ICON_SIZE / 2;
  const r = Math.hypot(x - c, y - c);
  const outer = cover(r - (c - 1));
  const inner = cover(r - (c - 4));
  const rgb = RING.map((ring, i) => Math.round(ring + (fill[i]! - ring) * inner));
  return [...rgb, Math.round(255 * outer)];
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

/** An RGBA PNG of the icon for one level. */
export function trayIconPng(level: TrayLevel): Buffer {
  const size = TRAY_ICON_SIZE;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    const row = y * (size * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < size; x++) raw.set(pixel(x + 0.5, y + 0.5, TRAY_COLOURS[level]), row + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
