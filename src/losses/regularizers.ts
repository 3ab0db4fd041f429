/**
 * Gradient regularisers of the discriminator. Each returns a scalar that is itself differentiable w.r.t.
 * D's variables (double backpropagation), so the trainer adds it to D's loss inside the same
 * `tf.variableGrads` call:
 *
 *   const { grads } = tf.variableGrads(() =>
 *     tf.add(loss.discriminator(d(real), d(fake)), gradientPenalty(d, real, fake, rng)), dVars);
 *
 * Per-sample gradients are taken as ∇ₓ Σᵢ D(x)ᵢ, which equals each sample's own gradient only when D treats
 * samples independently: no batch normalisation in training mode, no minibatch statistics (the WGAN-GP
 * paper drops batch norm from the critic for this reason; use layer normalisation instead).
 */
import * as tf from '@tensorflow/tfjs-core';
import { UsageError } from '../util/errors.js';
import type { Rng } from '../util/rng.js';
import './gradients.js';

/** D as a function from a batch of samples to logits `[batch, 1]` (or `[batch]`). */
export type DiscriminatorFn = (x: tf.Tensor) => tf.Tensor;

/** Keeps √ differentiable at a zero gradient (√'s derivative is infinite at 0; e.g. a dead-ReLU critic). */
const NORM_EPSILON = 1e-12;

/** ∇ₓ Σᵢ D(x)ᵢ reshaped to `[batch, features]`: row i is ∇D(xᵢ) for a per-sample D. */
function perSampleGradients(d: DiscriminatorFn, x: tf.Tensor): tf.Tensor2D {
  const g = tf.grad((input: tf.Tensor) => tf.sum(d(input)))(x);
  return tf.reshape(g, [x.shape[0], -1]) as tf.Tensor2D;
}

/** Options of {@link gradientPenalty}. */
export interface GradientPenaltyOptions {
  /** λ, the penalty weight. Default 10 (Gulrajani et al. 2017). */
  weight?: number;
  /** The gradient norm the penalty pulls towards. Default 1 (1-Lipschitz). */
  target?: number;
}

/**
 * The WGAN-GP gradient penalty (Gulrajani et al. 2017):
 *   x̂ᵢ = εᵢ·xᵢ + (1 − εᵢ)·x̃ᵢ,  εᵢ ∼ U[0, 1] once per SAMPLE (not per pixel: x̂ must lie on the segment
 *   between a real and a fake sample, where the optimal critic has gradient norm 1),
 *   GP = λ · Eᵢ[(‖∇D(x̂ᵢ)‖₂ − 1)²].
 * @param d the discriminator (critic) as a function of a batch.
 * @param real a real batch.
 * @param fake a fake batch of the same shape.
 * @param rng the stream the εᵢ come from (one uniform per sample), so runs are reproducible and resumable.
 */
export function gradientPenalty(
  d: DiscriminatorFn,
  real: tf.Tensor,
  fake: tf.Tensor,
  rng: Rng,
  options: GradientPenaltyOptions = {},
): tf.Scalar {
  const { weight = 10, target = 1 } = options;
  if (real.shape.join() !== fake.shape.join()) {
    throw new UsageError(
      `gradient penalty needs real and fake batches of one shape, got [${real.shape}] and [${fake.shape}]`,
    );
  }
  const n = real.shape[0];
  const epsShape = [n, ...real.shape.slice(1).map(() => 1)];
  const eps = rng.uniform(n);
  return tf.tidy(() => {
    const e = tf.tensor(eps, epsShape);
    const xHat = tf.add(tf.mul(e, real), tf.mul(tf.sub(1, e), fake));
    const g = perSampleGradients(d, xHat);
    const norm = tf.sqrt(tf.add(tf.sum(tf.square(g), 1), NORM_EPSILON));
    return tf.mul(weight, tf.mean(tf.square(tf.sub(norm, target)))) as tf.Scalar;
  });
}

/**
 * Zero-centred gradient penalty on a batch `x`:  (γ/2) · Eᵢ[‖∇D(xᵢ)‖₂²].
 * On reals this is R1 (Mescheder et al. 2018; StyleGAN2, StarGAN v2 — seed 000's `r1_gp`), on fakes R2.
 */
function zeroCentredPenalty(d: DiscriminatorFn, x: tf.Tensor, gamma: number): tf.Scalar {
  return tf.tidy(() => {
    const g = perSampleGradients(d, x);
    return tf.mul(gamma / 2, tf.mean(tf.sum(tf.square(g), 1))) as tf.Scalar;
  });
}

/** R1 = (γ/2)·E_{x∼P_real}‖∇D(x)‖², penalising D's slope on the data. γ default 10 (StyleGAN2's FFHQ). */
export function r1Penalty(d: DiscriminatorFn, real: tf.Tensor, gamma = 10): tf.Scalar {
  return zeroCentredPenalty(d, real, gamma);
}

/** R2 = (γ/2)·E_{x∼P_G}‖∇D(x)‖², the same penalty on generated samples. γ default 10. */
export function r2Penalty(d: DiscriminatorFn, fake: tf.Tensor, gamma = 10): tf.Scalar {
  return zeroCentredPenalty(d, fake, gamma);
}

/**
 * A regulariser as the trainer calls it, whatever its kind: D, a real and a fake batch, and the rng stream
 * the trainer checkpoints. The result is added to D's loss inside the same `tf.variableGrads`.
 */
export type Regularizer = (d: DiscriminatorFn, real: tf.Tensor, fake: tf.Tensor, rng: Rng) => tf.Scalar;

/** Reads a regulariser's numeric options (all ≥ 0) over `defaults`; unknown keys are usage errors. */
function numbers<T extends Record<string, number>>(
  name: string,
  options: Record<string, unknown>,
  defaults: T,
): T {
  const out: Record<string, number> = { ...defaults };
  for (const [key, v] of Object.entries(options)) {
    if (!(key in defaults)) {
      throw new UsageError(
        `unknown option '${key}' for regulariser '${name}'; valid: ${Object.keys(defaults).join(', ')}`,
      );
    }
    if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) {
      throw new UsageError(`regulariser option '${key}' must be a finite number ≥ 0, got ${String(v)}`);
    }
    out[key] = v;
  }
  return out as T;
}

/** Regularisers by config name, e.g. `{ name: 'r1', gamma: 10 }`. Adding one: a function and a line here. */
export const regularizers: Record<string, (options: Record<string, unknown>) => Regularizer> = {
  gp: (o) => {
    const options = numbers('gp', o, { weight: 10, target: 1 });
    return (d, real, fake, rng) => gradientPenalty(d, real, fake, rng, options);
  },
  r1: (o) => {
    const { gamma } = numbers('r1', o, { gamma: 10 });
    return (d, real) => r1Penalty(d, real, gamma);
  },
  r2: (o) => {
    const { gamma } = numbers('r2', o, { gamma: 10 });
    return (d, _real, fake) => r2Penalty(d, fake, gamma);
  },
};

/** Builds the regulariser named `name`; an unknown name or option is a usage error. */
export function makeRegularizer(name: string, options: Record<string, unknown> = {}): Regularizer {
  const factory = regularizers[name];
  if (!factory) {
    throw new UsageError(`unknown regulariser '${name}'; valid: ${Object.keys(regularizers).join(', ')}`);
  }
  return factory(options);
}
