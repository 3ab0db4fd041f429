/**
 * The gradient reversal layer of Ganin & Lempitsky 2015 (seed 004): the identity in the forward pass,
 * and in the backward pass the incoming gradient multiplied by −λ,
 *
 *   R_λ(x) = x,    dR_λ/dx = −λ·I.
 *
 * Placed between the feature extractor and the domain classifier, it lets one ordinary minimisation of
 * L_label + L_domain train the domain classifier to separate the domains while the features receive
 * −λ·∂L_domain/∂f, i.e. they are trained to confuse it: the saddle point of DANN in one backward pass.
 * λ is a plain number per call (the objective schedules it), not a weight.
 */
import * as tf from '@tensorflow/tfjs-core';

/** R_λ(x): `x` unchanged, its gradient scaled by −λ on the way back. */
export function reverseGradient<T extends tf.Tensor>(x: T, lambda: number): T {
  // customGrad's inputs are typed as tensors or its save function; the one input here is `x`.
  const reversal = tf.customGrad((...inputs) => ({
    value: tf.clone(inputs[0] as tf.Tensor),
    gradFunc: (dy: tf.Tensor) => tf.mul(dy, -lambda),
  }));
  return reversal(x) as T;
}
