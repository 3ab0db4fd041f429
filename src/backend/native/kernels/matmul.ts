/**
 * BatchMatMul and _FusedMatMul (tfjs-layers' Dense) on oneDNN sgemm. A bias of length N (or 1) is
 * added inside the GEMM call; other bias shapes use the broadcasting Add.
 */
import * as tf from '@tensorflow/tfjs-core';
import { assertMatMulOperands } from '../../matmul-shapes.js';
import type { NativeBackend } from '../backend.js';
import { type Inputs, fusedEpilogue, kernel } from './shared.js';

const prod = (xs: number[]) => xs.reduce((a, b) => a * b, 1);

function matmul(
  b: NativeBackend,
  name: string,
  inputs: Inputs,
  attrs: tf.NamedAttrMap,
): tf.TensorInfo | tf.TensorInfo[] {
  const { a, b: bm, bias } = inputs;
  const ta = attrs.transposeA as boolean;
  const tb = attrs.transposeB as boolean;
  const ra = a.shape.length;
  const rb = bm.shape.length;
  assertMatMulOperands(a.shape, bm.shape, ta, tb);
  const m = ta ? a.shape[ra - 1] : a.shape[ra - 2];
  const k = ta ? a.shape[ra - 2] : a.shape[ra - 1];
  const n = tb ? bm.shape[rb - 2] : bm.shape[rb - 1];
  const outerA = a.shape.slice(0, -2);
  const outerB = bm.shape.slice(0, -2);
  const outer = tf.backend_util.assertAndGetBroadcastShape(outerA, outerB);
  const batchA = prod(outerA);
  const batchB = prod(outerB);
  // The addon broadcasts a whole operand (batch 1) only; mixed broadcasts go to the fallback.
  const simple =
    prod(outer) === Math.max(batchA, batchB) && (batchA === batchB || batchA === 1 || batchB === 1);
  if (a.dtype !== 'float32' || bm.dtype !== 'float32' || !simple || m * n * k === 0) {
    return b.fallback.run(name, inputs, attrs, 'non-float32, empty or mixed-broadcast operands');
  }
  const out = b.makeOutput([...outer, m, n], 'float32');
  const biasLen = bias ? prod(bias.shape) : 0;
  const biasInGemm = bias !== undefined && (biasLen === n || biasLen === 1);
  b.addon.matmul(
    b.id(a),
    b.id(bm),
    biasInGemm ? b.id(bias) : 0,
    b.id(out),
    batchA,
    batchB,
    m,
    n,
    k,
    ta,
    tb,
    biasLen,
  );
  return fusedEpilogue(b, out, inputs, biasInGemm, attrs);
}

export const matmulKernels: tf.KernelConfig[] = [tf.BatchMatMul, tf._FusedMatMul].map((name) =>
  kernel(name, ({ inputs, attrs, backend }) => matmul(backend, name, inputs, attrs)),
);
