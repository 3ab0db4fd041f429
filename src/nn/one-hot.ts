/**
 * One-hot class labels as float32 network inputs. Labels meet float32 noise or features in a Concatenate
 * or a Dense, so they are float32 too: tf.oneHot's int32 default makes that a mixed-dtype Concat, which
 * the native backend hands to the cpu fallback. (Stock tfjs-backend-wasm 4.22's OneHot ignores `dtype`
 * and writes int32 bits into a float32 output; gankit's wasm OneHot, src/backend/wasm/one-hot.ts,
 * replaces it.)
 */
import * as tf from '@tensorflow/tfjs-core';

/** `labels` (class indices) as an [n, numClasses] float32 one-hot matrix. */
export function oneHotLabels(labels: Int32Array, numClasses: number): tf.Tensor2D {
  return tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), numClasses, 1, 0, 'float32') as tf.Tensor2D);
}
