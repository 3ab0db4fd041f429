/**
 * Transposed convolution (Conv2DBackpropInput) as one matrix product and col2im, for gankit's wasm
 * kernel: C = dy · Wᵀ (C[(b, oh, ow), (kh, kw, ci)], one XNNPACK matmul), then each row of C is added
 * back into the input window it came from. Best when dx has few channels, where per-phase
 * convolutions leave XNNPACK with too little work per pixel.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { type ConvGeometry, heapF32, matMul, transpose, withShape } from './kernel-utils.js';

/**
 * Adds the columns matrix `c` ([batch·outH·outW, kh·kw·inC]) into `dx` (NHWC, flat, zeroed).
 * For one output pixel and filter row, the in-image filter columns touch one contiguous run of `dx`.
 */
function col2im(c: Float32Array, dx: Float32Array, g: ConvGeometry): void {
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

/** dx (NHWC, a new tensor the caller owns) from dy (NHWC) and the filter, via matmul and col2im. */
export function transposedConvByMatMul(
  backend: BackendWasm,
  dy: TensorInfo,
  filter: TensorInfo,
  g: ConvGeometry,
): TensorInfo {
  const rows = g.batchSize * g.outHeight * g.outWidth;
  const cols = g.filterHeight * g.filterWidth * g.inChannels;
  const wT = transpose(backend, withShape(filter, [cols, g.outChannels]), [1, 0]);
  const c = matMul(backend, withShape(dy, [rows, g.outChannels]), wT);
  const dx = backend.makeOutput([g.batchSize, g.inHeight, g.inWidth, g.inChannels], 'float32');
  const dxView = heapF32(backend, dx);
  dxView.fill(0);
  col2im(heapF32(backend, c), dxView, g);
  backend.disposeData(wT.dataId);
  backend.disposeData(c.dataId);
  return dx;
}
