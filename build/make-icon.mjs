// Draws build/icon.png (512×512 RGBA) with plain Node: a rounded navy tile with a teal ring around a steady dot —
// a monitor that keeps watching. Run `node build/make-icon.mjs` to regenerate; electron-builder derives the
// platform formats (.ico, .icns) from this one PNG.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
const BG = [15, 23, 42];
const FG = [20, 184, 166];

/** Coverage of a shape in [0, 1] from a signed distance (negative inside), anti-aliased over one pixel. */
const cover = (distance) => Math.min(1, Math.max(0, 0.5 - distance));

function roundedSquare(x, y) {
  const half = SIZE / 2 - 16;
  const radius = 96;
  const qx = Math.abs(x - SIZE / 2) - (half - radius);
  const qy = Math.abs(y - SIZE / 2) - (half - radius);
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - radius;
}

function pixel(x, y) {
  const r = Math.hypot(x - SIZE / 2, y - SIZE / 2);
  const tile = cover(roundedSquare(x, y));
  const ring = cover(Math.abs(r - 150) - 22);
  const dot = cover(r - 58);
  const fg = Math.max(ring, dot);
  const rgb = BG.map((b, i) => Math.round(b + (FG[i] - b) * fg));
  return [...rgb, Math.round(255 * tile)];
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  const row = y * (SIZE * 4 + 1);
  raw[row] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) raw.set(pixel(x + 0.5, y + 0.5), row + 1 + x * 4);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(join(import.meta.dirname, 'icon.png'), png);
