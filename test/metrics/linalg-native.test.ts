/**
 * The OpenBLAS linalg addon against the JavaScript kernels it replaces (src/metrics/linalg/), and the
 * switch between them. Skipped, with the reason printed, when the addon is not built.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pivotedCholesky } from '../../src/metrics/linalg/cholesky.js';
import { meanAndCovariance } from '../../src/metrics/linalg/covariance.js';
import { metricLinalg, setMetricLinalg } from '../../src/metrics/linalg/dispatch.js';
import { traceSqrtProduct } from '../../src/metrics/linalg/fidTrace.js';
import { polynomialKernelSums } from '../../src/metrics/linalg/kernelSums.js';
import type { FeatureMatrix } from '../../src/metrics/types.js';
import { UsageError } from '../../src/util/errors.js';
import { Rng } from '../../src/util/rng.js';
import { gaussianRows, lowRankRows, relErr, withSpectrum } from './fixtures.js';
import { linalgAddon, nativeSkip } from './linalgPaths.js';

const skip = nativeSkip;
const addon = linalgAddon!;

/** max |a − b| / max |b|: entrywise agreement relative to the matrix's scale. */
function matrixRelErr(a: Float64Array, b: Float64Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

/** Rows whose first `dead` columns are exactly 0, like ReLU units that never fire. */
function withDeadUnits(m: FeatureMatrix, dead: number): FeatureMatrix {
  const data = m.data.map((v, i) => (i % m.cols < dead ? 0 : v));
  return { ...m, data };
}

test('native covariance equals the JS one for float32 and float64 rows, n > d and n < d', { skip }, () => {
  const f64 = gaussianRows(1, 700, 37, 2, 5);
  const cases: FeatureMatrix[] = [
    f64,
    { ...f64, data: Float64Array.from(f64.data) },
    gaussianRows(2, 20, 90, 0.5, -1),
    lowRankRows(3, 1100, 40, 6),
  ];
  for (const x of cases) {
    const js = meanAndCovariance(x);
    const native = addon.covariance(x.data, x.rows, x.cols);
    assert.ok(matrixRelErr(native.mean, js.mean) < 1e-14, 'mean');
    assert.ok(matrixRelErr(native.cov, js.cov) < 1e-12, `cov ${x.rows}×${x.cols}`);
  }
});

test('native tr √(Σ₁Σ₂) equals the JS one to 1e-10 on SPD and on exactly singular Σ', { skip }, () => {
  const rng = new Rng(5);
  const spectrum = (n: number, zeros: number) =>
    Array.from({ length: n }, (_, i) => (i < zeros ? 0 : 0.01 + rng.uniform(1)[0] * 3));
  const cases: [Float64Array, Float64Array, number][] = [
    [withSpectrum(1, spectrum(9, 0)), withSpectrum(2, spectrum(9, 0)), 9],
    // 150 crosses the 64-row panels of both factorisations.
    [withSpectrum(3, spectrum(150, 0)), withSpectrum(4, spectrum(150, 0)), 150],
  ];
  // Dead units in Σ₁: exactly zero rows and columns, so both paths stop at the same rank (d − dead)
  // and no rounding-level pivot enters the trace. (Σ₂ stays non-singular: a singular Σ₂ makes
  // R Σ₂ Rᵀ singular, whose rounding-level eigenvalues move the trace by √ε — the next test.)
  const dead = (seed: number, k: number) =>
    meanAndCovariance(withDeadUnits(gaussianRows(seed, 400, 70), k)).cov;
  cases.push([dead(6, 12), dead(7, 0), 70], [dead(8, 1), dead(9, 0), 70], [dead(10, 70), dead(11, 0), 70]);
  for (const [s1, s2, d] of cases) {
    const js = traceSqrtProduct(s1, s2, d);
    const native = addon.traceSqrtProduct(s1, s2, d);
    assert.equal(native.rank, pivotedCholesky(s1, d).rank, `rank, d = ${d}`);
    assert.ok(
      relErr(native.trace, js, 1e-300) < 1e-10 || (js === 0 && native.trace === 0),
      `${native.trace} vs ${js}`,
    );
  }
});

test(
  'native tr √(Σ₁Σ₂) stays within √ε of the JS one when Σ is singular only up to rounding',
  { skip },
  () => {
    // n < d and low-rank rows: the covariance's null directions come out as rounding-level pivots,
    // which each path keeps or drops by the same ε·max diag rule but from differently rounded Schur
    // complements, so ranks may differ by a pivot or two and each such pivot moves the trace by up to
    // √(ε·‖Σ‖). That is the accuracy limit of tr √(Σ₁Σ₂) itself (reference.test.ts bounds both paths
    // against an exact reference at 5e-8).
    const pairs: [FeatureMatrix, FeatureMatrix][] = [
      [gaussianRows(3, 20, 48), gaussianRows(4, 30, 48, 0.7, -0.1)],
      [lowRankRows(7, 200, 32, 4), gaussianRows(8, 200, 32)],
      [lowRankRows(9, 150, 20, 3), lowRankRows(10, 120, 20, 5)],
    ];
    for (const [a, b] of pairs) {
      const s1 = meanAndCovariance(a).cov;
      const s2 = meanAndCovariance(b).cov;
      const js = traceSqrtProduct(s1, s2, a.cols);
      const native = addon.traceSqrtProduct(s1, s2, a.cols);
      assert.ok(relErr(native.trace, js) < 2e-8, `${native.trace} vs ${js}`);
      assert.ok(Math.abs(native.rank - pivotedCholesky(s1, a.cols).rank) <= 2, 'rank within two pivots');
    }
  },
);

test('native KID kernel sums equal the JS ones', { skip }, () => {
  for (const [m, d] of [
    [2, 3],
    [57, 16],
    [130, 300],
  ]) {
    const x = Float64Array.from(gaussianRows(m, m, d, 1, 0.3).data);
    const y = Float64Array.from(gaussianRows(m + 1, m, d, 1.2).data);
    const js = polynomialKernelSums(x, y, m, d);
    const native = addon.polynomialKernelSums(x, y, m, d);
    native.forEach((v, i) => assert.ok(relErr(v, js[i]) < 1e-12, `${m}×${d} sum ${i}: ${v} vs ${js[i]}`));
  }
});

test('GANKIT_LINALG and setMetricLinalg choose the path; a bad value is a usage error', () => {
  const saved = process.env.GANKIT_LINALG;
  try {
    process.env.GANKIT_LINALG = 'js';
    assert.equal(metricLinalg().path, 'js');
    process.env.GANKIT_LINALG = 'auto';
    assert.equal(metricLinalg().path, nativeSkip ? 'js' : 'native');
    setMetricLinalg('js');
    assert.equal(metricLinalg().path, 'js', 'the function overrides the variable');
    setMetricLinalg();
    process.env.GANKIT_LINALG = 'blas';
    assert.throws(() => metricLinalg(), UsageError);
  } finally {
    // Assigning undefined would store the string "undefined" in the environment.
    if (saved === undefined) Reflect.deleteProperty(process.env, 'GANKIT_LINALG');
    else process.env.GANKIT_LINALG = saved;
  }
});
