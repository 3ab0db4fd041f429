/**
 * Least-squares GAN (Mao et al. 2017). D's logit is used as a raw score, regressed onto targets:
 *   L_D = ½·E[(D(x) − b)²] + ½·E[(D(G(z)) − a)²]
 *   L_G = ½·E[(D(G(z)) − c)²]
 * Defaults a = 0, b = 1, c = 1 (the paper's "0-1 coding", used by pix2pix/CycleGAN and StudioGAN); with
 * b − c = 1 and b − a = 2 (e.g. a = −1, b = 1, c = 0) minimising L_G minimises the Pearson χ² divergence.
 * The squared error penalises fakes that are on the right side of the boundary but far from the data,
 * so G keeps a gradient where the sigmoid of the BCE loss would have saturated.
 */
import * as tf from '@tensorflow/tfjs-core';
import { numberOption } from './options.js';
import type { AdversarialLoss } from './types.js';

/** Targets of the least-squares loss. */
export interface LeastSquaresOptions {
  /** D's target for fakes. Default 0. */
  a?: number;
  /** D's target for reals. Default 1. */
  b?: number;
  /** G's target for its fakes. Default 1. */
  c?: number;
}

/** ½·E[(x − target)²]. */
export function halfMeanSquaredError(x: tf.Tensor, target: number): tf.Scalar {
  return tf.tidy(() => tf.mul(0.5, tf.mean(tf.square(tf.sub(x, target)))) as tf.Scalar);
}

/** The LSGAN loss with targets a (fake), b (real), c (generator). */
export function leastSquaresLoss(options: LeastSquaresOptions = {}): AdversarialLoss {
  const o = options as Record<string, unknown>;
  const a = numberOption(o, 'a', 0);
  const b = numberOption(o, 'b', 1);
  const c = numberOption(o, 'c', 1);
  return {
    name: 'least-squares',
    discriminator: (real, fake) =>
      tf.tidy(() => tf.add(halfMeanSquaredError(real, b), halfMeanSquaredError(fake, a)) as tf.Scalar),
    generator: (fake) => halfMeanSquaredError(fake, c),
  };
}
