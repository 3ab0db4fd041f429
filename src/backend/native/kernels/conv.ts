/**
 * 2-D convolutions on oneDNN (native/src/conv.cc): Conv2D, FusedConv2D (bias inside the primitive,
 * activation after), and the two gradients, Conv2DBackpropInput (also tfjs's conv2dTranspose) and
 * Conv2DBackpropFilter. NHWC only; NCHW takes the cpu fallback.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NativeBackend } from '../backend.js';
import { type Inputs, fusedEpilogue, kernel } from './shared.js';

type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

function convInfo(
  xShape: number[],
  filterShape: number[],
  attrs: tf.NamedAttrMap,
  dilations: number | [number, number] = 1,
): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides as number | [number, number],
    dilations,
    attrs.pad as Pad,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    false,
    'channelsLast',
  );
}

/** The 17 numbers native/src/conv.cc reads (N, H, W, C, KH, KW, OC, OH, OW, strides, dilations, pads). */
function geometry(c: tf.backend_util.Conv2DInfo): number[] {
  return [
    c.batchSize,
    c.inHeight,
    c.inWidth,
    c.inChannels,
    c.filterHeight,
    c.filterWidth,
    c.outChannels,
    c.outHeight,
    c.outWidth,
    c.strideHeight,
    c.strideWidth,
    c.dilationHeight,
    c.dilationWidth,
    c.padInfo.top,
    c.padInfo.left,
    c.padInfo.bottom,
    c.padInfo.right,
  ];
}

function unsupported(inputs: Inputs, attrs: tf.NamedAttrMap): string | undefined {
  if (attrs.dataFormat === 'NCHW') return 'NCHW data format';
  if (Object.values(inputs).some((t) => t !== undefined && t.dtype !== 'float32')) return 'non-float32 input';
  return undefined;
}

function forward(
  b: NativeBackend,
  name: string,
  inputs: Inputs,
  attrs: tf.NamedAttrMap,
): tf.TensorInfo | tf.TensorInfo[] {
  const { x, filter, bias } = inputs;
  const why = unsupported(inputs, attrs);
  if (why) return b.fallback.run(name, inputs, attrs, why);
  const c = convInfo(x.shape, filter.shape, attrs, attrs.dilations as number | [number, number]);
  const biasInConv = bias !== undefined && tf.util.sizeFromShape(bias.shape) === c.outChannels;
  const out = b.makeOutput(c.outShape, 'float32');
  b.addon.convForward(b.id(x), b.id(filter), biasInConv ? b.id(bias) : 0, b.id(out), geometry(c));
  return fusedEpilogue(b, out, inputs, biasInConv, attrs);
}

export const convKernels: tf.KernelConfig[] = [
  ...[tf.Conv2D, tf.FusedConv2D].map((name) =>
    kernel(name, ({ inputs, attrs, backend }) => forward(backend, name, inputs, attrs)),
  ),
  kernel(tf.Conv2DBackpropInput, ({ inputs, attrs, backend: b }) => {
    const why = unsupported(inputs, attrs);
    if (why) return b.fallback.run(tf.Conv2DBackpropInput, inputs, attrs, why);
    const { dy, filter } = inputs;
    const c = convInfo(attrs.inputShape as number[], filter.shape, attrs);
    const dx = b.makeOutput(c.inShape, 'float32');
    b.addon.convBackwardData(b.id(dy), b.id(filter), b.id(dx), geometry(c));
    return dx;
  }),
  kernel(tf.Conv2DBackpropFilter, ({ inputs, attrs, backend: b }) => {
    const why = unsupported(inputs, attrs);
    if (why) return b.fallback.run(tf.Conv2DBackpropFilter, inputs, attrs, why);
    const { x, dy } = inputs;
    const c = convInfo(x.shape, attrs.filterShape as number[], attrs);
    const dw = b.makeOutput(attrs.filterShape as number[], 'float32');
    b.addon.convBackwardFilter(b.id(x), b.id(dy), b.id(dw), geometry(c));
    return dw;
  }),
];
