/** Central finite differences, the independent check of a hand-written or composed gradient. */
import * as tf from '@tensorflow/tfjs-core';

/**
 * ∂f/∂x by (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h for every element i of `x` (values, shape). `f` maps a
 * tensor of that shape to a scalar; it is evaluated in float64 on the JS side of the difference.
 */
export function numericalGradient(
  f: (x: tf.Tensor) => tf.Scalar,
  values: Float32Array,
  shape: number[],
  h = 1e-2,
): Float64Array {
  const at = (v: Float32Array) => tf.tidy(() => f(tf.tensor(v, shape)).dataSync()[0]);
  const grad = new Float64Array(values.length);
  const probe = Float32Array.from(values);
  for (let i = 0; i < values.length; i++) {
    probe[i] = values[i] + h;
    const up = at(probe);
    probe[i] = values[i] - h;
    const down = at(probe);
    probe[i] = values[i];
    grad[i] = (up - down) / (2 * h);
  }
  return grad;
}
