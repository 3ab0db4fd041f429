/**
 * Seeded random tensors from a Philox {@link Rng}. On the native backend the numbers are produced by
 * native kernels (no JS loop over the buffer); on other backends by the JS generator. Both produce the
 * same stream: block `counter` of key (seed, stream), 24-bit uniforms, so results match across backends.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../util/rng.js';

/** Native kernel filling a tensor with the Philox uniform stream (attrs shape, seed, stream, counter). */
export const PHILOX_UNIFORM = 'GankitPhiloxUniform';
/** Native kernel writing an inverted-dropout mask from the same stream (plus attr `rate`). */
export const DROPOUT_MASK = 'GankitDropoutMask';

function nativeDraw(
  kernel: string,
  shape: number[],
  rng: Rng,
  extra: tf.NamedAttrMap,
): tf.Tensor | undefined {
  if (tf.getKernel(kernel, tf.getBackend()) === undefined) return undefined;
  const n = shape.reduce((a, b) => a * b, 1);
  const s = rng.state();
  rng.skip(Math.ceil(n / 4));
  const attrs = { shape, seed: s.seed, stream: s.stream, counter: s.counter, ...extra };
  return tf.engine().runKernel(kernel, {}, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/** Uniform [0, 1) floats of `shape`, advancing `rng` exactly as {@link Rng.uniform} would. */
export function philoxUniform(shape: number[], rng: Rng): tf.Tensor {
  return (
    nativeDraw(PHILOX_UNIFORM, shape, rng, {}) ??
    tf.tensor(rng.uniform(shape.reduce((a, b) => a * b, 1)), shape)
  );
}

/**
 * Inverted-dropout mask of `shape`: 1/(1 − rate) where the uniform draw u ≥ rate, else 0 (one kernel
 * on the native backend instead of draw, compare, cast and scale).
 */
export function dropoutMask(shape: number[], rate: number, rng: Rng): tf.Tensor {
  const native = nativeDraw(DROPOUT_MASK, shape, rng, { rate });
  if (native) return native;
  const u = rng.uniform(shape.reduce((a, b) => a * b, 1));
  const keep = 1 / (1 - rate);
  return tf.tensor(
    u.map((v) => (v >= rate ? keep : 0)),
    shape,
  );
}
