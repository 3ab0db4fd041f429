/**
 * tfjs 4.22 gradients that do the same math with less full-size work, re-registered (for every
 * backend) when this module loads. Each is built from differentiable ops on the saved inputs, as the
 * originals are, so second-order gradients (gradient penalty, R1) through them stay correct.
 *
 * - `Mean`: tfjs builds a tensor of ones of the input's size in JavaScript, uploads it, multiplies the
 *   upstream gradient by it and divides the result — four passes over the input's size, one of them in
 *   a JavaScript loop (2 % of a dcgan-fashion step's CPU time). Here the upstream gradient is divided
 *   while it is still small and multiplied into a backend-filled tensor of ones: two passes, no
 *   JavaScript loop. Bit-identical in first order: 1·(dy/n) = (dy·1)/n; in second order equal to
 *   rounding (Σddx/n here, Σ(ddx/n) in tfjs's).
 * - `FusedBatchNorm`: tfjs tiles 1/σ to the input's size, and computes the mean and variance gradients
 *   as full-size products that are summed afterwards, ≈ 14 full-size passes per layer. With
 *   x̂-free sums the same five gradients need five: x − μ, dy·(x − μ) and its sum, the sum of dy, and
 *   dy·γ/σ (the per-channel factors are computed on the channel vectors first).
 *   ∂x = dy·γσ⁻¹, ∂μ = −γσ⁻¹·Σdy, ∂σ² = −½γσ⁻³·Σdy(x−μ), ∂γ = σ⁻¹·Σdy(x−μ), ∂β = Σdy, with
 *   σ⁻¹ = 1/√(σ² + ε) and the sums over the axes μ is broadcast along. Equal to tfjs's to rounding.
 * - `LeakyRelu` and `Relu`: tfjs's gradients are three kernels each (Greater, Multiply, Select; Step,
 *   Cast, Multiply), three full-size passes. Where the backend has {@link ACTIVATION_GRAD} (native), it
 *   is one kernel and one pass, with the same float32 operations, so the same bits; elsewhere tfjs's
 *   composite runs. The kernel is linear in dy and piecewise constant in x, so its own gradient is
 *   itself applied to the upstream gradient (and zero for x), as the composite's is.
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core registers its own gradients when tfjs-layers loads: load it first so that these replace them.
import '@tensorflow/tfjs-layers';
// The comparison kernels' zero gradients, which the composites below need under double backprop.
import '../losses/gradients.js';

/** Kernel name: dy times the derivative of a piecewise-linear activation at x (attrs activation, alpha). */
export const ACTIVATION_GRAD = 'GankitActivationGrad';

/** The activations {@link ACTIVATION_GRAD} knows, with tfjs's composite for backends without it. */
const COMPOSITE: Record<string, (dy: tf.Tensor, x: tf.Tensor, alpha: number) => tf.Tensor> = {
  [tf.LeakyRelu]: (dy, x, alpha) => tf.where(tf.greater(x, 0), dy, tf.mul(dy, alpha)),
  [tf.Relu]: (dy, x) => tf.mul(dy, tf.cast(tf.step(x), 'float32')),
};

/** dy · f′(x) for `activation` (a key of {@link COMPOSITE}): one kernel where the backend has it. */
function activationGrad(activation: string, dy: tf.Tensor, x: tf.Tensor, alpha: number): tf.Tensor {
  const fused =
    dy.dtype === 'float32' &&
    x.dtype === 'float32' &&
    tf.util.arraysEqual(dy.shape, x.shape) &&
    tf.getKernel(ACTIVATION_GRAD, tf.getBackend()) !== undefined;
  if (!fused) return COMPOSITE[activation](dy, x, alpha);
  return tf.engine().runKernel(ACTIVATION_GRAD, { dy, x }, { activation, alpha }) as tf.Tensor;
}

for (const activation of Object.keys(COMPOSITE)) {
  tf.registerGradient({
    kernelName: activation,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const alpha = activation === tf.LeakyRelu ? (attrs as unknown as tf.LeakyReluAttrs).alpha : 0;
      return { x: () => activationGrad(activation, dy as tf.Tensor, saved[0], alpha) };
    },
  });
}

tf.registerGradient({
  kernelName: ACTIVATION_GRAD,
  inputsToSave: ['x'],
  gradFunc: (ddx, saved, attrs) => {
    const { activation, alpha } = attrs as unknown as { activation: string; alpha: number };
    return {
      dy: () => activationGrad(activation, ddx as tf.Tensor, saved[0], alpha),
      x: () => tf.zerosLike(saved[0]),
    };
  },
});

// Not broadcastTo: tfjs's Tile gradient is a loop of one Slice and one Add per repetition (1,024 of each
// per StyleGAN step, through R1's second order) and stops at rank 4; onesLike is one native fill, and
// the product's gradient with respect to the small factor is a single Sum.
tf.registerGradient({
  kernelName: tf.Mean,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const axes = tf.util.parseAxisParam((attrs as unknown as tf.MeanAttrs).axis, x.shape);
    const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
    const n = axes.reduce((p, a) => p * x.shape[a], 1);
    return { x: () => tf.mul(tf.onesLike(x), tf.div(tf.reshape(dy as tf.Tensor, kept), n)) };
  },
});

tf.registerGradient({
  kernelName: tf.FusedBatchNorm,
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dyIn, saved, attrs) => {
    const dy = dyIn as tf.Tensor;
    const { varianceEpsilon } = attrs as unknown as tf.FusedBatchNormAttrs;
    const [x, mean, variance, scale] = saved;
    const axes = tf.backend_util.getReductionAxes(mean.shape, x.shape);
    // Per-channel factors first (tensors of the mean's shape), then one full-size product each.
    const invStd = tf.rsqrt(tf.add(variance, varianceEpsilon));
    const gammaInvStd = scale == null ? invStd : tf.mul(invStd, scale);
    const centred = tf.sub(x, mean);
    const channels = (t: tf.Tensor) => tf.reshape(axes.length > 0 ? tf.sum(t, axes) : t, mean.shape);
    const sumDy = channels(dy);
    const sumDyCentred = channels(tf.mul(dy, centred));
    return {
      x: () => tf.reshape(tf.mul(dy, gammaInvStd), x.shape),
      mean: () => tf.neg(tf.mul(gammaInvStd, sumDy)),
      variance: () => tf.mul(tf.mul(gammaInvStd, tf.mul(tf.square(invStd), -0.5)), sumDyCentred),
      scale: () => tf.mul(invStd, sumDyCentred),
      // A tensor of its own: the tape disposes gradients it accumulates, and sumDy is shared.
      offset: () => tf.clone(sumDy),
    };
  },
});
