/**
 * Memorisation check: is a generator copying its training set? Each generated sample's nearest training
 * image (Euclidean, in pixel space and in the classifier's feature space) is compared with how close
 * held-out test images come to the training set: a model that generalises produces samples about as
 * far from the training images as new real images are, a model that memorises produces samples much
 * closer. The figure is the fraction of samples nearer to a training image than the median test image
 * is — about one half or less for a generalising model (blurrier samples sit further away), towards 1
 * for a copier.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Nearest rows of `refs` ([r, dim]) for every row of `queries` ([q, dim]). */
export function nearestNeighbours(
  queries: Float32Array,
  refs: Float32Array,
  dim: number,
): { index: Int32Array; distance: Float64Array } {
  const q = queries.length / dim;
  const r = refs.length / dim;
  const index = new Int32Array(q);
  const distance = new Float64Array(q).fill(Number.POSITIVE_INFINITY);
  const refChunk = Math.max(1, Math.floor(2 ** 24 / Math.max(1, q)));
  for (let start = 0; start < r; start += refChunk) {
    const m = Math.min(refChunk, r - start);
    const [best, where] = tf.tidy(() => {
      const a = tf.tensor2d(queries, [q, dim]);
      const b = tf.tensor2d(refs.subarray(start * dim, (start + m) * dim), [m, dim]);
      // ‖a − b‖² = ‖a‖² + ‖b‖² − 2 a·b, for all pairs at once.
      const d2 = tf.add(
        tf.sub(tf.sum(tf.square(a), 1, true), tf.mul(2, tf.matMul(a, b, false, true))),
        tf.reshape(tf.sum(tf.square(b), 1), [1, m]),
      );
      return [tf.min(d2, 1).dataSync(), tf.argMin(d2, 1).dataSync()];
    });
    for (let i = 0; i < q; i++) {
      const d = Math.sqrt(Math.max(0, best[i]));
      if (d < distance[i]) {
        distance[i] = d;
        index[i] = start + where[i];
      }
    }
  }
  return { index, distance };
}

/** One space's verdict. */
export interface MemorisationFigure {
  /** Median distance from a test image to its nearest training image. */
  testMedian: number;
  /** Median distance from a sample to its nearest training image. */
  sampleMedian: number;
  /** Fraction of samples nearer to a training image than `testMedian`. */
  fraction: number;
}

/** The figure from the samples' and the test images' nearest-training-image distances. */
export function memorisationFigure(
  sampleDistances: Float64Array,
  testDistances: Float64Array,
): MemorisationFigure {
  const testMedian = median(testDistances);
  let closer = 0;
  for (const d of sampleDistances) if (d < testMedian) closer++;
  return { testMedian, sampleMedian: median(sampleDistances), fraction: closer / sampleDistances.length };
}

function median(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
