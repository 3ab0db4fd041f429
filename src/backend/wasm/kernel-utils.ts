/**
 * Helpers shared by gankit's wasm kernels: reading and writing tensors in place on the wasm heap, and
 * calling the kernels that `@tensorflow/tfjs-backend-wasm` registers itself (XNNPACK matmul, transpose)
 * without going through the engine, so no tape entries or tensor bookkeeping are created for the
 * intermediates of one kernel.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  type Conv2DBackpropFilterAttrs,
  type KernelConfig,
  type NamedAttrMap,
  type TensorInfo,
  backend_util,
  getKernel,
} from '@tensorflow/tfjs-core';
import { convGradGeometry } from '../conv-grad-geometry.js';

/**
 * The package's own kernels that gankit replaced, by name, so that replacements can still delegate
 * to them (and our kernels call the originals, not each other). Filled by `registerWasmKernels`.
 */
export const builtinWasmKernels = new Map<string, KernelConfig>();

/**
 * Runs the package's own wasm kernel `kernelName` directly. The caller owns the returned data and
 * releases it with `backend.disposeData(out.dataId)` unless it becomes the kernel's own output.
 */
export function callWasmKernel(
  backend: BackendWasm,
  kernelName: string,
  inputs: Record<string, TensorInfo>,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const kernelFunc = (builtinWasmKernels.get(kernelName) ?? getKernel(kernelName, 'wasm'))?.kernelFunc;
  if (kernelFunc == null)
    throw new Error(`gankit wasm kernels need the built-in wasm kernel '${kernelName}'`);
  return kernelFunc({ inputs, attrs, backend }) as TensorInfo;
}

/** The same data seen with another shape of equal size (no copy, no reference taken). */
export function withShape(info: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

/**
 * A float32 view of a tensor on the wasm heap. Any allocation on the heap may grow (and so detach)
 * its buffer: take views only after every output of the kernel has been allocated.
 */
export function heapF32(backend: BackendWasm, info: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** Transposes with the built-in wasm kernel; the caller owns the result. */
export function transpose(backend: BackendWasm, x: TensorInfo, perm: number[]): TensorInfo {
  return callWasmKernel(backend, 'Transpose', { x }, { perm });
}

/** `a @ b` of two row-major matrices with the built-in kernel, which uses XNNPACK only untransposed. */
export function matMul(backend: BackendWasm, a: TensorInfo, b: TensorInfo): TensorInfo {
  const [m, k] = a.shape;
  const n = b.shape[1];
  const out = callWasmKernel(
    backend,
    'BatchMatMul',
    { a: withShape(a, [1, m, k]), b: withShape(b, [1, k, n]) },
    { transposeA: false, transposeB: false },
  );
  return withShape(out, [m, n]);
}

/** NCHW → NHWC permutation of a rank-4 shape or tensor. */
export const NCHW_TO_NHWC = [0, 2, 3, 1];
/** NHWC → NCHW permutation. */
export const NHWC_TO_NCHW = [0, 3, 1, 2];

/** Convolution geometry as tfjs computes it (output size, padding, strides). */
export type ConvGeometry = backend_util.Conv2DInfo;

/** The attributes both convolution-gradient kernels share. */
export type ConvGradAttrs = Pick<Conv2DBackpropFilterAttrs, 'strides' | 'pad' | 'dimRoundingMode'>;

/**
 * Geometry of a 2-D convolution gradient with channels-last input, as tfjs computes it (padding,
 * strides), with the output size `dy` stands for (`convGradGeometry`: dy's own size after a 'ceil' or
 * 'round' convolution, whose rounding tfjs-core's Conv2D gradient drops), and `dy` as the geometry
 * reads it: cropped to that size when it is larger, the crop pushed on `toDispose`. tfjs forbids
 * dilation in convolution gradients, so it is always 1 here.
 */
export function convGradOperands(
  backend: BackendWasm,
  kernelName: string,
  inShapeNhwc: number[],
  filterShape: number[],
  dy: TensorInfo,
  nchw: boolean,
  attrs: ConvGradAttrs,
  toDispose: TensorInfo[],
): { g: ConvGeometry; dy: TensorInfo } {
  const dyNhwc = nchw ? NCHW_TO_NHWC.map((d) => dy.shape[d]) : dy.shape;
  const { info, crop } = convGradGeometry(kernelName, inShapeNhwc, filterShape, dyNhwc, attrs);
  if (!crop) return { g: info, dy };
  const sizeNhwc = [info.batchSize, info.outHeight, info.outWidth, info.outChannels];
  const size = nchw ? NHWC_TO_NCHW.map((d) => sizeNhwc[d]) : sizeNhwc;
  const cropped = callWasmKernel(backend, 'Slice', { x: dy }, { begin: [0, 0, 0, 0], size });
  toDispose.push(cropped);
  return { g: info, dy: cropped };
}

/** Geometry of a depthwise convolution (channels-last, dilations as given), as tfjs computes it. */
export function depthwiseGeometry(
  inShape: number[],
  filterShape: number[],
  attrs: ConvGradAttrs & { dilations: number | [number, number] },
): ConvGeometry {
  return backend_util.computeConv2DInfo(
    inShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
  );
}

/**
 * Visits every (output pixel, filter tap) pair of a depthwise convolution whose input pixel lies inside
 * the image, with the offsets of the dy row (`c·m` values), the input pixel (`c` values) and the filter
 * tap (`c·m` values): the loop nest both depthwise gradients share.
 */
export function forEachDepthwiseTap(
  g: ConvGeometry,
  outHeight: number,
  outWidth: number,
  multiplier: number,
  visit: (dyAt: number, xAt: number, wAt: number) => void,
): void {
  const { batchSize, inHeight, inWidth, inChannels: c, filterHeight, filterWidth } = g;
  for (let b = 0; b < batchSize; b++) {
    for (let r = 0; r < outHeight; r++) {
      for (let q = 0; q < outWidth; q++) {
        const dyAt = ((b * outHeight + r) * outWidth + q) * c * multiplier;
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = r * g.strideHeight + kh * g.dilationHeight - g.padInfo.top;
          if (ih < 0 || ih >= inHeight) continue;
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw = q * g.strideWidth + kw * g.dilationWidth - g.padInfo.left;
            if (iw < 0 || iw >= inWidth) continue;
            visit(dyAt, ((b * inHeight + ih) * inWidth + iw) * c, (kh * filterWidth + kw) * c * multiplier);
          }
        }
      }
    }
  }
}
