/**
 * The contract of adversarial losses. Discriminators output logits; each loss applies its own link
 * (sigmoid, identity, …) in a numerically stable form. The trainer only calls these two functions.
 */
import type * as tf from '@tensorflow/tfjs-core';

export interface AdversarialLoss {
  /** Registry name, e.g. `non-saturating`. */
  readonly name: string;
  /** Loss the discriminator minimises, given its logits on a real and on a fake batch. */
  discriminator(realLogits: tf.Tensor, fakeLogits: tf.Tensor): tf.Scalar;
  /**
   * Loss the generator minimises, given D's logits on its fakes. `realLogits` is passed only to losses
   * that declare {@link needsRealLogitsForGenerator} (the relativistic ones).
   */
  generator(fakeLogits: tf.Tensor, realLogits?: tf.Tensor): tf.Scalar;
  /** True when {@link generator} needs D's logits on a real batch too. */
  readonly needsRealLogitsForGenerator?: boolean;
}

/** Makes a loss from its config options (e.g. label smoothing). */
export type LossFactory = (options: Record<string, unknown>) => AdversarialLoss;
