/** Select (where with a condition) and AddN (gradient accumulation). */
import * as tf from '@tensorflow/tfjs-core';
import { DTYPE_CODE, elemBytes } from '../backend.js';
import { kernel } from './shared.js';

export const selectAddNKernels: tf.KernelConfig[] = [
  kernel(tf.Select, ({ inputs, attrs, backend: b }) => {
    const { condition, t, e } = inputs;
    const dtype = tf.upcastType(t.dtype, e.dtype);
    const n = tf.util.sizeFromShape(t.shape);
    const condLen = tf.util.sizeFromShape(condition.shape);
    // tfjs allows a condition of t's shape, or a vector selecting whole rows (first axis).
    const rowwise = condition.shape.length === 1 && t.shape.length > 1 && condLen === t.shape[0];
    if (t.dtype !== e.dtype || DTYPE_CODE[dtype] === undefined || (condLen !== n && !rowwise)) {
      return b.fallback.run(tf.Select, inputs, attrs, 'mixed dtypes or shapes');
    }
    const out = b.makeOutput(t.shape, dtype);
    if (n > 0) b.addon.select(b.id(condition), b.id(t), b.id(e), b.id(out), n, condLen, elemBytes(dtype));
    return out;
  }),
  kernel(tf.AddN, ({ inputs, attrs, backend: b }) => {
    const list = inputs as unknown as tf.TensorInfo[];
    const dtype = list[0].dtype;
    if (dtype !== 'float32' && dtype !== 'int32')
      return b.fallback.run(tf.AddN, inputs, attrs, `dtype ${dtype}`);
    const out = b.makeOutput(list[0].shape, dtype);
    const n = tf.util.sizeFromShape(out.shape);
    if (n > 0)
      b.addon.addN(
        list.map((t) => b.id(t)),
        b.id(out),
        n,
        DTYPE_CODE[dtype]!,
      );
    return out;
  }),
];
