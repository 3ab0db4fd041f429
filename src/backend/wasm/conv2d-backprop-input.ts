/**
 * Conv2DBackpropInput for the wasm backend: the gradient of Conv2D with respect to its input, and the
 * forward pass of Conv2DTranspose (the generator's upsampling layer). tfjs-backend-wasm 4.22 has one,
 * but as a direct loop that takes ≈1.5 s for the seed-002 generator's first layer at batch 64; this one
 * replaces it.
 *
 *   dx[b, ih, iw, ci] = Σ_{oh, ow, kh, kw : ih = oh·sh + kh − top, iw = ow·sw + kw − left}
 *                       Σ_co dy[b, oh, ow, co] · W[kh, kw, ci, co]
 *
 * computed as C = dy · Wᵀ (C[(b, oh, ow), (kh, kw, ci)], one XNNPACK matmul) followed by col2im, which
 * adds each row of C back into the input window it came from.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type Conv2DBackpropInputInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import {
  NCHW_TO_NHWC,
  NHWC_TO_NCHW,
  conv2DGeometry,
  heapF32,
  matMul,
  transpose,
  withShape,
} from './kernel-utils.js';

/**
 * Adds the columns matrix `c` ([batch·outH·outW, kh·kw·inC]) into `dx` (NHWC, flat, zeroed).
 * For one output pixel and filter row, the in-image filter columns touch one contiguous run of `dx`.
 */
function col2im(c: Float32Array, dx: Float32Array, g: ReturnType<typeof conv2DGeometry>): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth } = g;
  const { strideHeight, strideWidth } = g;
  const top = g.padInfo.top;
  const left = g.padInfo.left;
  const rowLen = filterWidth * inChannels;
  const k = filterHeight * rowLen;
  let src = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++, src += k) {
        const iw0 = ow * strideWidth - left;
        const kw0 = Math.max(0, -iw0);
        const kw1 = Math.min(filterWidth, inWidth - iw0);
        if (kw1 <= kw0) continue;
        const len = (kw1 - kw0) * inChannels;
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = oh * strideHeight - top + kh;
          if (ih < 0 || ih >= inHeight) continue;
          const at = ((b * inHeight + ih) * inWidth + iw0 + kw0) * inChannels;
          const from = src + kh * rowLen + kw0 * inChannels;
          for (let i = 0; i < len; i++) dx[at + i] += c[from + i];
        }
      }
    }
  }
}

function conv2DBackpropInput(args: {
  inputs: Conv2DBackpropInputInputs;
  backend: BackendWasm;
  attrs: Conv2DBackpropInputAttrs;
}): TensorInfo {
  const { backend, attrs } = args;
  const filter = args.inputs.filter as TensorInfo;
  const nchw = attrs.dataFormat === 'NCHW';
  const toDispose: TensorInfo[] = [];
  let dy = args.inputs.dy as TensorInfo;
  if (nchw) {
    dy = transpose(backend, dy, NCHW_TO_NHWC);
    toDispose.push(dy);
  }
  const inShape = nchw ? NCHW_TO_NHWC.map((d) => attrs.inputShape[d]) : attrs.inputShape;
  const g = conv2DGeometry(inShape, filter.shape, dy.shape, attrs);
  const rows = g.batchSize * g.outHeight * g.outWidth;
  const cols = g.filterHeight * g.filterWidth * g.inChannels;

  const wT = transpose(backend, withShape(filter, [cols, g.outChannels]), [1, 0]);
  const c = matMul(backend, withShape(dy, [rows, g.outChannels]), wT);
  const dx = backend.makeOutput(inShape, 'float32');
  toDispose.push(wT, c);
  const dxView = heapF32(backend, dx);
  dxView.fill(0);
  col2im(heapF32(backend, c), dxView, g);
  let out = dx;
  if (nchw) {
    out = transpose(backend, dx, NHWC_TO_NCHW);
    toDispose.push(dx);
  }
  for (const t of toDispose) backend.disposeData(t.dataId);
  return out;
}

/** Registers as `Conv2DBackpropInput` for `wasm`, in place of the built-in kernel. */
export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput as unknown as KernelFunc,
};
