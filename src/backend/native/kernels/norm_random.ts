/** FusedBatchNorm (what tfjs's batchNorm op calls) and gankit's Philox uniform kernel. */
import * as tf from '@tensorflow/tfjs-core';
import { DROPOUT_MASK, PHILOX_UNIFORM } from '../../../nn/random.js';
import { kernel } from './shared.js';

export const normRandomKernels: tf.KernelConfig[] = [
  kernel(tf.FusedBatchNorm, ({ inputs, attrs, backend: b }) => {
    const { x, mean, variance, offset, scale } = inputs;
    const len = (t: tf.TensorInfo | undefined) => (t ? tf.util.sizeFromShape(t.shape) : 1);
    const params = [x, mean, variance, offset, scale].filter((t) => t !== undefined);
    if (params.some((t) => t.dtype !== 'float32')) {
      return b.fallback.run(tf.FusedBatchNorm, inputs, attrs, 'non-float32 input');
    }
    const out = b.makeOutput(x.shape, 'float32');
    // Parameters are indexed cyclically (i % length), exactly like tfjs's cpu kernel.
    b.addon.batchNorm(
      b.id(x),
      b.id(mean),
      b.id(variance),
      offset ? b.id(offset) : 0,
      scale ? b.id(scale) : 0,
      b.id(out),
      tf.util.sizeFromShape(x.shape),
      len(mean),
      len(variance),
      len(offset),
      len(scale),
      (attrs.varianceEpsilon as number | undefined) ?? 0.001,
    );
    return out;
  }),
  ...[PHILOX_UNIFORM, DROPOUT_MASK].map((name) =>
    kernel(name, ({ attrs, backend: b }) => {
      const shape = attrs.shape as number[];
      const out = b.makeOutput(shape, 'float32');
      const n = tf.util.sizeFromShape(shape);
      const rate = name === DROPOUT_MASK ? (attrs.rate as number) : -1;
      if (n > 0) {
        const { seed, stream, counter } = attrs as { seed: number; stream: number; counter: number };
        b.addon.philoxUniform(b.id(out), n, seed, stream, counter, rate);
      }
      return out;
    }),
  ),
];
