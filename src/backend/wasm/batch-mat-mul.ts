/**
 * BatchMatMul for the wasm backend, replacing the package's kernel for transposed operands. The
 * package runs XNNPACK only when neither operand is transposed and falls back to a plain loop
 * otherwise, ≈10× slower; every Dense layer's gradient multiplies by a transposed operand (xᵀ·dy,
 * dy·Wᵀ). Transposing the operand explicitly (a memory pass) and multiplying untransposed is faster.
 * Batched products (batch > 1) keep the package's kernel, which never uses XNNPACK for them.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  util,
  BatchMatMul,
  type BatchMatMulAttrs,
  type BatchMatMulInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { assertMatMulOperands } from '../matmul-shapes.js';
import { callWasmKernel, matMul, transpose, withShape } from './kernel-utils.js';

/** The operand as a row-major matrix of its last two dimensions, transposed when asked. */
function asMatrix(
  backend: BackendWasm,
  t: TensorInfo,
  transposed: boolean,
  toDispose: TensorInfo[],
): TensorInfo {
  const rank = t.shape.length;
  const m = withShape(t, [t.shape[rank - 2], t.shape[rank - 1]]);
  if (!transposed) return m;
  const out = transpose(backend, m, [1, 0]);
  toDispose.push(out);
  return out;
}

function batchMatMul(args: {
  inputs: BatchMatMulInputs;
  backend: BackendWasm;
  attrs: BatchMatMulAttrs;
}): TensorInfo {
  const { backend, attrs } = args;
  const a = args.inputs.a as TensorInfo;
  const b = args.inputs.b as TensorInfo;
  // The package's kernel checks this; both paths here must too (the fast one would read past b).
  assertMatMulOperands(a.shape, b.shape, attrs.transposeA, attrs.transposeB);
  const batchA = util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = util.sizeFromShape(b.shape.slice(0, -2));
  const fast =
    (attrs.transposeA || attrs.transposeB) &&
    batchA === 1 &&
    batchB === 1 &&
    a.dtype === 'float32' &&
    b.dtype === 'float32';
  if (!fast)
    return callWasmKernel(backend, BatchMatMul, { a, b }, attrs as unknown as Record<string, boolean>);
  const toDispose: TensorInfo[] = [];
  const out = matMul(
    backend,
    asMatrix(backend, a, attrs.transposeA, toDispose),
    asMatrix(backend, b, attrs.transposeB, toDispose),
  );
  for (const t of toDispose) backend.disposeData(t.dataId);
  // Same output rank as the package's kernel: the broadcast batch dimensions (all 1) then [m, n].
  const batchDims = (a.shape.length >= b.shape.length ? a.shape : b.shape).slice(0, -2);
  return withShape(out, [...batchDims, ...out.shape]);
}

/** Registers as `BatchMatMul` for `wasm`, in place of the built-in kernel. */
export const batchMatMulConfig: KernelConfig = {
  kernelName: BatchMatMul,
  backendName: 'wasm',
  kernelFunc: batchMatMul as unknown as KernelFunc,
};
