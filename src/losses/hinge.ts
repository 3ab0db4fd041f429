/**
 * Hinge loss (Lim & Ye 2017; Miyato et al. 2018 SNGAN; BigGAN):
 *   L_D = E[max(0, 1 − D(x))] + E[max(0, 1 + D(G(z)))]
 *   L_G = −E[D(G(z))]
 * D stops pushing samples that are already beyond the margin, which keeps its logits bounded.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AdversarialLoss } from './types.js';

/** The hinge discriminator loss and the (Wasserstein-like) generator loss. */
export function hingeLoss(): AdversarialLoss {
  return {
    name: 'hinge',
    discriminator: (real, fake) =>
      tf.tidy(
        () => tf.add(tf.mean(tf.relu(tf.sub(1, real))), tf.mean(tf.relu(tf.add(1, fake)))) as tf.Scalar,
      ),
    generator: (fake) => tf.tidy(() => tf.neg(tf.mean(fake)) as tf.Scalar),
  };
}
