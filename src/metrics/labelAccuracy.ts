/**
 * Label accuracy of a class-conditional generator: the fraction of samples generated for class k that
 * a classifier assigns to class k (the "does the cGAN obey its label" number; chance is 1 / classes).
 * Unlike class coverage it needs the labels the samples were generated for, so it is computed by
 * `gankit eval` for conditional generators rather than from a probability matrix alone.
 */
import { predictedClasses } from './classCoverage.js';
import { requireProbabilities } from './inceptionScore.js';
import type { FeatureMatrix } from './types.js';
import { UsageError } from '../util/errors.js';

/** Overall and worst per-class accuracy of arg-max predictions `p` against the requested `labels`. */
export function labelAccuracy(
  p: FeatureMatrix,
  labels: Int32Array,
): { label_accuracy: number; label_accuracy_min: number } {
  requireProbabilities('label accuracy', p);
  const { rows: n, cols: c } = p;
  if (labels.length !== n) {
    throw new UsageError(`label accuracy: ${labels.length} labels for ${n} samples; pass one label per row`);
  }
  const predicted = predictedClasses(p);
  const hits = new Float64Array(c);
  const counts = new Float64Array(c);
  for (let i = 0; i < n; i++) {
    const k = labels[i];
    if (!(k >= 0 && k < c)) {
      throw new UsageError(`label accuracy: label ${k} at row ${i} is outside the classifier's 0..${c - 1}`);
    }
    counts[k]++;
    if (predicted[i] === k) hits[k]++;
  }
  let worst = 1;
  for (let k = 0; k < c; k++) if (counts[k] > 0) worst = Math.min(worst, hits[k] / counts[k]);
  return { label_accuracy: hits.reduce((a, b) => a + b, 0) / n, label_accuracy_min: worst };
}
