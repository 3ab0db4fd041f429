/**
 * Float32 element-wise unary kernels (one C++ loop each, see native/src/elementwise.cc). Other dtypes
 * (e.g. Abs/Neg on int32) take the cpu fallback.
 */
import * as tf from '@tensorflow/tfjs-core';
import { kernel, unaryOp } from './shared.js';

const PLAIN = [
  tf.Abs,
  tf.Neg,
  tf.Exp,
  tf.Expm1,
  tf.Log,
  tf.Log1p,
  tf.Sqrt,
  tf.Rsqrt,
  tf.Square,
  tf.Reciprocal,
  tf.Tanh,
  tf.Sigmoid,
  tf.Softplus,
  tf.Relu,
  tf.Relu6,
  tf.Elu,
  tf.Selu,
  tf.Sign,
  tf.Floor,
  tf.Ceil,
  tf.Round,
  tf.Sin,
  tf.Cos,
  tf.Erf,
];

/** Reads a kernel's scalar parameters from its attrs (alpha, beta of the C++ unary). */
const PARAMS: Record<string, (attrs: tf.NamedAttrMap) => [number, number]> = {
  [tf.LeakyRelu]: (a) => [a.alpha as number, 0],
  [tf.Step]: (a) => [a.alpha as number, 0],
  [tf.ClipByValue]: (a) => [a.clipValueMin as number, a.clipValueMax as number],
};

function unaryKernel(name: string): tf.KernelConfig {
  const params = PARAMS[name];
  return kernel(name, ({ inputs, attrs, backend: b }) => {
    const x = inputs.x;
    if (x.dtype !== 'float32') return b.fallback.run(name, inputs, attrs, `dtype ${x.dtype}`);
    const [alpha, beta] = params ? params(attrs) : [0, 0];
    return unaryOp(b, name, x, alpha, beta);
  });
}

export const unaryKernels: tf.KernelConfig[] = [...PLAIN, ...Object.keys(PARAMS)].map(unaryKernel);
