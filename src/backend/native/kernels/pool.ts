/** MaxPool, AvgPool and their gradients on oneDNN (native/src/pool.cc), NHWC float32. */
import * as tf from '@tensorflow/tfjs-core';
import { paddingAfter } from '../../conv-grad-geometry.js';
import type { NativeBackend } from '../backend.js';
import { type Inputs, kernel, share } from './shared.js';

type Pad = 'valid' | 'same' | number;

type Rounding = 'floor' | 'round' | 'ceil' | undefined;

function poolInfo(xShape: number[], attrs: tf.NamedAttrMap, rounding = attrs.dimRoundingMode as Rounding) {
  return tf.backend_util.computePool2DInfo(
    xShape as [number, number, number, number],
    attrs.filterSize as number | [number, number],
    attrs.strides as number | [number, number],
    1,
    attrs.pad as Pad,
    rounding,
  );
}

/**
 * The pooling geometry a gradient's dy belongs to: tfjs-core's avgPool gradient drops
 * `dimRoundingMode`, so after a 'ceil' or 'round' pooling dy is larger than the size its attributes give.
 * @throws Error when no rounding mode gives dy's shape (the kernel would read past dy or miss part of it).
 */
function gradPoolInfo(name: string, xShape: number[], dyShape: number[], attrs: tf.NamedAttrMap) {
  for (const rounding of [attrs.dimRoundingMode as Rounding, 'floor', 'ceil', 'round'] as const) {
    const c = poolInfo(xShape, attrs, rounding);
    if (tf.util.arraysEqual(dyShape, c.outShape)) return c;
  }
  throw new Error(`${name}: dy of shape [${dyShape}] is not the output of this pooling of [${xShape}]`);
}

/** The 14 numbers native/src/pool.cc reads. */
function geometry(c: tf.backend_util.Conv2DInfo): number[] {
  const h = c.effectiveFilterHeight;
  const w = c.effectiveFilterWidth;
  return [
    c.batchSize,
    c.inHeight,
    c.inWidth,
    c.inChannels,
    c.outHeight,
    c.outWidth,
    c.filterHeight,
    c.filterWidth,
    c.strideHeight,
    c.strideWidth,
    c.padInfo.top,
    c.padInfo.left,
    paddingAfter(c.outHeight, c.inHeight, h, c.strideHeight, c.padInfo.top, c.padInfo.bottom),
    paddingAfter(c.outWidth, c.inWidth, w, c.strideWidth, c.padInfo.left, c.padInfo.right),
  ];
}

/**
 * Whether some window lies wholly in the padding ('ceil'/'round' sizes, or padding as large as the
 * window): oneDNN refuses such windows for average pooling and gives −FLT_MAX for max pooling, where
 * tfjs's kernels give NaN and −Infinity; those calls take the cpu fallback.
 */
function hasEmptyWindow(c: tf.backend_util.Conv2DInfo): boolean {
  const { top, left } = c.padInfo;
  return (
    top >= c.effectiveFilterHeight ||
    left >= c.effectiveFilterWidth ||
    (c.outHeight - 1) * c.strideHeight - top >= c.inHeight ||
    (c.outWidth - 1) * c.strideWidth - left >= c.inWidth
  );
}

function forward(b: NativeBackend, name: string, inputs: Inputs, attrs: tf.NamedAttrMap, isMax: boolean) {
  const x = inputs.x;
  if (x.dtype !== 'float32') return b.fallback.run(name, inputs, attrs, `dtype ${x.dtype}`);
  const c = poolInfo(x.shape, attrs);
  // A 1×1 window that keeps the shape is the identity in tfjs's kernels, whatever the padding says.
  if (c.filterHeight === 1 && c.filterWidth === 1 && tf.util.arraysEqual(c.inShape, c.outShape)) {
    return share(b, x, x.shape);
  }
  if (hasEmptyWindow(c)) return b.fallback.run(name, inputs, attrs, 'a window wholly in the padding');
  const out = b.makeOutput(c.outShape, 'float32');
  if (tf.util.sizeFromShape(c.outShape) > 0) b.addon.poolForward(b.id(x), b.id(out), geometry(c), isMax);
  return out;
}

function backward(b: NativeBackend, name: string, inputs: Inputs, attrs: tf.NamedAttrMap, isMax: boolean) {
  const { dy, input } = inputs;
  if (dy.dtype !== 'float32') return b.fallback.run(name, inputs, attrs, `dtype ${dy.dtype}`);
  const c = gradPoolInfo(name, input.shape, dy.shape, attrs);
  if (hasEmptyWindow(c)) return b.fallback.run(name, inputs, attrs, 'a window wholly in the padding');
  const dx = b.makeOutput(input.shape, 'float32');
  b.addon.poolBackward(b.id(dy), b.id(input), b.id(dx), geometry(c), isMax);
  return dx;
}

export const poolKernels: tf.KernelConfig[] = [
  kernel(tf.MaxPool, ({ inputs, attrs, backend }) => forward(backend, tf.MaxPool, inputs, attrs, true)),
  kernel(tf.AvgPool, ({ inputs, attrs, backend }) => forward(backend, tf.AvgPool, inputs, attrs, false)),
  kernel(tf.MaxPoolGrad, ({ inputs, attrs, backend }) =>
    backward(backend, tf.MaxPoolGrad, inputs, attrs, true),
  ),
  kernel(tf.AvgPoolGrad, ({ inputs, attrs, backend }) =>
    backward(backend, tf.AvgPoolGrad, inputs, attrs, false),
  ),
];
