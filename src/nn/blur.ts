/**
 * StyleGAN's low-pass filter (Karras et al. 2019, the official `blur2d` with its default filter
 * [1, 2, 1]): each channel convolved with the normalised 3×3 kernel [1, 2, 1]ᵀ[1, 2, 1] / 16, zero
 * padding, stride 1. The generator applies it after every upsampling convolution and the discriminator
 * before every downsampling one; it suppresses the checkerboard that nearest upsampling leaves.
 *
 * R1 and the gradient penalty differentiate through D twice; the gradient is given here, as the
 * filter itself (see {@link blur2d}). The export (src/export/stylegan.ts) writes the same filter as a
 * standard `DepthwiseConv2D`.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from './layer-args.js';

/** The 1-D filter; the 2-D kernel is its outer product with itself. */
export const BLUR_TAPS = [0.25, 0.5, 0.25] as const;

/**
 * The filter as a computation: a one-pixel zero border, then two 2×2 means at stride 1. A 2×2 mean is
 * [1, 1]/2 ⊗ [1, 1]/2, and [1, 1]/2 convolved with itself is [1, 2, 1]/4, so the two give the 3×3
 * kernel exactly, at the input's size. Average pooling runs natively on every gankit backend; a
 * depthwise convolution does not (the native backend has none: it fell back to cpu, and a StyleGAN step
 * took 676 against 247 ms).
 */
function filter(x: tf.Tensor4D): tf.Tensor4D {
  const padded = tf.pad(x, [
    [0, 0],
    [1, 1],
    [1, 1],
    [0, 0],
  ]);
  return tf.avgPool(tf.avgPool(padded, 2, 1, 'valid'), 2, 1, 'valid');
}

/**
 * Every channel of NHWC `x` low-pass filtered by [1, 2, 1]ᵀ[1, 2, 1] / 16 ('same' size, zeros beyond
 * the edges). Its gradient is the same filter: the kernel is symmetric and the zero border is one pixel
 * on every side, so the filter is its own adjoint. That gradient is again {@link blur2d}, so the filter
 * is differentiable to any order (tfjs defines no gradient of AvgPoolGrad, which a second order through
 * plain average pooling would need).
 */
export const blur2d = tf.customGrad(((x: tf.Tensor4D) => ({
  value: tf.tidy(() => filter(x)),
  gradFunc: (dy: tf.Tensor4D) => blur2d(dy),
})) as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor4D) => tf.Tensor4D;

/** The layer form of {@link blur2d} (no weights). */
export class Blur2d extends tfl.layers.Layer {
  static readonly className = 'Blur2d';

  constructor(args: LayerArgs = {}) {
    super(args);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return blur2d((Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D);
  }
}
tf.serialization.registerClass(Blur2d);
