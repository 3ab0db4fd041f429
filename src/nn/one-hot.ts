/**
 * One-hot class labels as float32 network inputs. Labels meet float32 noise or features in a Concatenate
 * or a Dense, so they are float32 too: tf.oneHot's int32 default makes that a mixed-dtype Concat, which
 * the native backend hands to the cpu fallback. The float32 comes from a Cast, not from tf.oneHot's
 * `dtype` argument, because stock tfjs-backend-wasm 4.22's OneHot kernel ignores it and writes int32 bit
 * patterns into the float32 output (1 reads as 1.4e-45).
 */
import * as tf from '@tensorflow/tfjs-core';

/** `labels` (class indices) as an [n, numClasses] float32 one-hot matrix. */
export function oneHotLabels(labels: Int32Array, numClasses: number): tf.Tensor2D {
  return tf.tidy(
    () => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), numClasses), 'float32') as tf.Tensor2D,
  );
}
