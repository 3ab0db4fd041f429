/**
 * DepthwiseConv2dNativeBackpropInput for the wasm backend, which tfjs-backend-wasm 4.22 does not
 * register although every DepthwiseConv2D gradient calls it. With channel multiplier M:
 *
 *   dx[b, ih, iw, c] = Σ_{oh, ow, kh, kw : ih = oh·sh + kh·dh − top, iw = ow·sw + kw·dw − left}
 *                      Σ_m dy[b, oh, ow, c·M + m] · W[kh, kw, c, m]
 *
 * A direct loop over the heap: a depthwise layer does little work per output (no sum over input
 * channels), so this is adequate where GANs use one; it is not tuned like the dense convolutions.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  DepthwiseConv2dNativeBackpropInput,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  type DepthwiseConv2dNativeBackpropInputInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { depthwiseGeometry, forEachDepthwiseTap, heapF32 } from './kernel-utils.js';

function depthwiseBackpropInput(args: {
  inputs: DepthwiseConv2dNativeBackpropInputInputs;
  backend: BackendWasm;
  attrs: DepthwiseConv2dNativeBackpropInputAttrs;
}): TensorInfo {
  const { backend, attrs } = args;
  const dyInfo = args.inputs.dy as TensorInfo;
  const filter = args.inputs.filter as TensorInfo;
  const g = depthwiseGeometry(attrs.inputShape, filter.shape, attrs);
  const [, oh, ow] = dyInfo.shape;
  const c = g.inChannels;
  const m = filter.shape[3];
  const out = backend.makeOutput(attrs.inputShape, 'float32');
  const dx = heapF32(backend, out);
  const dy = heapF32(backend, dyInfo);
  const w = heapF32(backend, filter);
  dx.fill(0);
  forEachDepthwiseTap(g, oh, ow, m, (dyAt, dxAt, wAt) => {
    for (let ci = 0; ci < c; ci++) {
      let sum = 0;
      for (let k = 0; k < m; k++) sum += dy[dyAt + ci * m + k] * w[wAt + ci * m + k];
      dx[dxAt + ci] += sum;
    }
  });
  return out;
}

/** Registers as `DepthwiseConv2dNativeBackpropInput` for `wasm`. */
export const depthwiseConv2dNativeBackpropInputConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropInput as unknown as KernelFunc,
};
