/**
 * 2-D convolutions on oneDNN (native/src/conv.cc): Conv2D, FusedConv2D (bias inside the primitive,
 * activation after), and the two gradients, Conv2DBackpropInput (also tfjs's conv2dTranspose) and
 * Conv2DBackpropFilter. NHWC only; NCHW takes the cpu fallback.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type ConvGradGeometryAttrs, convGradGeometry, paddingAfter } from '../../conv-grad-geometry.js';
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
    paddingAfter(
      c.outHeight,
      c.inHeight,
      c.effectiveFilterHeight,
      c.strideHeight,
      c.padInfo.top,
      c.padInfo.bottom,
    ),
    paddingAfter(
      c.outWidth,
      c.inWidth,
      c.effectiveFilterWidth,
      c.strideWidth,
      c.padInfo.left,
      c.padInfo.right,
    ),
  ];
}

/**
 * Geometry of a convolution gradient and its dy as that geometry reads it (see conv-grad-geometry.ts):
 * a native crop of dy when it is larger than the output it stands for (`cropped`: the caller frees it).
 */
function gradOperands(
  b: NativeBackend,
  kernelName: string,
  inShape: number[],
  filterShape: number[],
  dy: tf.TensorInfo,
  attrs: tf.NamedAttrMap,
): { c: tf.backend_util.Conv2DInfo; dy: tf.TensorInfo; cropped: boolean } {
  const { info: c, crop } = convGradGeometry(
    kernelName,
    inShape,
    filterShape,
    dy.shape,
    attrs as unknown as ConvGradGeometryAttrs,
  );
  if (!crop) return { c, dy, cropped: false };
  const size = [c.batchSize, c.outHeight, c.outWidth, c.outChannels];
  const out = b.makeOutput(size, 'float32');
  b.addon.slice(b.id(dy), b.id(out), dy.shape, [0, 0, 0, 0], size, 4);
  return { c, dy: out, cropped: true };
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
    const { filter } = inputs;
    const { c, dy, cropped } = gradOperands(
      b,
      tf.Conv2DBackpropInput,
      attrs.inputShape as number[],
      filter.shape,
      inputs.dy,
      attrs,
    );
    const dx = b.makeOutput(c.inShape, 'float32');
    b.addon.convBackwardData(b.id(dy), b.id(filter), b.id(dx), geometry(c));
    if (cropped) b.disposeData(dy.dataId);
    return dx;
  }),
  kernel(tf.Conv2DBackpropFilter, ({ inputs, attrs, backend: b }) => {
    const why = unsupported(inputs, attrs);
    if (why) return b.fallback.run(tf.Conv2DBackpropFilter, inputs, attrs, why);
    const { x } = inputs;
    const { c, dy, cropped } = gradOperands(
      b,
      tf.Conv2DBackpropFilter,
      x.shape,
      attrs.filterShape as number[],
      inputs.dy,
      attrs,
    );
    const dw = b.makeOutput(attrs.filterShape as number[], 'float32');
    b.addon.convBackwardFilter(b.id(x), b.id(dy), b.id(dw), geometry(c));
    if (cropped) b.disposeData(dy.dataId);
    return dw;
  }),
];
