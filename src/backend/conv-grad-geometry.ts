/**
 * The forward-output size that a convolution gradient's `dy` stands for, shared by the native and the
 * wasm gradient kernels (Conv2DBackpropInput, i.e. also conv2dTranspose, and Conv2DBackpropFilter).
 *
 * tfjs's own kernels recompute that size from the attributes and read only that top-left corner of dy
 * (with dy's real strides). Two cases make dy's shape differ from it:
 * - tfjs-core's Conv2D gradient drops `dimRoundingMode`, so after a 'ceil' or 'round' convolution dy is
 *   one larger than the floor size recomputed: dy is right, and its whole extent is the gradient;
 * - `tf.conv2dTranspose` accepts any dy with an `outputShape` that does not produce it (tfjs-core's own
 *   spec `input=8x8x8, output=4x4x8, f=8, s=1, p=same`): the reference result reads the corner only.
 * So dy's size is used when some rounding mode yields it, else the attributes' size when dy covers it
 * (the caller crops dy), and anything smaller is an error rather than a read past dy.
 */
import * as tf from '@tensorflow/tfjs-core';

type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

/** The attributes of a convolution gradient that set its geometry. */
export interface ConvGradGeometryAttrs {
  strides: number | [number, number];
  pad: Pad;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** Geometry with the output size dy stands for, and whether dy must be cropped to it first. */
export interface ConvGradGeometry {
  info: tf.backend_util.Conv2DInfo;
  crop: boolean;
}

function info(
  inShape: number[],
  filterShape: number[],
  attrs: ConvGradGeometryAttrs,
  mode: ConvGradGeometryAttrs['dimRoundingMode'],
) {
  return tf.backend_util.computeConv2DInfo(
    inShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    mode,
    false,
    'channelsLast',
  );
}

/**
 * Geometry of a convolution gradient for channels-last `inShape`, `filterShape` and `dyShape` (see the
 * module comment). The output size and bottom/right padding follow dy when a rounding mode explains dy.
 * @throws Error naming the kernel when dy is smaller than the output it must cover.
 */
export function convGradGeometry(
  kernelName: string,
  inShape: number[],
  filterShape: number[],
  dyShape: number[],
  attrs: ConvGradGeometryAttrs,
): ConvGradGeometry {
  const stated = info(inShape, filterShape, attrs, attrs.dimRoundingMode);
  const [, dyH, dyW, dyC] = dyShape;
  if (dyShape.length !== 4 || dyShape[0] !== stated.batchSize || dyC !== stated.outChannels) {
    throw new Error(
      `${kernelName}: dy of shape [${dyShape}] does not fit batch ${stated.batchSize} and ${stated.outChannels} output channels`,
    );
  }
  for (const mode of [attrs.dimRoundingMode, 'floor', 'ceil', 'round'] as const) {
    const c = mode === attrs.dimRoundingMode ? stated : info(inShape, filterShape, attrs, mode);
    if (c.outHeight === dyH && c.outWidth === dyW) return { info: withOutput(c, dyH, dyW), crop: false };
  }
  if (dyH >= stated.outHeight && dyW >= stated.outWidth) return { info: stated, crop: true };
  throw new Error(
    `${kernelName}: dy of shape [${dyShape}] is smaller than the ${stated.outHeight}×${stated.outWidth} output ` +
      `of this convolution (input [${inShape}], filter [${filterShape}])`,
  );
}

/**
 * Padding after the input that gives `out` windows, in the floor convention of oneDNN and of the
 * kernels here: (out − 1)·stride + window − in − before, never below the stated `after`. A 'ceil' or
 * 'round' size is one more than floor with the stated padding; the extra window reaches into padding.
 */
export function paddingAfter(
  out: number,
  inSize: number,
  window: number,
  stride: number,
  before: number,
  after: number,
) {
  return Math.max(after, (out - 1) * stride + window - inSize - before);
}

/** `c` with output size `oh`×`ow` and the bottom/right padding that size implies. */
function withOutput(c: tf.backend_util.Conv2DInfo, oh: number, ow: number): tf.backend_util.Conv2DInfo {
  const { top, left, bottom, right } = c.padInfo;
  return {
    ...c,
    outHeight: oh,
    outWidth: ow,
    outShape: [c.batchSize, oh, ow, c.outChannels],
    padInfo: {
      ...c.padInfo,
      bottom: paddingAfter(oh, c.inHeight, c.effectiveFilterHeight, c.strideHeight, top, bottom),
      right: paddingAfter(ow, c.inWidth, c.effectiveFilterWidth, c.strideWidth, left, right),
    },
  };
}
