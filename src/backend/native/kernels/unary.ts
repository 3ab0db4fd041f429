/**
 * Float32 element-wise unary kernels (one C++ loop each, see native/src/elementwise.cc). Other dtypes
 * (e.g. Abs/Neg on int32) take the cpu fallback.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ACTIVATION_GRAD } from '../../../nn/lean-gradients.js';
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

/** LogicalNot on bool (the gradient of Select, hence of every ReLU-family activation's gradient). */
export const logicalNotKernel: tf.KernelConfig = kernel(tf.LogicalNot, ({ inputs, attrs, backend: b }) => {
  const x = inputs.x;
  if (x.dtype !== 'bool') return b.fallback.run(tf.LogicalNot, inputs, attrs, `dtype ${x.dtype}`);
  const out = b.makeOutput(x.shape, 'bool');
  b.addon.logicalNot(b.id(x), b.id(out), tf.util.sizeFromShape(x.shape));
  return out;
});

/**
 * dy · f′(x) of LeakyRelu or Relu in one pass (src/nn/lean-gradients.ts calls it only with float32
 * inputs of one shape, and checks that first, so there is no fallback: cpu has no such kernel).
 */
export const activationGradKernel: tf.KernelConfig = kernel(
  ACTIVATION_GRAD,
  ({ inputs, attrs, backend: b }) => {
    const { dy, x } = inputs;
    if (dy.dtype !== 'float32' || x.dtype !== 'float32' || !tf.util.arraysEqual(dy.shape, x.shape))
      throw new Error(`${ACTIVATION_GRAD}: dy and x must be float32 tensors of one shape`);
    const out = b.makeOutput(x.shape, 'float32');
    const n = tf.util.sizeFromShape(x.shape);
    if (n > 0)
      b.addon.activationGrad(
        attrs.activation as string,
        b.id(dy),
        b.id(x),
        b.id(out),
        n,
        attrs.alpha as number,
      );
    return out;
  },
);

/** Softmax over the last axis as max-shifted exp over its sum, each step a native loop. */
export const softmaxKernel: tf.KernelConfig = kernel(tf.Softmax, ({ inputs, attrs, backend: b }) => {
  const x = inputs.logits;
  const dim = attrs.dim as number;
  const last = x.shape.length - 1;
  if (x.dtype !== 'float32' || (dim !== -1 && dim !== last) || tf.util.sizeFromShape(x.shape) === 0) {
    return b.fallback.run(tf.Softmax, inputs, attrs, 'not the last axis or not float32');
  }
  const n = x.shape[last];
  const rowShape = [...x.shape.slice(0, last), 1];
  const rows = tf.util.sizeFromShape(rowShape);
  const max = b.makeOutput(rowShape, 'float32');
  b.addon.reduce('Max', b.id(x), b.id(max), rows, n, 1, 0);
  const shifted = b.makeOutput(x.shape, 'float32');
  b.addon.binary('Sub', b.id(x), b.id(max), b.id(shifted), x.shape, rowShape, x.shape, 0);
  const e = unaryOp(b, 'Exp', shifted);
  const sum = b.makeOutput(rowShape, 'float32');
  b.addon.reduce('Sum', b.id(e), b.id(sum), rows, n, 1, 0);
  const out = b.makeOutput(x.shape, 'float32');
  b.addon.binary('RealDiv', b.id(e), b.id(sum), b.id(out), x.shape, rowShape, x.shape, 0);
  for (const t of [max, shifted, e, sum]) b.disposeData(t.dataId);
  return out;
});
