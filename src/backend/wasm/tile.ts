/**
 * Tile for the wasm backend, replacing the package's kernel, which computes a multi-index per output
 * element: ≈0.2 s to tile a [1, 1, 1, 64] vector to a [64, 14, 14, 64] batch, which every
 * BatchNormalization gradient does (tfjs-core tiles the per-channel statistics to the input's shape).
 * Here each input row is copied once and every repetition is a block copy of what is already written.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  util,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  Tile,
  type TileAttrs,
  type TileInputs,
} from '@tensorflow/tfjs-core';
import { callWasmKernel } from './kernel-utils.js';

type Flat = Float32Array | Int32Array | Uint8Array;

/**
 * Writes dimension `d` of `x` tiled into `out` at `dst` (reading from `src`): first the tile of each
 * sub-block, then `reps[d] − 1` copies of the whole finished block.
 */
function tileInto(
  x: Flat,
  out: Flat,
  shape: number[],
  reps: number[],
  xStrides: number[],
  outStrides: number[],
  d: number,
  src: number,
  dst: number,
): void {
  const last = d === shape.length - 1;
  if (last) {
    out.set(x.subarray(src, src + shape[d]), dst);
  } else {
    for (let i = 0; i < shape[d]; i++) {
      tileInto(
        x,
        out,
        shape,
        reps,
        xStrides,
        outStrides,
        d + 1,
        src + i * xStrides[d],
        dst + i * outStrides[d],
      );
    }
  }
  const block = shape[d] * outStrides[d];
  for (let r = 1; r < reps[d]; r++) out.copyWithin(dst + r * block, dst, dst + block);
}

function tile(args: { inputs: TileInputs; backend: BackendWasm; attrs: TileAttrs }): TensorInfo {
  const { backend, attrs } = args;
  const x = args.inputs.x as TensorInfo;
  // Strings live off the heap; scalars have nothing to tile.
  if (x.dtype === 'string' || x.dtype === 'complex64' || x.shape.length === 0) {
    return callWasmKernel(backend, Tile, { x }, { reps: attrs.reps });
  }
  const outShape = x.shape.map((n, i) => n * attrs.reps[i]);
  const out = backend.makeOutput(outShape, x.dtype);
  if (util.sizeFromShape(outShape) > 0) {
    const xs = backend.typedArrayFromHeap(x) as Flat;
    const os = backend.typedArrayFromHeap(out) as Flat;
    const xStrides = [...util.computeStrides(x.shape), 1];
    const outStrides = [...util.computeStrides(outShape), 1];
    tileInto(xs, os, x.shape, attrs.reps, xStrides, outStrides, 0, 0, 0);
  }
  return out;
}

/** Registers as `Tile` for `wasm`, in place of the built-in kernel. */
export const tileConfig: KernelConfig = {
  kernelName: Tile,
  backendName: 'wasm',
  kernelFunc: tile as unknown as KernelFunc,
};
