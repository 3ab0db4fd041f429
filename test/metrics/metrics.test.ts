/** Metric properties with known answers, and the registry's contract. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bootstrapMetric, quantile } from '../../src/metrics/bootstrap.js';
import { classCoverage } from '../../src/metrics/classCoverage.js';
import { densityCoverage } from '../../src/metrics/densityCoverage.js';
import { inceptionScore } from '../../src/metrics/inceptionScore.js';
import { kid } from '../../src/metrics/kid.js';
import { ndb } from '../../src/metrics/ndb.js';
import { precisionRecall } from '../../src/metrics/precisionRecall.js';
import { computeMetrics, metrics } from '../../src/metrics/registry.js';
import type { FeatureMatrix } from '../../src/metrics/types.js';
import { UsageError } from '../../src/util/errors.js';
import { Rng } from '../../src/util/rng.js';
import { gaussianRows, relErr } from './fixtures.js';

/** Rows of one-hot probabilities for the given classes. */
function oneHot(labels: number[], classes: number): FeatureMatrix {
  const data = new Float64Array(labels.length * classes);
  labels.forEach((c, i) => {
    data[i * classes + c] = 1;
  });
  return { rows: labels.length, cols: classes, data };
}

/** n rows around `centres` (one per blob, cycling), spread 0.1: well-separated clusters. */
function blobs(seed: number, n: number, centres: number[][]): FeatureMatrix {
  const d = centres[0].length;
  const noise = new Rng(seed).normal(n * d);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) data[i * d + j] = centres[i % centres.length][j] + 0.1 * noise[i * d + j];
  return { rows: n, cols: d, data };
}

const shift = (m: FeatureMatrix, by: number): FeatureMatrix => ({ ...m, data: m.data.map((v) => v + by) });

test('IS is 1 for identical predictions and C for confident, balanced predictions over C classes', () => {
  const same = { rows: 40, cols: 4, data: new Float64Array(160).fill(0.25) };
  assert.ok(relErr(inceptionScore(same, 4).mean, 1) < 1e-15);
  const balanced = oneHot(
    Array.from({ length: 60 }, (_, i) => i % 6),
    6,
  );
  const score = inceptionScore(balanced, 1);
  assert.ok(relErr(score.mean, 6) < 1e-14 && score.std === 0);
  assert.throws(() => inceptionScore(balanced, 61), /splits must be between 1 and the number of rows \(60\)/);
  const unnormalised = { rows: 2, cols: 2, data: new Float64Array([0.5, 0.6, 0.5, 0.5]) };
  assert.throws(() => inceptionScore(unnormalised, 1), /row 0 sums to 1\.1/);
});

test('KID is reproducible per seed, changes with it, and grows with the distance between sets', () => {
  const x = gaussianRows(1, 120, 8);
  const y = gaussianRows(2, 120, 8);
  const opts = { subsets: 10, subsetSize: 50, seed: 3 };
  assert.deepEqual(kid(x, y, opts), kid(x, y, opts));
  assert.notEqual(kid(x, y, opts).mean, kid(x, y, { ...opts, seed: 4 }).mean);
  const near = kid(x, y, opts).mean;
  const far = kid(x, shift(y, 1), opts).mean;
  assert.ok(Math.abs(near) < 0.05 && far > 10 * Math.abs(near), `${near} vs ${far}`);
});

test('precision/recall and density/coverage are 1 for identical sets and 0 for disjoint ones', () => {
  const x = gaussianRows(3, 80, 5);
  assert.deepEqual(precisionRecall(x, x), { precision: 1, recall: 1 });
  const dc = densityCoverage(x, x);
  assert.equal(dc.coverage, 1);
  // Each fake row lies in its own real ball (distance 0) and in about k others on average.
  assert.ok(dc.density > 0.5 && dc.density < 2, `${dc.density}`);
  const far = shift(x, 100);
  assert.deepEqual(precisionRecall(x, far), { precision: 0, recall: 0 });
  assert.deepEqual(densityCoverage(x, far), { density: 0, coverage: 0 });
});

test('precision stays high and recall drops when the fakes cover only half of the real modes', () => {
  const centres = [
    [0, 0],
    [10, 0],
    [0, 10],
    [10, 10],
  ];
  const real = blobs(4, 200, centres);
  const fake = blobs(5, 200, centres.slice(0, 2));
  const pr = precisionRecall(real, fake);
  assert.ok(pr.precision > 0.9 && pr.recall > 0.4 && pr.recall < 0.55, JSON.stringify(pr));
  const dc = densityCoverage(real, fake);
  assert.ok(dc.coverage > 0.4 && dc.coverage < 0.55, JSON.stringify(dc));
});

