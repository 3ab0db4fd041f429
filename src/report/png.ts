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

/** An RGBA canvas. */
export interface Canvas {
  width: number;
  height: number;
  rgba: Uint8Array;
}

/** The gap between grid cells, in pixels. */
const PAD = 2;

/** Where cell `i` of a grid of `columns` starts: its top-left pixel. */
export function gridCell(i: number, columns: number, [h, w]: ImageShape): [number, number] {
  return [PAD + (i % columns) * (w + PAD), PAD + Math.floor(i / columns) * (h + PAD)];
}

/**
 * Tiles `n` images (floats in `range`, NHWC) on a white canvas, `columns` per row (default ⌈√n⌉) with
 * a 2-pixel border.
 */
export function imageGrid(
  images: Float32Array,
  n: number,
  shape: ImageShape,
  range: PixelRange,
  columns = Math.ceil(Math.sqrt(n)),
): Canvas {
  const [h, w, c] = shape;
  const rows = Math.ceil(n / columns);
  const width = columns * (w + PAD) + PAD;
  const height = rows * (h + PAD) + PAD;
  const rgba = new Uint8Array(width * height * 4).fill(255);
  for (let i = 0; i < n; i++) {
    const [ox, oy] = gridCell(i, columns, shape);
    paint(rgba, width, ox, oy, images.subarray(i * h * w * c, (i + 1) * h * w * c), shape, range);
  }
  return { width, height, rgba };
}

/** {@link imageGrid} as PNG bytes. */
export function imageGridPng(
  images: Float32Array,
  n: number,
  shape: ImageShape,
  range: PixelRange,
  columns = Math.ceil(Math.sqrt(n)),
): Buffer {
  const { width, height, rgba } = imageGrid(images, n, shape, range, columns);
  return encodePng(width, height, rgba);
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
