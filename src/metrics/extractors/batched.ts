/**
 * Runs a model over images in fixed-size batches and gathers one flattened row per image: what every
 * model-backed {@link FeatureExtractor} does, whatever the model format.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { FeatureMatrix } from '../types.js';

/**
 * Images per forward pass when the caller does not say: 256, fewer for large images so that a batch's
 * activations stay within a few hundred MB (Inception-v3 at 299×299×3: 15 images, whose largest
 * activation, 147×147×64 each, is then ≈ 80 MB).
 */
export function defaultBatchSize([h, w, c]: readonly [number, number, number]): number {
  return Math.max(1, Math.min(256, Math.floor(2 ** 22 / (h * w * c))));
}

/**
 * Rows [n, d] of `forward` applied to `images` [n, h, w, c] in batches of `batchSize` (bounds memory,
 * not results). `forward` runs inside a tidy, so its intermediates never outlive a batch.
 */
export async function batchedRows(
  images: tf.Tensor4D,
  batchSize: number,
  forward: (batch: tf.Tensor4D) => tf.Tensor,
): Promise<FeatureMatrix> {
  const n = images.shape[0];
  const rows: Float32Array[] = [];
  let cols = 0;
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const out = tf.tidy(() =>
      tf.reshape(forward(tf.slice(images, [start, 0, 0, 0], [size, -1, -1, -1])), [size, -1]),
    );
    cols = out.shape[1]!;
    rows.push((await out.data()) as Float32Array);
    out.dispose();
  }
  const data = new Float32Array(n * cols);
  let offset = 0;
  for (const r of rows) {
    data.set(r, offset);
    offset += r.length;
  }
  return { rows: n, cols, data };
}
