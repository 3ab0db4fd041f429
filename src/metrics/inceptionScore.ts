/**
 * Inception Score (Salimans et al., 2016) from class probabilities p(y|x) of generated samples:
 *
 *     IS = exp( E_x KL( p(y|x) ‖ p(y) ) ),   p(y) = E_x p(y|x),
 *
 * computed on `splits` contiguous, equal-as-possible parts (rows ⌊iN/S⌋ … ⌊(i+1)N/S⌋ − 1, as in the
 * original code) and reported as mean ± population std over the parts. 0·log 0 is taken as 0 (its
 * limit) instead of adding an ε inside the logarithm.
 */
import { UsageError } from '../util/errors.js';
import { meanStd } from './stats.js';
import type { FeatureMatrix, Metric } from './types.js';
import { requireInputs } from './validate.js';

/** Rows of a probability matrix may miss 1 by this much (float32 softmax outputs). */
const SUM_TOLERANCE = 1e-3;

/** Checks that every row is a probability vector; logits are the usual mistake. */
export function requireProbabilities(metric: string, p: FeatureMatrix): void {
  const { rows, cols, data } = p;
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) {
      const v = data[i * cols + j];
      if (!(v >= 0)) {
        throw new UsageError(
          `${metric}: row ${i} has a negative probability (${v}); pass softmax outputs, not logits`,
        );
      }
      s += v;
    }
    if (Math.abs(s - 1) > SUM_TOLERANCE) {
      throw new UsageError(`${metric}: row ${i} sums to ${s}, not 1; pass softmax outputs, not logits`);
    }
  }
}

/** Inception Score mean ± std over `splits` parts of the probability rows. */
export function inceptionScore(p: FeatureMatrix, splits = 10): { mean: number; std: number } {
  const { rows: n, cols: c, data } = p;
  if (!Number.isInteger(splits) || splits < 1 || splits > n) {
    throw new UsageError(`is: splits must be between 1 and the number of rows (${n}), got ${splits}`);
  }
  requireProbabilities('is', p);
  const scores = new Float64Array(splits);
  const marginal = new Float64Array(c);
  for (let s = 0; s < splits; s++) {
    const r0 = Math.floor((s * n) / splits);
    const r1 = Math.floor(((s + 1) * n) / splits);
    marginal.fill(0);
    for (let i = r0; i < r1; i++) for (let j = 0; j < c; j++) marginal[j] += data[i * c + j];
    for (let j = 0; j < c; j++) marginal[j] /= r1 - r0;
    let kl = 0;
    for (let i = r0; i < r1; i++) {
      for (let j = 0; j < c; j++) {
        const v = data[i * c + j];
        if (v > 0) kl += v * (Math.log(v) - Math.log(marginal[j]));
      }
    }
    scores[s] = Math.exp(kl / (r1 - r0));
  }
  return meanStd(scores);
}

export const inceptionScoreMetric: Metric = {
  name: 'is',
  summary:
    'Inception Score from class probabilities of fake samples, mean ± std over splits (higher is better)',
  needs: ['fakeProbabilities'],
  compute(inputs, options) {
    requireInputs('is', inputs, this.needs);
    return { is: inceptionScore(inputs.fakeProbabilities!, options.splits ?? 10) };
  },
};
