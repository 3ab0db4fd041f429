/**
 * `GankitAdam`: one Adam update of a variable as a single kernel (see src/train/adam.ts, which runs it
 * where a backend registers it and composes the same update from tfjs ops elsewhere). Twelve kernels
 * and five scalar tensors per variable become one; the C++ loop keeps the composite's float32 operations
 * and their order, so the result is bit-identical.
 */
import * as tf from '@tensorflow/tfjs-core';
import { kernel } from './shared.js';

/** The kernel's name in tfjs's registry. */
export const ADAM_KERNEL = 'GankitAdam';

/** Inputs `param`, `m`, `v`, `g` (float32, one shape); outputs the new param, m and v. */
export const adamKernel: tf.KernelConfig = kernel(ADAM_KERNEL, ({ inputs, attrs, backend: b }) => {
  const { param, m, v, g } = inputs;
  const outs = [param, m, v].map((t) => b.makeOutput(t.shape, 'float32'));
  const a = attrs as { beta1: number; beta2: number; sqrtBc2: number; epsilon: number; stepSize: number };
  b.addon.adam(
    b.id(param),
    b.id(m),
    b.id(v),
    b.id(g),
    b.id(outs[0]),
    b.id(outs[1]),
    b.id(outs[2]),
    tf.util.sizeFromShape(param.shape),
    a.beta1,
    a.beta2,
    a.sqrtBc2,
    a.epsilon,
    a.stepSize,
  );
  return outs;
});
