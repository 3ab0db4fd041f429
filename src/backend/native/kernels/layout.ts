/**
 * Data movement: Transpose, Slice, SplitV, Concat, Pack, Unpack, PadV2, Tile, GatherV2 (dtype-agnostic
 * byte moves in the addon), and OneHot (class labels for conditional models).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NativeBackend } from '../backend.js';
import { DTYPE_CODE, elemBytes } from '../backend.js';
import { kernel } from './shared.js';

const prod = (xs: number[]) => xs.reduce((a, b) => a * b, 1);

/** Strings stay in JS storage; their kernels run on the cpu fallback. */
function numeric(x: tf.TensorInfo): boolean {
  return DTYPE_CODE[x.dtype] !== undefined;
}

function concat(b: NativeBackend, list: tf.TensorInfo[], axisAttr: number): tf.TensorInfo {
  const axis = tf.util.parseAxisParam(axisAttr, list[0].shape)[0];
  // Every non-axis dimension must agree, or the row copies would run past the smaller inputs.
  tf.backend_util.assertParamsConsistent(
    list.map((t) => t.shape),
    axis,
  );
  const shape = tf.backend_util.computeOutShape(
    list.map((t) => t.shape),
    axis,
  );
  const out = b.makeOutput(shape, list[0].dtype);
  const rows = prod(shape.slice(0, axis));
  const dstCols = prod(shape.slice(axis));
  let offset = 0;
  for (const t of list) {
    const cols = prod(t.shape.slice(axis));
    if (cols > 0 && rows > 0)
      b.addon.copyRows(b.id(t), b.id(out), rows, cols, dstCols, offset, elemBytes(t.dtype));
    offset += cols;
  }
  return out;
}

/** One native slice of `x` (a fresh buffer). */
function slice(b: NativeBackend, x: tf.TensorInfo, begin: number[], size: number[]): tf.TensorInfo {
  const out = b.makeOutput(size, x.dtype);
  if (prod(size) > 0) b.addon.slice(b.id(x), b.id(out), x.shape, begin, size, elemBytes(x.dtype));
  return out;
}

