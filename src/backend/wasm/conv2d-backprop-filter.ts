/**
 * Conv2DBackpropFilter for the wasm backend, which tfjs-backend-wasm 4.22 does not register although
 * every Conv2D and Conv2DTranspose gradient calls it.
 *
 *   dW[kh, kw, ci, co] = Σ_{b, oh, ow} x[b, oh·sh + kh − top, ow·sw + kw − left, ci] · dy[b, oh, ow, co]
 *
 * computed as one matrix product: with the im2col patch matrix P[(b, oh, ow), (kh, kw, ci)] (zeros where
 * the window hangs over the padding), dWᵀ = dyᵀ · P. The product runs in the backend's XNNPACK
 * matmul, which is only fast untransposed; the two small transposes (dy and the result) are cheaper
 * than its transposed fallback loop.
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
import { NCHW_TO_NHWC, conv2DGeometry, heapF32, matMul, transpose, withShape } from './kernel-utils.js';

/**
 * Writes the patch matrix of `x` (NHWC, flat) into `p` ([outH·outW·batch rows, kh·kw·inC columns]).
 * For one output pixel and filter row, the filter columns that fall inside the image read one
 * contiguous run of `x`, so each (pixel, filter row) costs one copy.
 */
function im2col(x: Float32Array, p: Float32Array, g: ReturnType<typeof conv2DGeometry>): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth } = g;
  const { strideHeight, strideWidth } = g;
  const top = g.padInfo.top;
  const left = g.padInfo.left;
  const rowLen = filterWidth * inChannels;
  const k = filterHeight * rowLen;
  let dst = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++, dst += k) {
        const iw0 = ow * strideWidth - left;
        // Filter columns [kw0, kw1) land inside the image.
        const kw0 = Math.max(0, -iw0);
        const kw1 = Math.min(filterWidth, inWidth - iw0);
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = oh * strideHeight - top + kh;
          const rowDst = dst + kh * rowLen;
          if (ih < 0 || ih >= inHeight || kw1 <= kw0) {
            p.fill(0, rowDst, rowDst + rowLen);
            continue;
          }
          if (kw0 > 0) p.fill(0, rowDst, rowDst + kw0 * inChannels);
          if (kw1 < filterWidth) p.fill(0, rowDst + kw1 * inChannels, rowDst + rowLen);
          const src = ((b * inHeight + ih) * inWidth + iw0 + kw0) * inChannels;
          const len = (kw1 - kw0) * inChannels;
          const at = rowDst + kw0 * inChannels;
          if (len >= 32) {
            p.set(x.subarray(src, src + len), at);
          } else {
            for (let i = 0; i < len; i++) p[at + i] = x[src + i];
          }
        }
      }
    }
  }
}

function conv2DBackpropFilter(args: {
  inputs: Conv2DBackpropFilterInputs;
  backend: BackendWasm;
  attrs: Conv2DBackpropFilterAttrs;
}): TensorInfo {
  const { backend, attrs } = args;
  const nchw = attrs.dataFormat === 'NCHW';
  const toDispose: TensorInfo[] = [];
  // Channels-first inputs are brought to channels-last once; the filter layout does not depend on it.
  const toNhwc = (t: TensorInfo): TensorInfo => {
    if (!nchw) return t;
    const out = transpose(backend, t, NCHW_TO_NHWC);
    toDispose.push(out);
    return out;
  };
  const x = toNhwc(args.inputs.x as TensorInfo);
  const dy = toNhwc(args.inputs.dy as TensorInfo);
  const g = conv2DGeometry(x.shape, attrs.filterShape, attrs);
  const rows = g.batchSize * g.outHeight * g.outWidth;
  const cols = g.filterHeight * g.filterWidth * g.inChannels;

  const patches = backend.makeOutput([rows, cols], 'float32');
  const dyT = transpose(backend, withShape(dy, [rows, g.outChannels]), [1, 0]);
  toDispose.push(patches, dyT);
  im2col(heapF32(backend, x), heapF32(backend, patches), g);
  const dWT = matMul(backend, dyT, patches);
  toDispose.push(dWT);
  const dW = transpose(backend, dWT, [1, 0]);
  for (const t of toDispose) backend.disposeData(t.dataId);
  return withShape(dW, attrs.filterShape);
}

/** Registers as `Conv2DBackpropFilter` for `wasm`. */
export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as KernelFunc,
};
