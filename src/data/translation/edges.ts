/**
 * Edge maps of grayscale images, the input domain of edges→image translation (pix2pix's edges2shoes,
 * here on digits). The edge of a shape is its outer boundary: the background pixels (< 128) with at
 * least one of their eight neighbours in the ink (a 3×3 morphological gradient of the thresholded
 * image, outer half). Why the outer half: MNIST strokes are two or three pixels wide at 28×28, so the
 * inner boundary is nearly the whole stroke and "translating" it would be close to copying; the outer
 * contour is a hollow outline that never touches the ink, so G has to fill the shape and erase the
 * outline. Outlines are one pixel thin, exact and deterministic.
 */
import type { ImageDataset } from '../dataset.js';
import { fitDataset } from '../resize.js';

/** Pixels at or above this value count as ink. */
export const INK_THRESHOLD = 128;

/** One grayscale image's edge map: 255 on the outer boundary of the ink, 0 elsewhere. */
export function edgeMap(src: Uint8Array, h: number, w: number): Uint8Array {
  const out = new Uint8Array(h * w);
  const ink = (y: number, x: number) => y >= 0 && y < h && x >= 0 && x < w && src[y * w + x] >= INK_THRESHOLD;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (ink(y, x)) continue;
      let touches = false;
      for (let dy = -1; dy <= 1 && !touches; dy++) {
        for (let dx = -1; dx <= 1 && !touches; dx++) touches = ink(y + dy, x + dx);
      }
      if (touches) out[y * w + x] = 255;
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
