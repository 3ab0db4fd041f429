/**
 * Layers and autograd helpers that tfjs lacks. Importing this module registers the custom layers with
 * tfjs's serialisation, which `tfl.loadLayersModel` / `modelFromJSON` need to rebuild a saved model.
 */
export { activationLayer, layerSeed } from './activation.js';
export {
  AdaptiveInstanceNorm,
  type AdaptiveInstanceNormArgs,
  adaInFromFeatures,
  adaptiveInstanceNorm,
} from './adain.js';
export {
  type Block,
  checkpointedSequential,
  denseBlock,
  type DenseBlockOptions,
  recomputeGrad,
  type SegmentFn,
  type Sequential,
  type SequentialOptions,
} from './checkpoint-grad.js';
export {
  EqualizedConv2D,
  type EqualizedConv2DArgs,
  type EqualizedArgs,
  EqualizedDense,
  type EqualizedDenseArgs,
} from './equalized.js';
export { InstanceNormalization, type InstanceNormalizationArgs } from './instance-norm.js';
export { ScaledAdd, type ScaledAddArgs } from './scaled-add.js';
export type { LayerArgs } from './layer-args.js';
export { MinibatchDiscrimination, type MinibatchDiscriminationArgs } from './minibatch-discrimination.js';
export { MinibatchStdDev, type MinibatchStdDevArgs } from './minibatch-stddev.js';
export { oneHotLabels } from './one-hot.js';
export { convBias, NORM_KINDS, type NormKind, normLayer } from './norm.js';
export { PixelNorm, pixelNorm } from './pixel-norm.js';
export { ReflectionPadding2D, type ReflectionPadding2DArgs, reflectionPad2d } from './reflection-pad.js';
export { Downsample2x, downsample2x, Upsample2x, upsample2x } from './resample.js';
export { Blur2d, blur2d, BLUR_TAPS } from './blur.js';
export { SpectralConv2D, type SpectralConv2DArgs } from './spectral-conv2d.js';
export { SpectralDense, type SpectralDenseArgs } from './spectral-dense.js';
export type { SpectralArgs } from './spectral-layer.js';
