/**
 * `GankitInstanceNorm` and `GankitInstanceNormGrad`: instance normalisation of NHWC float32
 * activations, forward and backward, one native kernel each (native/src/instance_norm.cc). The op in
 * src/backend/instance-norm.ts runs them where a backend registers them and composes the same
 * normalisation from tfjs ops elsewhere.
 */
import * as tf from '@tensorflow/tfjs-core';
import { kernel } from './shared.js';

/** Kernel names in tfjs's registry. */
export const INSTANCE_NORM_KERNEL = 'GankitInstanceNorm';
export const INSTANCE_NORM_GRAD_KERNEL = 'GankitInstanceNormGrad';

/** The [N, H·W, C] view of an NHWC float32 tensor, or an error naming the kernel. */
function view(name: string, ...ts: tf.TensorInfo[]): [number, number, number] {
  const x = ts[0];
  if (x.shape.length !== 4 || ts.some((t) => t.dtype !== 'float32')) {
    throw new Error(`${name}: needs rank-4 float32 NHWC tensors, got ${x.dtype} [${x.shape}]`);
  }
  if (ts.some((t) => !tf.util.arraysEqual(t.shape, x.shape))) {
    throw new Error(`${name}: shapes differ (${ts.map((t) => `[${t.shape}]`).join(' vs ')})`);
  }
  const [n, h, w, c] = x.shape;
  return [n, h * w, c];
}

function epsilonOf(name: string, attrs: tf.NamedAttrMap): number {
  const eps = attrs.epsilon as number;
  if (!(eps >= 0 && Number.isFinite(eps))) throw new Error(`${name}: epsilon must be ≥ 0, got ${eps}`);
  return eps;
}

export const instanceNormKernels: tf.KernelConfig[] = [
  // Inputs x; attrs epsilon. Output (x − μ)/√(σ² + ε) per sample and channel over H and W.
  kernel(INSTANCE_NORM_KERNEL, ({ inputs, attrs, backend: b }) => {
    const { x } = inputs;
    const [n, m, c] = view(INSTANCE_NORM_KERNEL, x);
    const out = b.makeOutput(x.shape, 'float32');
    b.addon.instanceNorm(b.id(x), b.id(out), n, m, c, epsilonOf(INSTANCE_NORM_KERNEL, attrs));
    return out;
  }),
  // Inputs x (the forward input) and dy; attrs epsilon. Output dx.
  kernel(INSTANCE_NORM_GRAD_KERNEL, ({ inputs, attrs, backend: b }) => {
    const { x, dy } = inputs;
    const [n, m, c] = view(INSTANCE_NORM_GRAD_KERNEL, x, dy);
    const dx = b.makeOutput(x.shape, 'float32');
    b.addon.instanceNormGrad(
      b.id(x),
      b.id(dy),
      b.id(dx),
      n,
      m,
      c,
      epsilonOf(INSTANCE_NORM_GRAD_KERNEL, attrs),
    );
    return dx;
  }),
];