export const layoutKernels: tf.KernelConfig[] = [
  kernel(tf.Transpose, ({ inputs, attrs, backend: b }) => {
    const x = inputs.x;
    const perm = attrs.perm as number[];
    if (!numeric(x)) return b.fallback.run(tf.Transpose, inputs, attrs, `dtype ${x.dtype}`);
    const out = b.makeOutput(
      perm.map((p) => x.shape[p]),
      x.dtype,
    );
    if (x.shape.length > 0 && prod(x.shape) > 0) {
      b.addon.transpose(b.id(x), b.id(out), x.shape, perm, elemBytes(x.dtype));
    }
    return out;
  }),
  kernel(tf.Slice, ({ inputs, attrs, backend: b }) => {
    const x = inputs.x;
    if (!numeric(x)) return b.fallback.run(tf.Slice, inputs, attrs, `dtype ${x.dtype}`);
    const [begin, size] = tf.slice_util.parseSliceParams(
      x as tf.Tensor,
      attrs.begin as number | number[],
      attrs.size as number | number[],
    );
    tf.slice_util.assertParamsValid(x as tf.Tensor, begin, size);
    return slice(b, x, begin, size);
  }),
  // SplitV (tf.split, and the gradient of concat): one slice per part along `axis`.
  kernel(tf.SplitV, ({ inputs, attrs, backend: b }) => {
    const x = inputs.x;
    if (!numeric(x)) return b.fallback.run(tf.SplitV, inputs, attrs, `dtype ${x.dtype}`);
    const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(
      x as tf.Tensor,
      attrs.numOrSizeSplits as number | number[],
      axis,
    );
    const begin = x.shape.map(() => 0);
    return sizes.map((s) => {
      const size = [...x.shape];
      size[axis] = s;
      const part = slice(b, x, [...begin], size);
      begin[axis] += s;
      return part;
    });
  }),
  kernel(tf.Concat, ({ inputs, attrs, backend: b }) => {
    const list = inputs as unknown as tf.TensorInfo[];
    if (!list.every(numeric) || list.some((t) => t.dtype !== list[0].dtype)) {
      return b.fallback.run(tf.Concat, inputs, attrs, 'mixed or string dtypes');
    }
    return concat(b, list, attrs.axis as number);
  }),
  // Pack (tf.stack) is a concat of the inputs viewed with a unit axis inserted.
  kernel(tf.Pack, ({ inputs, attrs, backend: b }) => {
    const list = inputs as unknown as tf.TensorInfo[];
    if (!list.every(numeric) || list.some((t) => t.dtype !== list[0].dtype)) {
      return b.fallback.run(tf.Pack, inputs, attrs, 'mixed or string dtypes');
    }
    for (const t of list) {
      tf.util.assertShapesMatch(
        list[0].shape,
        t.shape,
        'All tensors passed to stack must have matching shapes',
      );
    }
    const axis = tf.util.parseAxisParam(attrs.axis as number, [...list[0].shape, 1])[0];
    const views = list.map((t) => ({ ...t, shape: [...t.shape.slice(0, axis), 1, ...t.shape.slice(axis)] }));
    return concat(b, views, axis);
  }),
  // Unpack (tf.unstack): one slice per index along `axis`, with that axis dropped.
  kernel(tf.Unpack, ({ inputs, attrs, backend: b }) => {
    const x = inputs.value;
    if (!numeric(x)) return b.fallback.run(tf.Unpack, inputs, attrs, `dtype ${x.dtype}`);
    const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0];
    const size = x.shape.map((d, i) => (i === axis ? 1 : d));
    const outShape = x.shape.filter((_, i) => i !== axis);
    return Array.from({ length: x.shape[axis] }, (_, k) => {
      const begin = x.shape.map((_, i) => (i === axis ? k : 0));
      return { ...slice(b, x, begin, size), shape: outShape };
    });
  }),
  kernel(tf.GatherV2, ({ inputs, attrs, backend: b }) => {
    const { x, indices } = inputs;
    if (!numeric(x) || indices.dtype !== 'int32' || (attrs.batchDims as number) !== 0) {
      return b.fallback.run(tf.GatherV2, inputs, attrs, 'batchDims or dtypes not supported natively');
    }
    const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0];
    const shape = [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
    const out = b.makeOutput(shape, x.dtype);
    const k = prod(indices.shape);
    const inner = prod(x.shape.slice(axis + 1));
    if (prod(shape) > 0) {
      const outer = prod(x.shape.slice(0, axis));
      b.addon.gather(b.id(x), b.id(indices), b.id(out), outer, x.shape[axis], inner, k, elemBytes(x.dtype));
    }
    return out;
  }),
  kernel(tf.OneHot, ({ inputs, attrs, backend: b }) => {
    const indices = inputs.indices;
    const dtype = attrs.dtype as tf.DataType;
    if (indices.dtype !== 'int32' || (dtype !== 'float32' && dtype !== 'int32')) {
      return b.fallback.run(tf.OneHot, inputs, attrs, `dtype ${dtype}`);
    }
    const depth = attrs.depth as number;
    const out = b.makeOutput([...indices.shape, depth], dtype);
    const n = prod(indices.shape);
    if (n * depth > 0) {
      const on = attrs.onValue as number;
      b.addon.oneHot(b.id(indices), b.id(out), n, depth, on, attrs.offValue as number, dtype === 'float32');
    }
    return out;
  }),
  kernel(tf.PadV2, ({ inputs, attrs, backend: b }) => {
    const x = inputs.x;
    // The addon writes the constant's float32 bits for 4-byte elements, so int32 padding takes the fallback.
    if (!numeric(x) || x.dtype === 'int32' || x.shape.length === 0) {
      return b.fallback.run(tf.PadV2, inputs, attrs, `dtype ${x.dtype}`);
    }
    const paddings = attrs.paddings as [number, number][];
    const shape = x.shape.map((d, i) => paddings[i][0] + d + paddings[i][1]);
    const out = b.makeOutput(shape, x.dtype);
    b.addon.pad(
      b.id(x),
      b.id(out),
      x.shape,
      paddings.map((p) => p[0]),
      shape,
      attrs.constantValue as number,
      elemBytes(x.dtype),
    );
    return out;
  }),
  kernel(tf.Tile, ({ inputs, attrs, backend: b }) => {
    const x = inputs.x;
    const reps = attrs.reps as number[];
    if (!numeric(x) || x.shape.length === 0)
      return b.fallback.run(tf.Tile, inputs, attrs, `dtype ${x.dtype}`);
    const out = b.makeOutput(
      x.shape.map((d, i) => d * reps[i]),
      x.dtype,
    );
    if (prod(out.shape) > 0) b.addon.tile(b.id(x), b.id(out), x.shape, reps, elemBytes(x.dtype));
    return out;
  }),
];
