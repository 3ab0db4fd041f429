/**
 * The auxiliary classifier loss of AC-GAN (Odena et al. 2017): D has a second head of class logits,
 * trained on reals and fakes, and G is rewarded for fakes that are classified as the class they were
 * generated for. Both minimise the softmax cross-entropy
 *   L_cls = −E[log softmax(logits)_y] = E[logsumexp(logits) − logits_y]
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Mean softmax cross-entropy of class logits `[batch, classes]` against integer labels `[batch]`
 * (int32 tensor or plain array) or one-hot / soft label rows `[batch, classes]`.
 */
export function auxiliaryClassifierLoss(
  classLogits: tf.Tensor2D,
  labels: tf.Tensor | ArrayLike<number>,
): tf.Scalar {
  return tf.tidy(() => {
    const numClasses = classLogits.shape[1];
    const lab = labels instanceof tf.Tensor ? labels : tf.tensor1d(Array.from(labels), 'int32');
    const target = lab.rank === 1 ? tf.oneHot(tf.cast(lab, 'int32'), numClasses) : lab;
    const logProb = tf.logSoftmax(classLogits);
    return tf.neg(tf.mean(tf.sum(tf.mul(target, logProb), 1))) as tf.Scalar;
  });
}
