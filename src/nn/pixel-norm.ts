/**
 * Pixelwise feature vector normalisation (Karras et al. 2018, ProGAN §4.2): every pixel's feature
 * vector is scaled to unit mean square over the channels,
 *
 *   b_{x,y} = a_{x,y} / √( (1/C) Σ_j (a^j_{x,y})² + ε ),   ε = 1e-8,
 *
 * which keeps G's signal magnitudes from escalating under the adversarial game. The last axis is the
 * channel axis: NHWC activations, or [N, F] latents (StyleGAN normalises z this way).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from './layer-args.js';

/** ε of the official pixel norm. */
export const PIXEL_NORM_EPSILON = 1e-8;

/** x / √(mean(x², last axis) + ε), differentiable on every backend. */
export function pixelNorm<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => tf.mul(x, tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), PIXEL_NORM_EPSILON))) as T);
}

/** The layer form of {@link pixelNorm}: any shape in, the same shape out. */
export class PixelNorm extends tfl.layers.Layer {
  static readonly className = 'PixelNorm';

  constructor(args: LayerArgs = {}) {
    super(args);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return pixelNorm(Array.isArray(inputs) ? inputs[0] : inputs);
  }
}
tf.serialization.registerClass(PixelNorm);
