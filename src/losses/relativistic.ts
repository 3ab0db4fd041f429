/**
 * Relativistic GANs (Jolicoeur-Martineau 2018). D estimates how much more realistic a real sample is than
 * a fake one; G therefore also pulls the reals' logits down, which the non-saturating G loss ignores.
 * With C the critic's logit, the relativistic-average logits are
 *   C̃(x) = C(x) − E[C(G(z))],   C̃(G(z)) = C(G(z)) − E[C(x)]
 * (batch means; the gradient flows through them, as in the paper's code). All variants need D's logits on
 * a real batch in the generator step, hence `needsRealLogitsForGenerator`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { UsageError } from '../util/errors.js';
import { softplus } from './bce.js';
import type { AdversarialLoss } from './types.js';

/** C̃(x) and C̃(G(z)) of the relativistic-average losses. */
function averageRelative(real: tf.Tensor, fake: tf.Tensor): [tf.Tensor, tf.Tensor] {
  return [tf.sub(real, tf.mean(fake)), tf.sub(fake, tf.mean(real))];
}

function requireReal(real: tf.Tensor | undefined, name: string): tf.Tensor {
  if (!real) throw new UsageError(`the ${name} generator loss needs D's logits on a real batch`);
  return real;
}

/**
 * A relativistic-average loss from its two-sided term `both(pos, neg)`, which rewards `pos` for being
 * more real and `neg` for being more fake: D minimises both(C̃(x), C̃(G(z))), G the swapped
 * both(C̃(G(z)), C̃(x)). The three variants differ only in that term.
 */
function relativisticAverage(
  name: string,
  both: (pos: tf.Tensor, neg: tf.Tensor) => tf.Scalar,
): AdversarialLoss {
  return {
    name,
    needsRealLogitsForGenerator: true,
    discriminator: (real, fake) =>
      tf.tidy(() => {
        const [r, f] = averageRelative(real, fake);
        return both(r, f);
      }),
    generator: (fake, real) =>
      tf.tidy(() => {
        const [r, f] = averageRelative(requireReal(real, name), fake);
        return both(f, r);
      }),
  };
}

/**
 * Relativistic standard GAN (RSGAN): pairs the i-th real with the i-th fake.
 *   L_D = E[softplus(−(C(xᵢ) − C(G(zᵢ))))],   L_G = E[softplus(−(C(G(zᵢ)) − C(xᵢ)))]
 * Real and fake batches must have the same size.
 */
export function relativisticLoss(): AdversarialLoss {
  return {
    name: 'relativistic',
    needsRealLogitsForGenerator: true,
    discriminator: (real, fake) => tf.tidy(() => tf.mean(softplus(tf.sub(fake, real))) as tf.Scalar),
    generator: (fake, real) =>
      tf.tidy(() => tf.mean(softplus(tf.sub(requireReal(real, 'relativistic'), fake))) as tf.Scalar),
  };
}

/**
 * Relativistic average standard GAN (RaSGAN):
 *   L_D = E[softplus(−C̃(x))] + E[softplus(C̃(G(z)))]
 *   L_G = E[softplus(−C̃(G(z)))] + E[softplus(C̃(x))]
 * i.e. BCE with targets 1/0 for D and swapped targets for G.
 */
export function relativisticAverageLoss(): AdversarialLoss {
  return relativisticAverage(
    'relativistic-average',
    (pos, neg) => tf.add(tf.mean(softplus(tf.neg(pos))), tf.mean(softplus(neg))) as tf.Scalar,
  );
}

/**
 * Relativistic average least-squares GAN (RaLSGAN), the paper's equations (its code halves both terms):
 *   L_D = E[(C̃(x) − 1)²] + E[(C̃(G(z)) + 1)²]
 *   L_G = E[(C̃(G(z)) − 1)²] + E[(C̃(x) + 1)²]
 */
export function relativisticAverageLeastSquaresLoss(): AdversarialLoss {
  return relativisticAverage(
    'relativistic-average-ls',
    (pos, neg) => tf.add(tf.mean(tf.square(tf.sub(pos, 1))), tf.mean(tf.square(tf.add(neg, 1)))) as tf.Scalar,
  );
}

/**
 * Relativistic average hinge GAN (RaHinge):
 *   L_D = E[max(0, 1 − C̃(x))] + E[max(0, 1 + C̃(G(z)))]
 *   L_G = E[max(0, 1 − C̃(G(z)))] + E[max(0, 1 + C̃(x))]
 */
export function relativisticAverageHingeLoss(): AdversarialLoss {
  return relativisticAverage(
    'relativistic-average-hinge',
    (pos, neg) => tf.add(tf.mean(tf.relu(tf.sub(1, pos))), tf.mean(tf.relu(tf.add(1, neg)))) as tf.Scalar,
  );
}
