/**
 * Wasserstein GAN (Arjovsky et al. 2017; seed 003). By Kantorovich–Rubinstein duality
 *   W₁(P_r, P_g) = sup_{‖f‖_L ≤ 1} E_{x∼P_r}[f(x)] − E_{x∼P_g}[f(x)],
 * so the critic f = D (its logit, no sigmoid) minimises
 *   L_D = E[D(G(z))] − E[D(x)]
 * and the generator minimises L_G = −E[D(G(z))]. The Lipschitz constraint is not part of the loss: use
 * {@link clipWeights} after every critic step (the original WGAN), the gradient penalty of
 * `regularizers.ts` (WGAN-GP), or spectral normalisation.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AdversarialLoss } from './types.js';

/** The WGAN critic and generator losses. */
export function wassersteinLoss(): AdversarialLoss {
  return {
    name: 'wasserstein',
    discriminator: (real, fake) => tf.tidy(() => tf.sub(tf.mean(fake), tf.mean(real)) as tf.Scalar),
    generator: (fake) => tf.tidy(() => tf.neg(tf.mean(fake)) as tf.Scalar),
  };
}

/**
 * ProGAN's drift term (Karras et al. 2018, appendix A.1; the official `EpsilonPenalty`):
 *   ε_drift · E_{x∼P_r}[D(x)²],  ε_drift = 0.001,
 * added to the WGAN-GP critic loss so that its outputs, which the Wasserstein loss determines only up
 * to a constant, do not drift far from zero.
 */
export function driftPenalty(realLogits: tf.Tensor, weight = 0.001): tf.Scalar {
  return tf.tidy(() => tf.mul(weight, tf.mean(tf.square(realLogits))) as tf.Scalar);
}

/**
 * Clips every weight of `vars` into [−c, c] in place (WGAN's crude Lipschitz bound; the paper uses
 * c = 0.01). Call it after each critic update. It mutates the variables by design: it is a projection
 * step of the optimiser, not part of the loss.
 */
export function clipWeights(vars: readonly tf.Variable[], c: number): void {
  if (!(c > 0)) throw new RangeError(`clip value must be positive, got ${c}`);
  for (const v of vars) {
    tf.tidy(() => v.assign(tf.clipByValue(v, -c, c)));
  }
}
