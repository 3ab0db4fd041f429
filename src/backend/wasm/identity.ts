/**
 * Identity for the wasm backend, replacing the package's kernel, which copies the tensor. The engine
 * calls Identity for every tensor it saves for the backward pass (`clone`), ≈170 times per DCGAN step,
 * mostly on whole activation batches. Tensor data is immutable in tfjs, so the clone can share the
 * buffer with a reference count, as the cpu backend and the wasm Reshape kernel already do.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  Identity,
  type IdentityInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { callWasmKernel } from './kernel-utils.js';

function identity(args: { inputs: IdentityInputs; backend: BackendWasm }): TensorInfo {
  const { backend } = args;
  const x = args.inputs.x as TensorInfo;
  // String tensors are stored off the heap as byte arrays; the package's kernel handles them.
  if (x.dtype === 'string') return callWasmKernel(backend, Identity, { x });
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** Registers as `Identity` for `wasm`, in place of the built-in kernel. */
export const identityConfig: KernelConfig = {
  kernelName: Identity,
  backendName: 'wasm',
  kernelFunc: identity as unknown as KernelFunc,
};
