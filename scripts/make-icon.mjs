// Draws media/icon.png (128x128): a magnifying lens over a small stack of layers, the PTM Lens mark.
// Run: node scripts/make-icon.mjs. Pure Node (zlib), so the icon is reproducible anywhere.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const N = 128;
const px = new Uint8Array(N * N * 4);
const set = (x, y, [r, g, b, a]) => {
  const i = (y * N + x) * 4;
  const alpha = a / 255;
  px[i] = Math.round(r * alpha + px[i] * (1 - alpha));
  px[i + 1] = Math.round(g * alpha + px[i + 1] * (1 - alpha));
  px[i + 2] = Math.round(b * alpha + px[i + 2] * (1 - alpha));
  px[i + 3] = Math.max(px[i + 3], a);
};
const bg = [23, 37, 84, 255];
const layer = [[255, 204, 77], [255, 160, 64], [242, 112, 89]];
const ring = [236, 242, 255, 255];
for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) {
  // rounded square background
  const dx = Math.max(0, Math.abs(x - 63.5) - 50), dy = Math.max(0, Math.abs(y - 63.5) - 50);
  if (Math.hypot(dx, dy) <= 13) set(x, y, bg);
}
const cx = 56, cy = 54, R = 32;
for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) {
  const d = Math.hypot(x - cx, y - cy);
  if (d < R - 5) {
    // three stacked "model layers" seen through the lens
    const band = Math.floor((y - (cy - 18)) / 12);
    if (band >= 0 && band < 3 && Math.abs(x - cx) < 20 - band * 2 && (y - (cy - 18)) % 12 < 9) set(x, y, [...layer[band], 255]);
  }
  if (d >= R - 5 && d <= R + 1) set(x, y, ring);
  // handle
  const t = ((x - cx) + (y - cy)) / 2;
  const off = Math.abs((x - cx) - (y - cy)) / Math.SQRT2;
  if (t > R * 0.72 && t < R * 0.72 + 34 && off < 6) set(x, y, ring);
}
const raw = Buffer.alloc((N * 4 + 1) * N);
for (let y = 0; y < N; y++) {
  raw[y * (N * 4 + 1)] = 0;
  Buffer.from(px.buffer, y * N * 4, N * 4).copy(raw, y * (N * 4 + 1) + 1);
}
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw)),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../media/icon.png', import.meta.url), png);
console.log(`media/icon.png: ${png.length} bytes`);
