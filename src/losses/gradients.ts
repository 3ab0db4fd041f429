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
 * Still missing (a penalty through these layers throws "gradient function not found for …"):
 * `EluGrad` (ELU), `MaxPoolGrad` (max pooling), `ResizeNearestNeighborGrad` (UpSampling2D) and
 * `DepthwiseConv2dNativeBackpropInput` (depthwise convolution). Discriminators in gankit's presets use
 * strided convolutions, (leaky) ReLU, dense layers, average pooling and normalisation, all covered.
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
