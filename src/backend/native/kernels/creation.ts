/**
 * Kernels that create or relabel tensors: Identity, Reshape and ExpandDims share the input's storage (reference
 * count, no copy); Cast copies only when the dtype changes; Fill/ZerosLike/OnesLike fill natively.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NativeBackend } from '../backend.js';
import { DTYPE_CODE } from '../backend.js';
import { kernel, share } from './shared.js';

function filled(b: NativeBackend, shape: number[], dtype: tf.DataType, value: number): tf.TensorInfo {
  const out = b.makeOutput(shape, dtype);
  b.addon.fill(b.id(out), tf.util.sizeFromShape(shape), value, DTYPE_CODE[dtype]!);
  return out;
}

export const creationKernels: tf.KernelConfig[] = [
  kernel(tf.Identity, ({ inputs, backend }) => share(backend, inputs.x, inputs.x.shape)),
  kernel(tf.Reshape, ({ inputs, attrs, backend }) => {
    const x = inputs.x;
    const shape = tf.util.inferFromImplicitShape(attrs.shape as number[], tf.util.sizeFromShape(x.shape));
    return share(backend, x, shape);
  }),
  kernel(tf.ExpandDims, ({ inputs, attrs, backend }) => {
    const x = inputs.input;
    const rank = x.shape.length;
    const dim = attrs.dim as number;
    tf.util.assert(
      -(rank + 1) <= dim && dim <= rank,
      () => `Axis must be in the interval [${-(rank + 1)}, ${rank}]`,
    );
    // tfjs allows dim in [-(rank + 1), rank]; a negative one counts from the end of the output shape.
    const at = dim < 0 ? rank + 1 + dim : dim;
    return share(backend, x, [...x.shape.slice(0, at), 1, ...x.shape.slice(at)]);
  }),
  kernel(tf.Cast, ({ inputs, attrs, backend: b }) => {
    const x = inputs.x;
    const dtype = attrs.dtype as tf.DataType;
    if (dtype === x.dtype) return share(b, x, x.shape);
    if (DTYPE_CODE[dtype] === undefined || DTYPE_CODE[x.dtype] === undefined) {
      return b.fallback.run(tf.Cast, inputs, attrs, `${x.dtype} to ${dtype}`);
    }
    const out = b.makeOutput(x.shape, dtype);
    b.addon.cast(
      b.id(x),
      b.id(out),
      tf.util.sizeFromShape(x.shape),
      DTYPE_CODE[x.dtype]!,
      DTYPE_CODE[dtype]!,
    );
    return out;
  }),
  kernel(tf.Fill, ({ inputs, attrs, backend: b }) => {
    const dtype = (attrs.dtype as tf.DataType) ?? 'float32';
    if (DTYPE_CODE[dtype] === undefined) return b.fallback.run(tf.Fill, inputs, attrs, `dtype ${dtype}`);
    return filled(b, attrs.shape as number[], dtype, attrs.value as number);
  }),
  ...[
    [tf.ZerosLike, 0],
    [tf.OnesLike, 1],
  ].map(([name, value]) =>
    kernel(name as string, ({ inputs, attrs, backend: b }) => {
      const x = inputs.x;
      if (DTYPE_CODE[x.dtype] === undefined)
        return b.fallback.run(name as string, inputs, attrs, `dtype ${x.dtype}`);
      return filled(b, x.shape, x.dtype, value as number);
    }),
  ),
];
