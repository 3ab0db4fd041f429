/**
 * Instance normalisation (Ulyanov et al. 2016) as pix2pix and CycleGAN use it, without affine
 * parameters: per sample and channel of an NHWC tensor,
 *
 *   y = (x − μ) / √(σ² + ε),   μ, σ² = mean and (biased) variance over H and W.
 *
 * Where the active backend registers gankit's fused kernels (native), the forward and the backward
 * pass are one kernel each; elsewhere the same formula is composed from tfjs ops (moments, sub, mul,
 * rsqrt), which every backend runs. Measured on [4, 64, 64, 64] activations (bench/translation-ops.ts)
 * the composite's forward + backward is about forty kernels; the fused pair reads the data a few times.
 */
import * as tf from '@tensorflow/tfjs-core';
import { INSTANCE_NORM_GRAD_KERNEL, INSTANCE_NORM_KERNEL } from './native/kernels/instance_norm.js';

/** The tfjs composite: what non-native backends run, and the reference the fused kernels match. */
export function instanceNormComposite(x: tf.Tensor4D, epsilon = 1e-5): tf.Tensor4D {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, [1, 2], true);
    return tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, epsilon))) as tf.Tensor4D;
  });
}

/**
 * Instance norm of `x` ([N, H, W, C]) with variance offset `epsilon` (PyTorch's default 1e-5),
 * differentiable on every backend.
 */
export function instanceNorm(x: tf.Tensor4D, epsilon = 1e-5): tf.Tensor4D {
  if (x.dtype !== 'float32' || tf.getKernel(INSTANCE_NORM_KERNEL, tf.getBackend()) === undefined) {
    return instanceNormComposite(x, epsilon);
  }
  const attrs = { epsilon } as unknown as tf.NamedAttrMap;
  const fused = tf.customGrad((input, save) => {
    (save as tf.GradSaveFunc)([input as tf.Tensor]);
    return {
      value: tf.engine().runKernel(INSTANCE_NORM_KERNEL, { x: input as tf.Tensor }, attrs) as tf.Tensor,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.engine().runKernel(INSTANCE_NORM_GRAD_KERNEL, { x: saved[0], dy }, attrs) as tf.Tensor,
    };
  });
  return fused(x) as tf.Tensor4D;
}
