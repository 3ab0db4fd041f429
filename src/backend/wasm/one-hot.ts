/**
 * OneHot for the wasm backend, replacing the package's kernel, which ignores the `dtype` attribute:
 * tfjs-backend-wasm 4.22 writes int32 on/off values into whatever output it was asked for, so
 * `tf.oneHot(labels, k, 1, 0, 'float32')` reads back as 1.4e-45 (the bits of int32 1) instead of 1, and
 * a conditional GAN fed those labels silently sees none. Here the values are written in the output's
 * own dtype; int32 outputs (the default) still go to the package's kernel.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  type KernelConfig,
  type KernelFunc,
  OneHot,
  type OneHotAttrs,
  type OneHotInputs,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { callWasmKernel } from './kernel-utils.js';

function oneHot(args: { inputs: OneHotInputs; backend: BackendWasm; attrs: OneHotAttrs }): TensorInfo {
  const { backend, attrs } = args;
  const indices = args.inputs.indices as TensorInfo;
  const { depth, onValue, offValue, dtype } = attrs;
  if (dtype === 'int32' || dtype === 'string' || dtype === 'complex64')
    return callWasmKernel(backend, OneHot, { indices }, { ...attrs });
  const out = backend.makeOutput([...indices.shape, depth], dtype);
  const n = util.sizeFromShape(indices.shape);
  if (n * depth > 0) {
    const ids = backend.typedArrayFromHeap(indices);
    const values = backend.typedArrayFromHeap(out) as Float32Array | Uint8Array;
    values.fill(offValue);
    // As tf.oneHot defines it (and the cpu backend does): an index outside [0, depth) gives a row of off values.
    for (let i = 0; i < n; i++) {
      const k = ids[i];
      if (k >= 0 && k < depth) values[i * depth + k] = onValue;
    }
  }
  return out;
}

/** Registers as `OneHot` for `wasm`, in place of the built-in kernel. */
export const oneHotConfig: KernelConfig = {
  kernelName: OneHot,
  backendName: 'wasm',
  kernelFunc: oneHot as unknown as KernelFunc,
};
