/**
 * Sample grids as real PNG files: images are tiled in a near-square grid with a 2-pixel border.
 */
import { PNG } from 'pngjs';
import type { PixelRange } from '../data/dataset.js';
import type { ImageShape } from '../models/types.js';

/** Encodes an RGBA (or gray, expanded) uint8 image as PNG bytes. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const png = new PNG({ width, height });
  png.data.set(rgba);
  return PNG.sync.write(png);
}

/**
 * Tiles `n` images (floats in `range`, NHWC) into one PNG.
 * @param columns images per row; default ⌈√n⌉.
 */
export function imageGridPng(
  images: Float32Array,
  n: number,
  shape: ImageShape,
  range: PixelRange,
  columns = Math.ceil(Math.sqrt(n)),
): Buffer {
  const [h, w, c] = shape;
  const pad = 2;
  const rows = Math.ceil(n / columns);
  const W = columns * (w + pad) + pad;
  const H = rows * (h + pad) + pad;
  const rgba = new Uint8Array(W * H * 4).fill(255);
  for (let i = 0; i < n; i++) {
    const ox = pad + (i % columns) * (w + pad);
    const oy = pad + Math.floor(i / columns) * (h + pad);
    paint(rgba, W, ox, oy, images.subarray(i * h * w * c, (i + 1) * h * w * c), shape, range);
  }
  return encodePng(W, H, rgba);
}

/** One image (floats in `range`, HWC) as a PNG of its own size. */
export function imagePng(image: Float32Array, shape: ImageShape, range: PixelRange): Buffer {
  const [h, w] = shape;
  const rgba = new Uint8Array(w * h * 4).fill(255);
  paint(rgba, w, 0, 0, image, shape, range);
  return encodePng(w, h, rgba);
}

/** Writes one HWC float image into an RGBA canvas `W` pixels wide at (ox, oy), clamped to bytes. */
function paint(
  rgba: Uint8Array,
  W: number,
  ox: number,
  oy: number,
  image: Float32Array,
  [h, w, c]: ImageShape,
  range: PixelRange,
): void {
  const toByte = range === '0,1' ? (v: number) => v * 255 : (v: number) => (v + 1) * 127.5;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const src = (y * w + x) * c;
      const dst = ((oy + y) * W + ox + x) * 4;
      for (let ch = 0; ch < 3; ch++) {
        const v = toByte(image[src + (c === 1 ? 0 : ch)]);
        rgba[dst + ch] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
      }
    }
  }
}
