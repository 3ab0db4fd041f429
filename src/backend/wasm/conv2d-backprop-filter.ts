/**
 * Conv2DBackpropFilter for the wasm backend, which tfjs-backend-wasm 4.22 does not register although
 * every Conv2D and Conv2DTranspose gradient calls it.
 *
 *   dW[kh, kw, ci, co] = Σ_{b, oh, ow} x[b, oh·sh + kh − top, ow·sw + kw − left, ci] · dy[b, oh, ow, co]
 *
 * computed as one matrix product: with the im2col patch matrix P[(b, oh, ow), (kh, kw, ci)] (zeros where
 * the window hangs over the padding), dW = Pᵀ · dy. We build Pᵀ directly because the backend's matmul
 * is XNNPACK only when neither operand is transposed (its transposed path is a plain loop, ≈10× slower).
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropFilterInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  type backend_util,
} from '@tensorflow/tfjs-core';
import { NCHW_TO_NHWC, conv2DGeometry, heapF32, matMul, transpose, withShape } from './kernel-utils.js';

/**
 * Writes the transposed patch matrix Pᵀ[(kh, kw, ci), (b, oh, ow)] from `xc`, the input in channel-major
 * layout [inC, batch, inH, inW]. Row by row, the reads walk one channel plane with the stride of the
 * convolution and the writes are sequential, so both stay in cache.
 */
function im2colT(xc: Float32Array, pT: Float32Array, g: backend_util.Conv2DInfo): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth } = g;
  const { strideHeight, strideWidth } = g;
  const top = g.padInfo.top;
  const left = g.padInfo.left;
  const n = batchSize * outHeight * outWidth;
  const plane = batchSize * inHeight * inWidth;
  let row = 0;
  for (let kh = 0; kh < filterHeight; kh++) {
    for (let kw = 0; kw < filterWidth; kw++) {
      // Output columns [ow0, ow1) read inside the image: 0 ≤ ow·sw + kw − left < inWidth.
      const shift = kw - left;
      const ow0 = Math.min(outWidth, Math.max(0, Math.ceil(-shift / strideWidth)));
      const ow1 = Math.max(ow0, Math.min(outWidth, Math.ceil((inWidth - shift) / strideWidth)));
      for (let ci = 0; ci < inChannels; ci++, row += n) {
        let dst = row;
        for (let b = 0; b < batchSize; b++) {
          for (let oh = 0; oh < outHeight; oh++, dst += outWidth) {
            const ih = oh * strideHeight - top + kh;
            if (ih < 0 || ih >= inHeight) {
              pT.fill(0, dst, dst + outWidth);
              continue;
            }
            if (ow0 > 0) pT.fill(0, dst, dst + ow0);
            if (ow1 < outWidth) pT.fill(0, dst + ow1, dst + outWidth);
            const src = ci * plane + (b * inHeight + ih) * inWidth + shift;
            for (let ow = ow0; ow < ow1; ow++) pT[dst + ow] = xc[src + ow * strideWidth];
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
  const x = args.inputs.x as TensorInfo;
  let dy = args.inputs.dy as TensorInfo;
  const toDispose: TensorInfo[] = [];
  if (nchw) {
    dy = transpose(backend, dy, NCHW_TO_NHWC);
    toDispose.push(dy);
  }
  const inShape = nchw ? NCHW_TO_NHWC.map((d) => x.shape[d]) : x.shape;
  const g = conv2DGeometry(inShape, attrs.filterShape, dy.shape, attrs);
  const n = g.batchSize * g.outHeight * g.outWidth;
  const k = g.filterHeight * g.filterWidth * g.inChannels;

  // Channel-major input, so that each row of Pᵀ reads one contiguous plane.
  const xc = transpose(backend, x, nchw ? [1, 0, 2, 3] : [3, 0, 1, 2]);
  const pT = backend.makeOutput([k, n], 'float32');
  toDispose.push(xc, pT);
  im2colT(heapF32(backend, xc), heapF32(backend, pT), g);
  // dW = Pᵀ · dy: XNNPACK packs its right operand per call, and dy is the smaller one.
  const dW = matMul(backend, pT, withShape(dy, [n, g.outChannels]));
  for (const t of toDispose) backend.disposeData(t.dataId);
  return withShape(dW, attrs.filterShape);
}

/** Registers as `Conv2DBackpropFilter` for `wasm`. */
export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as KernelFunc,
};
