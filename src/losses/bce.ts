/**
 * Binary cross-entropy on logits, the loss of the original GAN (Goodfellow et al. 2014).
 *
 *   BCE(y, l) = max(l, 0) − l·y + log(1 + exp(−|l|))
 *
 * equals −y·log σ(l) − (1−y)·log(1−σ(l)) without overflow for any logit, which is why gankit's
 * discriminators output logits instead of Keras's `Dense(1, activation="sigmoid")` (same model, stable loss).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AdversarialLoss } from './types.js';

/** Mean binary cross-entropy of `logits` against the constant target `target` (0…1). */
export function bceWithLogits(logits: tf.Tensor, target: number): tf.Scalar {
  return tf.tidy(() => {
    const pos = tf.relu(logits);
    const softplusNegAbs = tf.log1p(tf.exp(tf.neg(tf.abs(logits))));
    const perItem =
      target === 0
        ? tf.add(pos, softplusNegAbs)
        : tf.add(tf.sub(pos, tf.mul(logits, target)), softplusNegAbs);
    return tf.mean(perItem) as tf.Scalar;
  });
}

/**
 * The non-saturating GAN loss (seed 001/002/003): D minimises BCE(1, D(x)) + BCE(0, D(G(z))); G minimises
 * BCE(1, D(G(z))) = −log D(G(z)) instead of log(1 − D(G(z))), whose gradient vanishes when D wins.
 */
export function nonSaturatingLoss(): AdversarialLoss {
  return {
    name: 'non-saturating',
    discriminator: (real, fake) =>
      tf.tidy(() => tf.add(bceWithLogits(real, 1), bceWithLogits(fake, 0)) as tf.Scalar),
    generator: (fake) => bceWithLogits(fake, 1),
  };
}

/** The original minimax (saturating) loss: G minimises log(1 − D(G(z))) = −BCE(0, D(G(z))). */
export function minimaxLoss(): AdversarialLoss {
  return {
    name: 'minimax',
    discriminator: nonSaturatingLoss().discriminator,
    generator: (fake) => tf.tidy(() => tf.neg(bceWithLogits(fake, 0)) as tf.Scalar),
  };
}
