/**
 * UnsortedSegmentSum for the wasm backend, which tfjs-backend-wasm 4.22 does not register although the
 * gradient of Gather calls it: every Embedding layer (the label embedding of conditional GANs) needs it
 * in training.
 *
 *   out[s, …] = Σ_{i : segmentIds[i] = s} x[i, …]     (ids outside [0, numSegments) are dropped, as in TF)
 *
 * `segmentIds` (1-D) indexes the first dimension of `x`; each id adds one contiguous row of `x`.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  util,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  UnsortedSegmentSum,
  type UnsortedSegmentSumAttrs,
  type UnsortedSegmentSumInputs,
} from '@tensorflow/tfjs-core';

function unsortedSegmentSum(args: {
  inputs: UnsortedSegmentSumInputs;
  backend: BackendWasm;
  attrs: UnsortedSegmentSumAttrs;
}): TensorInfo {
  const { backend } = args;
  const { numSegments } = args.attrs;
  const x = args.inputs.x as TensorInfo;
  const ids = args.inputs.segmentIds as TensorInfo;
  const rowShape = x.shape.slice(ids.shape.length);
  const row = util.sizeFromShape(rowShape);
  const out = backend.makeOutput([numSegments, ...rowShape], x.dtype);
  const xs = backend.typedArrayFromHeap(x) as Float32Array | Int32Array;
  const segment = backend.typedArrayFromHeap(ids) as Int32Array;
  const sums = backend.typedArrayFromHeap(out) as Float32Array | Int32Array;
  sums.fill(0);
  for (let i = 0; i < segment.length; i++) {
    const s = segment[i];
    if (s < 0 || s >= numSegments) continue;
    const src = i * row;
    const dst = s * row;
    for (let j = 0; j < row; j++) sums[dst + j] += xs[src + j];
  }
  return out;
}

/** Registers as `UnsortedSegmentSum` for `wasm`. */
export const unsortedSegmentSumConfig: KernelConfig = {
  kernelName: UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSum as unknown as KernelFunc,
};
