/**
 * The in-memory image dataset every loader produces and every model consumes: uint8 pixels in NHWC
 * order (compact: full MNIST is 47 MB), converted to floats one batch at a time.
 */
import type { ImageShape } from '../models/types.js';

export interface ImageDataset {
  /** Human-readable origin, e.g. `fashion-mnist/train`. */
  name: string;
  /** Number of images. */
  n: number;
  shape: ImageShape;
  /** `n * h * w * c` pixels, 0–255, NHWC. */
  pixels: Uint8Array;
  /** One class index per image, when the set is labelled. */
  labels?: Uint8Array;
  /** Class names indexed by label, when labelled. */
  classNames?: readonly string[];
}

/** Pixel scaling a model asks for: `[0,1]` (sigmoid output) or `[-1,1]` (tanh output). */
export type PixelRange = '0,1' | '-1,1';

/** Writes the images at `indices` into `out` as floats in `range`. */
export function gatherScaled(
  ds: ImageDataset,
  indices: ArrayLike<number>,
  range: PixelRange,
  out: Float32Array = new Float32Array(indices.length * imageSize(ds.shape)),
): Float32Array {
  const size = imageSize(ds.shape);
  const [scale, offset] = range === '0,1' ? [1 / 255, 0] : [2 / 255, -1];
  for (let b = 0; b < indices.length; b++) {
    const src = indices[b] * size;
    const dst = b * size;
    for (let i = 0; i < size; i++) out[dst + i] = ds.pixels[src + i] * scale + offset;
  }
  return out;
}

/** Number of values in one image. */
export function imageSize(shape: ImageShape): number {
  return shape[0] * shape[1] * shape[2];
}

/** The first `n` images of a dataset (a view, no copy). */
export function takeFirst(ds: ImageDataset, n: number): ImageDataset {
  if (n >= ds.n) return ds;
  const size = imageSize(ds.shape);
  return {
    ...ds,
    name: `${ds.name}[:${n}]`,
    n,
    pixels: ds.pixels.subarray(0, n * size),
    labels: ds.labels?.subarray(0, n),
  };
}

/** The images at `indices` (in that order) as a new dataset, labels kept. */
export function takeIndices(ds: ImageDataset, indices: ArrayLike<number>, name = ds.name): ImageDataset {
  const size = imageSize(ds.shape);
  const pixels = new Uint8Array(indices.length * size);
  for (let i = 0; i < indices.length; i++) {
    pixels.set(ds.pixels.subarray(indices[i] * size, (indices[i] + 1) * size), i * size);
  }
  const labels = ds.labels ? Uint8Array.from(indices, (i) => ds.labels![i]) : undefined;
  return { ...ds, name, n: indices.length, pixels, labels };
}
