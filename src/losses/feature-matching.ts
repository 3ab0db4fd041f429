/**
 * Feature matching (Salimans et al. 2016, §3.1): G matches the statistics of an intermediate layer f of D
 * instead of maximising D's output,
 *   L_FM = Σ_layers ‖E_x[f(x)] − E_z[f(G(z))]‖₂²
 * with the expectations taken as batch means and the squared norm summed over all feature elements.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * The feature-matching loss between D's features on a real and on a fake batch (one tensor per layer,
 * batch first; shapes must match pairwise; batch sizes may differ).
 */
export function featureMatchingLoss(
  realFeatures: tf.Tensor | readonly tf.Tensor[],
  fakeFeatures: tf.Tensor | readonly tf.Tensor[],
): tf.Scalar {
  const reals = Array.isArray(realFeatures) ? realFeatures : [realFeatures as tf.Tensor];
  const fakes = Array.isArray(fakeFeatures) ? fakeFeatures : [fakeFeatures as tf.Tensor];
  if (reals.length !== fakes.length || reals.length === 0) {
    throw new RangeError('feature matching needs the same number (≥ 1) of real and fake feature layers');
  }
  return tf.tidy(() => {
    let total: tf.Tensor = tf.scalar(0);
    reals.forEach((r, i) => {
      const diff = tf.sub(tf.mean(r, 0), tf.mean(fakes[i], 0));
      total = tf.add(total, tf.sum(tf.square(diff)));
    });
    return total as tf.Scalar;
  });
}
