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
];
const PREDICATES = [tf.Greater, tf.GreaterEqual, tf.Less, tf.LessEqual, tf.Equal, tf.NotEqual, tf.LogicalAnd, tf.LogicalOr];

function binaryKernel(name: string, outBool: boolean): tf.KernelConfig {
  return kernel(name, ({ inputs, attrs, backend }) => {
    const b = backend;
    const x = name === tf.Prelu ? inputs.x : inputs.a;
    const y = name === tf.Prelu ? inputs.alpha : inputs.b;
    if (x.dtype !== y.dtype || x.dtype === 'string') {
      return b.fallback.run(name, inputs, attrs, `dtypes ${x.dtype}/${y.dtype}`);
    }
    const shape = tf.backend_util.assertAndGetBroadcastShape(x.shape, y.shape);
    const out = b.makeOutput(shape, outBool ? 'bool' : x.dtype);
    if (tf.util.sizeFromShape(shape) === 0) return out;
    if (b.addon.binary(name, b.id(x), b.id(y), b.id(out), x.shape, y.shape, shape, DTYPE_CODE[x.dtype]!)) return out;
    b.disposeData(out.dataId);
    return b.fallback.run(name, inputs, attrs, `dtype ${x.dtype}`);
  });
}

export const binaryKernels: tf.KernelConfig[] = [
  ...ARITHMETIC.map((n) => binaryKernel(n, false)),
  ...PREDICATES.map((n) => binaryKernel(n, true)),
];
