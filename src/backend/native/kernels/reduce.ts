/**
 * Reductions. The reduced axes, when contiguous, are viewed as the middle of [outer, mid, inner] and
 * reduced in place (no transpose — e.g. bias gradients over N·H·W); other axis sets are transposed to
 * the end first.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NativeBackend } from '../backend.js';
import { DTYPE_CODE } from '../backend.js';
import { type Inputs, kernel } from './shared.js';

const prod = (xs: number[]) => xs.reduce((a, b) => a * b, 1);

/** Output dtype per reduction: arg reductions index, logical ones stay bool, others keep x's. */
function outDtype(name: string, x: tf.DataType): tf.DataType {
  if (name === tf.ArgMax || name === tf.ArgMin) return 'int32';
  return x;
}

function reduce(
  b: NativeBackend,
  name: string,
  inputs: Inputs,
  attrs: tf.NamedAttrMap,
): tf.TensorInfo | tf.TensorInfo[] {
  const x = inputs.x;
  // Max names its axes `reductionIndices`; every other reduction `axis`.
  const axisAttr = (name === tf.Max ? attrs.reductionIndices : attrs.axis) as number | number[];
  const axes = [...new Set(tf.util.parseAxisParam(axisAttr, x.shape))].sort((p, q) => p - q);
  const keepDims = (attrs.keepDims as boolean | undefined) ?? false;
  const outShape = keepDims
    ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d))
    : x.shape.filter((_, i) => !axes.includes(i));
  const kept = x.shape.filter((_, i) => !axes.includes(i));
  const mid = prod(axes.map((a) => x.shape[a]));
  if (DTYPE_CODE[x.dtype] === undefined || mid === 0 || prod(kept) === 0 || axes.length === 0) {
    return b.fallback.run(name, inputs, attrs, 'empty or unsupported reduction');
  }
  let src = x;
  let outer: number;
  let inner: number;
  const contiguous = axes.every((a, i) => a === axes[0] + i);
  if (contiguous) {
    outer = prod(x.shape.slice(0, axes[0]));
    inner = prod(x.shape.slice(axes[axes.length - 1] + 1));
  } else {
    const perm = [...x.shape.keys()].filter((i) => !axes.includes(i)).concat(axes);
    src = b.makeOutput(
      perm.map((p) => x.shape[p]),
      x.dtype,
    );
    b.addon.transpose(b.id(x), b.id(src), x.shape, perm, x.dtype === 'bool' ? 1 : 4);
    outer = prod(kept);
    inner = 1;
  }
  const out = b.makeOutput(outShape, outDtype(name, x.dtype));
  const done = b.addon.reduce(name, b.id(src), b.id(out), outer, mid, inner, DTYPE_CODE[x.dtype]!);
  if (src !== x) b.disposeData(src.dataId);
  if (done) return out;
  b.disposeData(out.dataId);
  return b.fallback.run(name, inputs, attrs, `dtype ${x.dtype}`);
}

export const reduceKernels: tf.KernelConfig[] = [
  tf.Sum,
  tf.Mean,
  tf.Max,
  tf.Min,
  tf.Prod,
  tf.Any,
  tf.All,
  tf.ArgMax,
  tf.ArgMin,
].map((name) => kernel(name, ({ inputs, attrs, backend }) => reduce(backend, name, inputs, attrs)));
