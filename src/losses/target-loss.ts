/**
 * The adversarial criterion of the image-to-image models, as pytorch-CycleGAN-and-pix2pix's `GANLoss`
 * defines it: one call `targetLoss(type, logits, isReal)` compares D's output (one logit per patch for
 * a PatchGAN) with the label of the side it should predict, so the objectives never handle target
 * tensors. Averaged over every patch of every image.
 *   non-saturating ("vanilla"): BCE-with-logits against 1 (real) or 0 (fake)
 *   least-squares ("lsgan"):    mean((D − 1)²) or mean(D²)
 * G uses the same call with `isReal = true` (the non-saturating form −log D(G(x)) for BCE).
 */
import * as tf from '@tensorflow/tfjs-core';
import { UsageError } from '../util/errors.js';
import { bceWithLogits } from './bce.js';

/** Loss types the criterion supports (names of src/losses/registry.ts). */
export const TARGET_LOSSES = ['non-saturating', 'least-squares'] as const;
export type TargetLossType = (typeof TARGET_LOSSES)[number];

/** Checks a config's `loss.type` for the image-to-image objectives. */
export function targetLossType(type: string, objective: string): TargetLossType {
  if (!(TARGET_LOSSES as readonly string[]).includes(type))
    throw new UsageError(
      `config: 'loss.type' must be one of ${TARGET_LOSSES.join(', ')} for ${objective}, got '${type}'`,
    );
  return type as TargetLossType;
}

/** Mean criterion between `logits` and the label of real (1) or fake (0) data. */
export function targetLoss(type: TargetLossType, logits: tf.Tensor, isReal: boolean): tf.Scalar {
  const target = isReal ? 1 : 0;
  if (type === 'non-saturating') return bceWithLogits(logits, target);
  return tf.tidy(() => tf.mean(tf.square(tf.sub(logits, target))) as tf.Scalar);
}
