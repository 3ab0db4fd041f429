/**
 * DepthwiseConv2dNativeBackpropFilter for the wasm backend, which tfjs-backend-wasm 4.22 does not
 * register although every DepthwiseConv2D gradient calls it. With channel multiplier M:
 *
 *   dW[kh, kw, c, m] = Σ_{b, oh, ow} x[b, oh·sh + kh·dh − top, ow·sw + kw·dw − left, c] · dy[b, oh, ow, c·M + m]
 *
 * A direct loop over the heap, as for the input gradient (see depthwise-conv2d-backprop-input.ts).
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  DepthwiseConv2dNativeBackpropFilter,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  type DepthwiseConv2dNativeBackpropFilterInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { depthwiseGeometry, forEachDepthwiseTap, heapF32 } from './kernel-utils.js';

function depthwiseBackpropFilter(args: {
  inputs: DepthwiseConv2dNativeBackpropFilterInputs;
  backend: BackendWasm;
  attrs: DepthwiseConv2dNativeBackpropFilterAttrs;
}): TensorInfo {
  const { backend, attrs } = args;
  const xInfo = args.inputs.x as TensorInfo;
  const dyInfo = args.inputs.dy as TensorInfo;
  const g = depthwiseGeometry(xInfo.shape, attrs.filterShape, attrs);
  const [, oh, ow] = dyInfo.shape;
  const c = g.inChannels;
  const m = attrs.filterShape[3];
  const out = backend.makeOutput(attrs.filterShape, 'float32');
  const dw = heapF32(backend, out);
  const x = heapF32(backend, xInfo);
  const dy = heapF32(backend, dyInfo);
  dw.fill(0);
  forEachDepthwiseTap(g, oh, ow, m, (dyAt, xAt, wAt) => {
    for (let ci = 0; ci < c; ci++) {
      const xv = x[xAt + ci];
      for (let k = 0; k < m; k++) dw[wAt + ci * m + k] += xv * dy[dyAt + ci * m + k];
    }
  });
  return out;
}

/** Registers as `DepthwiseConv2dNativeBackpropFilter` for `wasm`. */
export const depthwiseConv2dNativeBackpropFilterConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropFilter as unknown as KernelFunc,
};
