/**
 * Gradient functions that double backpropagation (gradient penalty, R1, R2) needs and tfjs 4.22 lacks.
 *
 * - tfjs-core registers its gradient functions only when tfjs-layers (or the `tfjs` umbrella) is loaded,
 *   so this module loads tfjs-layers for that side effect: code that imports a regulariser works even
 *   before any model was built.
 * - The backward functions of ReLU / LeakyReLU / ClipByValue call comparison kernels (`Greater`, `Less`…)
 *   that have no gradient; taking the gradient of a gradient then fails with "gradient function not found
 *   for Greater". Comparisons are piecewise constant, so their gradient is zero (TensorFlow declares them
 *   `NotDifferentiable` for the same reason).
 * - `AvgPoolGrad` (the backward of average pooling, used by ResNet-style discriminators) is linear in its
 *   upstream gradient dy; its adjoint w.r.t. dy is average pooling itself with the same window, strides and
 *   padding, and it does not depend on the pooled input's values.
 * - Silently WRONG second-order gradients: tfjs's gradients of `Tanh`, `Sigmoid`, `Exp`, `Elu` and `Softmax`
 *   read the op's saved OUTPUT, and tfjs saves outputs detached from the tape, so the
 *   gradient of such a gradient lacks the terms through the output (measured: ∂/∂w of (∂tanh(wx)/∂x)²
 *   came out 0.32 where the true value is −0.10). They are re-registered here to recompute the activation
 *   from the saved INPUT, which the tape does track; the cost is one extra activation per backward pass.
 *   ELU's replacement also removes its need for the `EluGrad` kernel, which had no gradient.
 * Still missing (a penalty through these layers throws "gradient function not found for …"):
 * `MaxPoolGrad` (max pooling), `ResizeNearestNeighborGrad` (UpSampling2D) and
 * `DepthwiseConv2dNativeBackpropInput` (depthwise convolution). Ops whose gradients read saved outputs
 * but whose second-order term vanishes almost everywhere (`Max`, `Min`) are correct as they are;
 * `Pow` with a tensor exponent and `LRN` keep tfjs's first-order-only gradient. The ops tfjs writes with
 * `tf.customGrad` (`tf.logSoftmax`, `tf.logSigmoid`, `tf.losses.softmaxCrossEntropy`) save detached
 * values too and cannot be re-registered: their second-order gradients are wrong, so a discriminator
 * that is penalised must not use them in its forward pass (write `x − logSumExp(x)` instead).
 * (tfjs's fused Dense/Conv kernels are not an issue: under a gradient tape they run unfused except for
 * the linear activation, whose saved inputs the tests show to be tracked.)
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';

function registerIfMissing(config: tf.GradConfig): void {
  if (!tf.getGradient(config.kernelName)) tf.registerGradient(config);
}

for (const kernelName of ['Greater', 'Less', 'LessEqual', 'Equal', 'NotEqual']) {
  registerIfMissing({
    kernelName,
    inputsToSave: ['a', 'b'],
    gradFunc: (_dy, saved) => ({ a: () => tf.zerosLike(saved[0]), b: () => tf.zerosLike(saved[1]) }),
  });
}

registerIfMissing({
  kernelName: 'AvgPoolGrad',
  inputsToSave: ['input'],
  gradFunc: (ddx, saved, attrs) => {
    const { filterSize, strides, pad } = attrs as unknown as {
      filterSize: [number, number] | number;
      strides: [number, number] | number;
      pad: 'valid' | 'same' | number;
    };
    return {
      dy: () => tf.avgPool(ddx as tf.Tensor4D, filterSize, strides, pad),
      input: () => tf.zerosLike(saved[0]),
    };
  },
});

/** Replaces a gradient whose formula reads the op's output by one that recomputes it from the input. */
function fromInput(
  kernelName: string,
  input: string,
  grad: (dy: tf.Tensor, x: tf.Tensor, attrs: tf.NamedAttrMap) => tf.Tensor,
): void {
  tf.registerGradient({
    kernelName,
    inputsToSave: [input],
    gradFunc: (dy, saved, attrs) => ({ [input]: () => grad(dy as tf.Tensor, saved[0], attrs) }),
  });
}

fromInput('Tanh', 'x', (dy, x) => tf.mul(dy, tf.sub(1, tf.square(tf.tanh(x)))));
fromInput('Sigmoid', 'x', (dy, x) => {
  const y = tf.sigmoid(x);
  return tf.mul(dy, tf.mul(y, tf.sub(1, y)));
});
fromInput('Exp', 'x', (dy, x) => tf.mul(dy, tf.exp(x)));
// elu(x) = x for x > 0, eˣ − 1 otherwise.
fromInput('Elu', 'x', (dy, x) => tf.where(tf.greater(x, 0), dy, tf.mul(dy, tf.exp(x))));
fromInput('Softmax', 'logits', (dy, logits, attrs) => {
  const dim = (attrs as unknown as { dim: number }).dim;
  const y = tf.softmax(logits, dim);
  const dyTimesY = tf.mul(dy, y);
  return tf.sub(dyTimesY, tf.mul(tf.sum(dyTimesY, [dim], true), y));
});
