/**
 * Small Keras-style Sequential networks and batch helpers shared by the listing examples (seeds 000,
 * 001, 002, 004), which build their models with tfjs-layers exactly as the slides build them with Keras.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { Rng } from '../../src/index.js';

/** A Dense layer with a seeded Glorot initialiser (the Keras default, made reproducible). */
export function dense(
  units: number,
  seed: number,
  args: Omit<Parameters<typeof tfl.layers.dense>[0], 'units'> = {},
) {
  return tfl.layers.dense({
    units,
    kernelInitializer: tfl.initializers.glorotUniform({ seed }),
    ...args,
  });
}

/** Keras' `binary_crossentropy` on probabilities (clipped like Keras), averaged over the batch. */
export function bce(probabilities: tf.Tensor, target: number): tf.Scalar {
  return tf.tidy(() =>
    tf.mean(tfl.metrics.binaryCrossentropy(tf.fill(probabilities.shape, target), probabilities)),
  );
}

/** `tf.random.normal(shape=[n, dim])` from a seeded stream. */
export class Noise {
  private readonly rng: Rng;
  constructor(
    readonly dim: number,
    seed: number,
  ) {
    this.rng = new Rng(seed, 900);
  }
  next(n: number): tf.Tensor2D {
    return tf.tensor2d(this.rng.normal(n * this.dim), [n, this.dim]);
  }
}

/** A constant label column `[[v]] * n`, as the Keras listings build `y1`, `y2`. */
export function labels(n: number, value: number): tf.Tensor2D {
  return tf.fill([n, 1], value) as tf.Tensor2D;
}

/** Mean of a list of tensors' scalar values (loss values of `trainOnBatch`). */
export function scalarOf(v: number | number[]): number {
  return Array.isArray(v) ? v[0] : v;
}
