/**
 * How domain-invariant are a model's features? A fresh linear domain classifier (a probe) is trained
 * on the frozen features of source and target training images and scored on held-out ones — the
 * measurement behind Ganin et al.'s proxy A-distance (a linear classifier between the two domains'
 * features; 0.5 accuracy = indistinguishable). Unlike DANN's own domain head, which is trained against
 * the features it judges, a probe scores DANN's features and the source-only baseline's alike, so the
 * two are comparable: DANN's saddle point should leave its features less separable.
 */
import * as tf from '@tensorflow/tfjs-core';
import { bceWithLogits } from '../losses/bce.js';
import type { FeatureMatrix } from '../metrics/types.js';

/** Full-batch Adam steps of the probe: enough for the logistic loss on a few thousand rows to settle. */
const PROBE_STEPS = 200;
const PROBE_LR = 0.01;

/** Mean and standard deviation of every column of `x` (the training rows), for standardisation. */
function columnStats(x: tf.Tensor2D): { mean: tf.Tensor; std: tf.Tensor } {
  const { mean, variance } = tf.moments(x, 0);
  return { mean, std: tf.add(tf.sqrt(variance), 1e-6) };
}

/**
 * Balanced held-out accuracy (the mean of the accuracies on either domain) of a logistic-regression
 * domain classifier trained on `train.source` (domain 0) against `train.target` (domain 1) and scored on
 * `test.source` against `test.target`. Deterministic: zero initial weights, full-batch Adam.
 */
export function domainProbeAccuracy(
  train: { source: FeatureMatrix; target: FeatureMatrix },
  test: { source: FeatureMatrix; target: FeatureMatrix },
): number {
  const cols = train.source.cols;
  for (const m of [train.target, test.source, test.target])
    if (m.cols !== cols) throw new RangeError(`domain probe: features of ${m.cols} and ${cols} columns`);
  const matrix = (m: FeatureMatrix) => tf.tensor2d(Float32Array.from(m.data), [m.rows, m.cols]);
  const w = tf.variable(tf.zeros([cols, 1]));
  const b = tf.variable(tf.zeros([1]));
  const optimizer = tf.train.adam(PROBE_LR);
  try {
    const [xs, xt, stats] = tf.tidy(() => {
      const [source, target] = [matrix(train.source), matrix(train.target)];
      const st = columnStats(tf.concat([source, target]));
      const standard = (x: tf.Tensor) => tf.div(tf.sub(x, st.mean), st.std);
      return [standard(source), standard(target), st] as const;
    });
    const logitsOf = (x: tf.Tensor) => tf.add(tf.matMul(x, w), b);
    // Each domain weighs half of the loss, so unequal counts do not bias the probe.
    for (let i = 0; i < PROBE_STEPS; i++)
      optimizer.minimize(
        () =>
          tf.mul(0.5, tf.add(bceWithLogits(logitsOf(xs), 0), bceWithLogits(logitsOf(xt), 1))) as tf.Scalar,
      );
    const hitRate = (m: FeatureMatrix, domain: 0 | 1) =>
      tf.tidy(() => {
        const logits = logitsOf(tf.div(tf.sub(matrix(m), stats.mean), stats.std));
        const hits = domain === 1 ? tf.greater(logits, 0) : tf.lessEqual(logits, 0);
        return tf.mean(tf.cast(hits, 'float32')).dataSync()[0];
      });
    const accuracy = (hitRate(test.source, 0) + hitRate(test.target, 1)) / 2;
    tf.dispose([xs, xt, stats.mean, stats.std]);
    return accuracy;
  } finally {
    optimizer.dispose();
    tf.dispose([w, b]);
  }
}