test('NDB finds no different bins for identical sets and all bins when half the modes are dropped', () => {
  const centres = [
    [0, 0, 0],
    [10, 0, 0],
    [0, 10, 0],
    [0, 0, 10],
  ];
  const real = blobs(6, 400, centres);
  assert.deepEqual(ndb(real, real, 4), { ndb: 0, ndb_fraction: 0, ndb_jsd: 0 });
  const fake = blobs(7, 400, centres.slice(0, 2));
  const result = ndb(real, fake, 4, 1);
  // Shares p = ¼ each, q = (½, ½, 0, 0): every bin differs; JSD in closed form.
  const m = [0.375, 0.375, 0.125, 0.125];
  assert.equal(result.ndb, 4);
  assert.equal(result.ndb_fraction, 1);
  const p = [0.25, 0.25, 0.25, 0.25];
  const q = [0.5, 0.5, 0, 0];
  let want = 0;
  for (let i = 0; i < 4; i++) {
    if (p[i] > 0) want += 0.5 * p[i] * Math.log(p[i] / m[i]);
    if (q[i] > 0) want += 0.5 * q[i] * Math.log(q[i] / m[i]);
  }
  assert.ok(relErr(result.ndb_jsd, want) < 1e-12, `${result.ndb_jsd} vs ${want}`);
  assert.deepEqual(ndb(real, fake, 4, 1), result, 'same seed, same bins');
});

test('class coverage counts predicted classes and measures imbalance against uniform', () => {
  const balanced = oneHot(
    Array.from({ length: 50 }, (_, i) => i % 10),
    10,
  );
  assert.deepEqual(classCoverage(balanced), { modes: 10, modes_fraction: 1, class_jsd: 0 });
  const collapsed = classCoverage(oneHot([3, 3, 3, 3], 10));
  assert.equal(collapsed.modes, 1);
  // h = e₃ against uniform u: JSD = ½ log(2/(1.1)) + ½ Σ_c u log(2u/(u + h_c)).
  const want = 0.5 * Math.log(1 / 0.55) + 0.5 * (0.9 * Math.log(0.1 / 0.05) + 0.1 * Math.log(0.1 / 0.55));
  assert.ok(relErr(collapsed.class_jsd, want) < 1e-12, `${collapsed.class_jsd} vs ${want}`);
});

test('computeMetrics merges the results of several metrics; unknown names are usage errors', () => {
  const x = gaussianRows(8, 60, 4);
  const y = gaussianRows(9, 60, 4, 1.1);
  const out = computeMetrics(
    ['fid', 'pr', 'kid'],
    { realFeatures: x, fakeFeatures: y },
    { subsetSize: 30, subsets: 4 },
  );
  assert.deepEqual(Object.keys(out), ['fid', 'precision', 'recall', 'kid']);
  assert.throws(() => computeMetrics(['fid', 'xyz'], { realFeatures: x, fakeFeatures: y }), UsageError);
  assert.throws(() => computeMetrics(['is'], { realFeatures: x }), /is needs fakeProbabilities/);
  const nan = { ...y, data: y.data.map((v, i) => (i === 9 ? Number.NaN : v)) };
  assert.throws(
    () => computeMetrics(['fid'], { realFeatures: x, fakeFeatures: nan }),
    /non-finite value \(NaN\) at row 2/,
  );
  for (const [name, metric] of Object.entries(metrics)) assert.equal(metric.name, name);
});

test('bootstrap intervals: NumPy-style quantiles, seeded resampling, k-NN metrics refused', () => {
  assert.equal(quantile(Float64Array.from([1, 2, 3, 4]), 0.25), 1.75);
  assert.equal(quantile(Float64Array.from([1, 2, 3, 4]), 1), 4);
  const x = gaussianRows(10, 80, 3);
  const y = gaussianRows(11, 80, 3, 1.5, 0.5);
  const inputs = { realFeatures: x, fakeFeatures: y };
  const a = bootstrapMetric('fid', inputs, {}, { resamples: 30, seed: 1 });
  assert.deepEqual(a, bootstrapMetric('fid', inputs, {}, { resamples: 30, seed: 1 }));
  assert.notDeepEqual(a, bootstrapMetric('fid', inputs, {}, { resamples: 30, seed: 2 }));
  assert.ok(a.fid.low < a.fid.value && a.fid.value < a.fid.high, JSON.stringify(a));
  assert.throws(() => bootstrapMetric('pr', inputs), /not available for 'pr'/);
});
