/** MaxPool, AvgPool and their gradients on oneDNN (native/src/pool.cc), NHWC float32. */
import * as tf from '@tensorflow/tfjs-core';
import type { NativeBackend } from '../backend.js';
import { type Inputs, kernel } from './shared.js';

type Pad = 'valid' | 'same' | number;

function poolInfo(xShape: number[], attrs: tf.NamedAttrMap): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computePool2DInfo(
    xShape as [number, number, number, number],
    attrs.filterSize as number | [number, number],
    attrs.strides as number | [number, number],
    1,
    attrs.pad as Pad,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  );
}

/** The 14 numbers native/src/pool.cc reads. */
function geometry(c: tf.backend_util.Conv2DInfo): number[] {
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
    c.padInfo.bottom,
    c.padInfo.right,
  ];
}

function forward(b: NativeBackend, name: string, inputs: Inputs, attrs: tf.NamedAttrMap, isMax: boolean) {
  const x = inputs.x;
  if (x.dtype !== 'float32') return b.fallback.run(name, inputs, attrs, `dtype ${x.dtype}`);
  const c = poolInfo(x.shape, attrs);
  const out = b.makeOutput(c.outShape, 'float32');
  if (tf.util.sizeFromShape(c.outShape) > 0) b.addon.poolForward(b.id(x), b.id(out), geometry(c), isMax);
  return out;
}

function backward(b: NativeBackend, name: string, inputs: Inputs, attrs: tf.NamedAttrMap, isMax: boolean) {
  const { dy, input } = inputs;
  if (dy.dtype !== 'float32') return b.fallback.run(name, inputs, attrs, `dtype ${dy.dtype}`);
  const c = poolInfo(input.shape, attrs);
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
