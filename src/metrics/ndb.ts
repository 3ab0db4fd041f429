/**
 * Number of statistically Different Bins (Richardson & Weiss, 2018). The real features are cut into
 * K bins by seeded k-means ({@link kMeans}); every real and fake row goes to its nearest centre. For
 * each bin a two-sided two-proportion z-test at α = 0.05 compares the real share P and the fake share
 * Q (pooled p = (N·P + M·Q)/(N + M), z = (P − Q)/√(p(1−p)(1/N + 1/M))). Reported:
 *
 *     ndb          number of bins with |z| > 1.95996 (z₀.₉₇₅),
 *     ndb_fraction ndb / K (the paper's NDB/K),
 *     ndb_jsd      Jensen–Shannon divergence (natural log) between the two bin histograms.
 *
 * A generator that drops modes leaves bins under-filled, which NDB counts and FID can average away.
 */
import { kMeans, nearestCentre } from './kmeans.js';
import { jensenShannon } from './stats.js';
import type { FeatureMatrix, Metric } from './types.js';
import { requireInputs, requireSameWidth, toFloat64 } from './validate.js';

/** Two-sided critical value of the standard normal at α = 0.05. */
const Z_CRITICAL = 1.959963984540054;

/** NDB and the bin-histogram JSD of fake rows against real rows. */
export function ndb(
  real: FeatureMatrix,
  fake: FeatureMatrix,
  bins = 100,
  seed = 0,
): { ndb: number; ndb_fraction: number; ndb_jsd: number } {
  requireSameWidth('ndb', real, fake);
  const d = real.cols;
  const x = toFloat64(real);
  const y = toFloat64(fake);
  const n = real.rows;
  const m = fake.rows;
  const centres = kMeans(x, n, d, bins, seed);
  const p = histogram(nearestCentre(x, n, centres, bins, d), bins);
  const q = histogram(nearestCentre(y, m, centres, bins, d), bins);
  let different = 0;
  for (let b = 0; b < bins; b++) {
    const pooled = (n * p[b] + m * q[b]) / (n + m);
    const se = Math.sqrt(pooled * (1 - pooled) * (1 / n + 1 / m));
    // se = 0 only when both shares are 0 or both 1: the bin does not differ.
    if (se > 0 && Math.abs(p[b] - q[b]) / se > Z_CRITICAL) different++;
  }
  return { ndb: different, ndb_fraction: different / bins, ndb_jsd: jensenShannon(p, q) };
}

/** Shares of each of `k` labels. */
export function histogram(labels: Int32Array, k: number): Float64Array {
  const h = new Float64Array(k);
  for (let i = 0; i < labels.length; i++) h[labels[i]]++;
  for (let c = 0; c < k; c++) h[c] /= labels.length;
  return h;
}

export const ndbMetric: Metric = {
  name: 'ndb',
  summary: 'number of statistically different k-means bins (α = 0.05) and their histogram JSD',
  needs: ['realFeatures', 'fakeFeatures'],
  compute(inputs, options) {
    requireInputs('ndb', inputs, this.needs);
    return ndb(inputs.realFeatures!, inputs.fakeFeatures!, options.bins ?? 100, options.seed ?? 0);
  },
};
