/**
 * Broadcasting binary kernels: arithmetic on float32/int32, comparisons to bool, logical ops on bool.
 * Combinations the addon does not implement (it answers false) take the cpu fallback.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DTYPE_CODE } from '../backend.js';
import { kernel } from './shared.js';

const ARITHMETIC = [
  tf.Add,
  tf.Sub,
  tf.Multiply,
  tf.RealDiv,
  tf.Maximum,
  tf.Minimum,
  tf.Pow,
  tf.SquaredDifference,
  tf.FloorDiv,
  tf.Prelu,
  tf.EluGrad,
];

/** Input names of the two operands, where they are not tfjs's usual `a` and `b`. */
const OPERANDS: Record<string, [string, string]> = { [tf.Prelu]: ['x', 'alpha'], [tf.EluGrad]: ['dy', 'y'] };
const PREDICATES = [
  tf.Greater,
  tf.GreaterEqual,
  tf.Less,
  tf.LessEqual,
  tf.Equal,
  tf.NotEqual,
  tf.LogicalAnd,
  tf.LogicalOr,
];

function binaryKernel(name: string, outBool: boolean): tf.KernelConfig {
  return kernel(name, ({ inputs, attrs, backend: b }) => {
    const [first, second] = OPERANDS[name] ?? ['a', 'b'];
    const x = inputs[first];
    const y = inputs[second];
    if (x.dtype !== y.dtype || x.dtype === 'string') {
      return b.fallback.run(name, inputs, attrs, `dtypes ${x.dtype}/${y.dtype}`);
    }
    const shape = tf.backend_util.assertAndGetBroadcastShape(x.shape, y.shape);
    const out = b.makeOutput(shape, outBool ? 'bool' : x.dtype);
    if (tf.util.sizeFromShape(shape) === 0) return out;
    if (b.addon.binary(name, b.id(x), b.id(y), b.id(out), x.shape, y.shape, shape, DTYPE_CODE[x.dtype]!))
      return out;
    b.disposeData(out.dataId);
    return b.fallback.run(name, inputs, attrs, `dtype ${x.dtype}`);
  });
}

export const binaryKernels: tf.KernelConfig[] = [
  ...ARITHMETIC.map((n) => binaryKernel(n, false)),
  ...PREDICATES.map((n) => binaryKernel(n, true)),
];
