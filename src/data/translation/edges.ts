/**
 * Edge maps of grayscale images, the input domain of edges→image translation (pix2pix's edges2shoes,
 * here on digits). The edge of a shape is its inner boundary: the ink pixels (≥ 128) with at least one
 * of their eight neighbours outside the ink (a 3×3 morphological gradient of the thresholded image,
 * inner half). Outlines are one pixel thin, exact and deterministic, and always lie on the shape.
 */
import type { ImageDataset } from '../dataset.js';
import { fitDataset } from '../resize.js';

/** Pixels at or above this value count as ink. */
export const INK_THRESHOLD = 128;

/** One grayscale image's edge map: 255 on the inner boundary of the ink, 0 elsewhere. */
export function edgeMap(src: Uint8Array, h: number, w: number): Uint8Array {
  const out = new Uint8Array(h * w);
  const ink = (y: number, x: number) => y >= 0 && y < h && x >= 0 && x < w && src[y * w + x] >= INK_THRESHOLD;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!ink(y, x)) continue;
      let interior = true;
      for (let dy = -1; dy <= 1 && interior; dy++) {
        for (let dx = -1; dx <= 1 && interior; dx++) interior = ink(y + dy, x + dx);
      }
      if (!interior) out[y * w + x] = 255;
    }
  }
  return out;
}

/** The edge maps of every image of `ds` (converted to grayscale first), one channel, labels kept. */
export function edgeMaps(ds: ImageDataset): ImageDataset {
  const [h, w] = ds.shape;
  const gray = fitDataset(ds, [h, w, 1]);
  const size = h * w;
  const pixels = new Uint8Array(ds.n * size);
  for (let i = 0; i < ds.n; i++) {
    pixels.set(edgeMap(gray.pixels.subarray(i * size, (i + 1) * size), h, w), i * size);
  }
  return { ...ds, name: `edges of ${ds.name}`, shape: [h, w, 1], pixels };
}
