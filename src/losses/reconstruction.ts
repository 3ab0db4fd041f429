/**
 * Reconstruction losses of the image-to-image models: pix2pix's L1 term, CycleGAN's cycle and identity
 * terms, StarGAN v2's style, diversity and cycle terms (seed 000, seed 003).
 */
import * as tf from '@tensorflow/tfjs-core';

/** L1 = E|a − b|, the mean absolute error over all elements. */
export function l1Loss(a: tf.Tensor, b: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.abs(tf.sub(a, b))) as tf.Scalar);
}

/** L2 = E[(a − b)²], the mean squared error over all elements. */
export function l2Loss(a: tf.Tensor, b: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.square(tf.sub(a, b))) as tf.Scalar);
}
