/**
 * Binary cross-entropy on logits, the loss of the original GAN (Goodfellow et al. 2014).
 *
 *   BCE(y, l) = max(l, 0) − l·y + log(1 + exp(−|l|))
 *
 * equals −y·log σ(l) − (1−y)·log(1−σ(l)) without overflow for any logit, which is why gankit's
 * discriminators output logits instead of Keras's `Dense(1, activation="sigmoid")` (same model, stable loss).
 * With y = 1 it is softplus(−l) = −log σ(l), with y = 0 it is softplus(l) = −log(1 − σ(l)).
 */
import * as tf from '@tensorflow/tfjs-core';
import { UsageError } from '../util/errors.js';
import type { Rng } from '../util/rng.js';
import { numberOption, rngOption } from './options.js';
import type { AdversarialLoss } from './types.js';

/** softplus(x) = log(1 + eˣ), computed as max(x, 0) + log(1 + e^(−|x|)) so that it never overflows. */
export function softplus(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.add(tf.relu(x), tf.log1p(tf.exp(tf.neg(tf.abs(x))))));
}

/**
 * Mean binary cross-entropy of `logits` against `target`: a constant in [0, 1], or a tensor of per-item
 * targets broadcastable to `logits` (noisy labels).
 */
export function bceWithLogits(logits: tf.Tensor, target: number | tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    if (target === 0) return tf.mean(softplus(logits)) as tf.Scalar;
    const perItem = tf.add(
      tf.sub(tf.relu(logits), tf.mul(logits, target)),
      tf.log1p(tf.exp(tf.neg(tf.abs(logits)))),
    );
    return tf.mean(perItem) as tf.Scalar;
  });
}

/** Target labels for the discriminator's two BCE terms (see {@link BceLossOptions}). */
export interface BceLabels {
  /** Target of real samples: 1, or 0.9 for one-sided label smoothing (Salimans et al. 2016). */
  realLabel: number;
  /** Target of fake samples: 0; a positive value is two-sided smoothing (seed 001's "0.8/0.2"). */
  fakeLabel: number;
  /** Probability that each discriminator target is swapped for the other class's label ("noisy labels"). */
  labelFlip: number;
  /** Source of the flips; the trainer passes a stream it checkpoints, so a resumed run flips identically. */
  rng?: Rng;
}

/** Options of the BCE losses, as they appear in a config. */
export type BceLossOptions = Partial<BceLabels>;

/** Validates BCE label options; `labelFlip` > 0 needs an `rng`. */
function bceLabels(options: Record<string, unknown>): BceLabels {
  const labels: BceLabels = {
    realLabel: numberOption(options, 'realLabel', 1, 0, 1),
    fakeLabel: numberOption(options, 'fakeLabel', 0, 0, 1),
    labelFlip: numberOption(options, 'labelFlip', 0, 0, 1),
    rng: rngOption(options),
  };
  if (labels.labelFlip > 0 && !labels.rng) {
    throw new UsageError("loss option 'labelFlip' needs an 'rng' to draw the flips from");
  }
  return labels;
}

/**
 * The target for a batch of D logits: `label` everywhere, except that with probability `flip` an item gets
 * `other` instead. One uniform draw per item, in row-major order of `logits`.
 */
function targetFor(
  logits: tf.Tensor,
  label: number,
  other: number,
  flip: number,
  rng?: Rng,
): number | tf.Tensor {
  if (flip === 0 || !rng) return label;
  const u = rng.uniform(logits.size);
  const t = new Float32Array(logits.size);
  for (let i = 0; i < t.length; i++) t[i] = u[i] < flip ? other : label;
  return tf.tensor(t, logits.shape);
}

/**
 * D's BCE loss with the configured labels:
 *   L_D = BCE(y_real, D(x)) + BCE(y_fake, D(G(z)))
 */
function discriminatorBce(labels: BceLabels): AdversarialLoss['discriminator'] {
  const { realLabel, fakeLabel, labelFlip, rng } = labels;
  return (real, fake) =>
    tf.tidy(
      () =>
        tf.add(
          bceWithLogits(real, targetFor(real, realLabel, fakeLabel, labelFlip, rng)),
          bceWithLogits(fake, targetFor(fake, fakeLabel, realLabel, labelFlip, rng)),
        ) as tf.Scalar,
    );
}

/**
 * The non-saturating GAN loss (seed 001/002/003), in StyleGAN's softplus form (seed 000's StarGAN v2):
 *   L_D = BCE(1, D(x)) + BCE(0, D(G(z))) = softplus(−D(x)) + softplus(D(G(z)))
 *   L_G = BCE(1, D(G(z))) = softplus(−D(G(z))) = −log σ(D(G(z)))
 * G minimises −log D(G(z)) instead of log(1 − D(G(z))), whose gradient vanishes when D wins.
 * G's target stays 1 whatever the label options: smoothing is a regulariser of D only.
 */
export function nonSaturatingLoss(options: BceLossOptions = {}): AdversarialLoss {
  return {
    name: 'non-saturating',
    discriminator: discriminatorBce(bceLabels(options)),
    generator: (fake) => tf.tidy(() => tf.mean(softplus(tf.neg(fake))) as tf.Scalar),
  };
}

/**
 * The original minimax (saturating) loss:
 *   L_D as {@link nonSaturatingLoss};  L_G = E[log(1 − σ(D(G(z))))] = −softplus(D(G(z)))
 * Its gradient w.r.t. the logit is −σ(l), which tends to 0 as D(G(z)) → 0: G learns nothing exactly
 * when its samples are worst (Goodfellow et al. 2014, §3).
 */
export function minimaxLoss(options: BceLossOptions = {}): AdversarialLoss {
  return {
    name: 'minimax',
    discriminator: discriminatorBce(bceLabels(options)),
    generator: (fake) => tf.tidy(() => tf.neg(tf.mean(softplus(fake))) as tf.Scalar),
  };
}
