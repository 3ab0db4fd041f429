/**
 * Class coverage of generated samples for labelled data sets (MNIST, Fashion-MNIST, …), from a
 * classifier's probabilities p(y|x) on the fakes. Each fake counts for its arg-max class; with h the
 * resulting class histogram over C classes:
 *
 *     modes          number of classes predicted for at least one fake (mode-collapse counter),
 *     modes_fraction modes / C,
 *     class_jsd      JSD(h ‖ uniform), natural log: 0 for balanced classes, ln 2 at most.
 *
 * Assumes the real data is class-balanced, which holds for MNIST and Fashion-MNIST.
 */
import { requireProbabilities } from './inceptionScore.js';
import { histogram } from './ndb.js';
import { jensenShannon } from './stats.js';
import type { FeatureMatrix, Metric } from './types.js';
import { requireInputs } from './validate.js';

/** Each row's most probable class (the first on ties): the classifier's prediction per sample. */
export function predictedClasses(p: FeatureMatrix): Int32Array {
  const { rows: n, cols: c, data } = p;
  const label = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < c; j++) if (data[i * c + j] > data[i * c + best]) best = j;
    label[i] = best;
  }
  return label;
}

/** Modes covered and class-histogram JSD to uniform of fake class probabilities. */
export function classCoverage(p: FeatureMatrix): {
  modes: number;
  modes_fraction: number;
  class_jsd: number;
} {
  requireProbabilities('classes', p);
  const c = p.cols;
  const h = histogram(predictedClasses(p), c);
  let modes = 0;
  for (let j = 0; j < c; j++) if (h[j] > 0) modes++;
  return { modes, modes_fraction: modes / c, class_jsd: jensenShannon(h, new Float64Array(c).fill(1 / c)) };
}

export const classCoverageMetric: Metric = {
  name: 'classes',
  summary: 'classes covered by fakes and JSD of their predicted-class histogram to uniform',
  needs: ['fakeProbabilities'],
  compute(inputs) {
    requireInputs('classes', inputs, this.needs);
    return classCoverage(inputs.fakeProbabilities!);
  },
};
