/**
 * Seeded random tensors from a Philox {@link Rng}. On the native backend the numbers are produced by the
 * native `GankitPhilox` kernel (no JS loop over the buffer); on other backends by the JS generator.
 * Both produce the same stream: block `counter` of key (seed, stream), 24-bit uniforms.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../util/rng.js';

/** Name of the native kernel that fills a tensor with the Philox uniform stream. */
export const PHILOX_UNIFORM = 'GankitPhiloxUniform';

/** Uniform [0, 1) floats of `shape`, advancing `rng` exactly as {@link Rng.uniform} would. */
export function philoxUniform(shape: number[], rng: Rng): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  if (tf.getKernel(PHILOX_UNIFORM, tf.getBackend()) !== undefined) {
    const s = rng.state();
    rng.skip(Math.ceil(n / 4));
    return tf.engine().runKernel(PHILOX_UNIFORM, {}, {
      shape,
      seed: s.seed,
      stream: s.stream,
      counter: s.counter,
    } as unknown as tf.NamedAttrMap) as tf.Tensor;
  }
  return tf.tensor(rng.uniform(n), shape, 'float32');
}
