/**
 * `GankitAdam` for the wasm backend: one Adam update of a variable as a single kernel, as the native
 * backend has (src/backend/native/kernels/adam.ts). On the playground's small MLPs the composite in
 * src/train/adam.ts is twelve kernels and five scalar uploads per variable, about a quarter of a
 * training step's kernels; here it is one loop over the heap. Every operation is rounded to float32
 * (`Math.fround`) in the composite's order — for +, −, ×, ÷ and √ a double result rounded once to float32
 * is the float32 result — so the bits equal the composite's (test/backend/wasm-kernels.test.ts, and the
 * loss traces pinned on wasm).
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type KernelConfig, type KernelFunc, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { ADAM_KERNEL } from '../native/kernels/adam.js';
import { heapF32 } from './kernel-utils.js';

interface AdamAttrs {
  beta1: number;
  beta2: number;
  sqrtBc2: number;
  epsilon: number;
  stepSize: number;
}

function adam(args: {
  inputs: Record<'param' | 'm' | 'v' | 'g', TensorInfo>;
  backend: BackendWasm;
  attrs: AdamAttrs;
}): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const outs = [inputs.param, inputs.m, inputs.v].map((t) => backend.makeOutput(t.shape, 'float32'));
  const n = util.sizeFromShape(inputs.param.shape);
  // Views only after every output is allocated: an allocation may grow (and detach) the heap.
  const [p, m, v, g] = [inputs.param, inputs.m, inputs.v, inputs.g].map((t) => heapF32(backend, t));
  const [po, mo, vo] = outs.map((t) => heapF32(backend, t));
  const f = Math.fround;
  // The scalars as the composite's scalar tensors hold them.
  const [b1, c1, b2, c2] = [attrs.beta1, 1 - attrs.beta1, attrs.beta2, 1 - attrs.beta2].map(f);
  const [bc2, eps, step] = [attrs.sqrtBc2, attrs.epsilon, attrs.stepSize].map(f);
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    const mi = f(f(m[i] * b1) + f(gi * c1));
    const vi = f(f(v[i] * b2) + f(f(gi * gi) * c2));
    const denom = f(f(f(Math.sqrt(vi)) / bc2) + eps);
    mo[i] = mi;
    vo[i] = vi;
    po[i] = p[i] - f(f(mi / denom) * step);
  }
  return outs;
}

/** Registers as `GankitAdam` for `wasm` (tfjs-backend-wasm has no such kernel). */
export const adamConfig: KernelConfig = {
  kernelName: ADAM_KERNEL,
  backendName: 'wasm',
  kernelFunc: adam as unknown as KernelFunc,
};
