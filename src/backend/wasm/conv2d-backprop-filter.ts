/**
 * Conv2DBackpropFilter for the wasm backend, which tfjs-backend-wasm 4.22 does not register although
 * every Conv2D and Conv2DTranspose gradient calls it.
 *
 *   dW[kh, kw, ci, co] = Σ_{b, oh, ow} x[b, oh·sh + kh − top, ow·sw + kw − left, ci] · dy[b, oh, ow, co]
 *
 * is itself a convolution once the roles are swapped: with x as [ci, H, W, b] (input channels as the
 * batch, the batch as channels) and dy as a filter [oh, ow, b, co] dilated by the strides, a stride-1
 * convolution padded by (top, left) gives dW as [ci, kh, kw, co]. That runs in the backend's XNNPACK
 * convolution, with three transposes (memory passes) around it, instead of materialising an im2col
 * matrix in JavaScript (which cost as much again as the product itself).
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropFilterInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { NCHW_TO_NHWC, callWasmKernel, convGradOperands, transpose, withShape } from './kernel-utils.js';

function conv2DBackpropFilter(args: {
  inputs: Conv2DBackpropFilterInputs;
  backend: BackendWasm;
  attrs: Conv2DBackpropFilterAttrs;
}): TensorInfo {
  const { backend, attrs } = args;
  const nchw = attrs.dataFormat === 'NCHW';
  const x = args.inputs.x as TensorInfo;
  const nhwc = (s: number[]) => (nchw ? NCHW_TO_NHWC.map((d) => s[d]) : s);
  const toDispose: TensorInfo[] = [];
  const { g, dy } = convGradOperands(
    backend,
    Conv2DBackpropFilter,
    nhwc(x.shape),
    attrs.filterShape,
    args.inputs.dy as TensorInfo,
    nchw,
    attrs,
    toDispose,
  );
  const { top, left } = g.padInfo;
  // Padding after the image that makes the output exactly kh × kw; negative when the forward
  // convolution never reached the last rows or columns, which are then cropped instead.
  const bottom = g.filterHeight + (g.outHeight - 1) * g.strideHeight - g.inHeight - top;
  const right = g.filterWidth + (g.outWidth - 1) * g.strideWidth - g.inWidth - left;

  let xT = transpose(backend, x, nchw ? [1, 2, 3, 0] : [3, 1, 2, 0]);
  toDispose.push(xT);
  if (bottom < 0 || right < 0) {
    const size = [
      g.inChannels,
      g.inHeight + Math.min(bottom, 0),
      g.inWidth + Math.min(right, 0),
      g.batchSize,
    ];
    xT = callWasmKernel(backend, 'Slice', { x: xT }, { begin: [0, 0, 0, 0], size });
    toDispose.push(xT);
  }
  const dyT = transpose(backend, dy, nchw ? [2, 3, 0, 1] : [1, 2, 0, 3]);
  toDispose.push(dyT);
  const pad = [
    [0, 0],
    [top, Math.max(bottom, 0)],
    [left, Math.max(right, 0)],
    [0, 0],
  ];
  const dWT = callWasmKernel(
    backend,
    'Conv2D',
    { x: xT, filter: dyT },
    { strides: 1, pad, dataFormat: 'NHWC', dilations: [g.strideHeight, g.strideWidth] },
  );
  toDispose.push(dWT);
  const dW = transpose(backend, dWT, [1, 2, 0, 3]);
  for (const t of toDispose) backend.disposeData(t.dataId);
  return withShape(dW, attrs.filterShape);
}

/** Registers as `Conv2DBackpropFilter` for `wasm`. */
export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as KernelFunc,
};
