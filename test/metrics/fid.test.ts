/** FID on inputs whose answer is known in closed form, on both linear-algebra paths (native and JS). */
import assert from 'node:assert/strict';
import { type GaussianStats, fid, frechetDistance } from '../../src/metrics/fid.js';
import { Rng } from '../../src/util/rng.js';
import { gaussianRows, lowRankRows, relErr } from './fixtures.js';
import { pathTest } from './linalgPaths.js';

function diagonalGaussian(mean: number[], variances: number[]): GaussianStats {
  const d = mean.length;
  const cov = new Float64Array(d * d);
  variances.forEach((v, i) => {
    cov[i * d + i] = v;
  });
  return { mean: Float64Array.from(mean), cov, d };
}

pathTest('FID(x, x) = 0 to 1e-9 of the trace, for full-rank, n < d and low-rank features', () => {
  for (const x of [gaussianRows(1, 400, 30), gaussianRows(2, 20, 64, 3), lowRankRows(3, 300, 40, 6)]) {
    const value = fid(x, x);
    let tr = 0;
    const n = x.rows;
    for (let j = 0; j < x.cols; j++) {
      let m = 0;
      for (let i = 0; i < n; i++) m += x.data[i * x.cols + j];
      m /= n;
      for (let i = 0; i < n; i++) tr += (x.data[i * x.cols + j] - m) ** 2 / (n - 1);
    }
    assert.ok(value >= 0 && value < 1e-9 * tr, `FID(x,x) = ${value}, trace ${tr}`);
  }
});

pathTest('FID of diagonal Gaussians is ‖μ₁ − μ₂‖² + Σ(√a − √b)², zero variances included', () => {
  const a = diagonalGaussian([0, 1, 2, 3], [1, 4, 0, 9]);
  const b = diagonalGaussian([1, 1, 0, 3], [4, 1, 2, 0]);
  const want = 1 + 0 + 4 + 0 + (1 - 2) ** 2 + (2 - 1) ** 2 + 2 + 9;
  assert.ok(relErr(frechetDistance(a, b), want) < 1e-14);
});

/** Closed form for N(0, sI) against N(μ, QᵀΛQ): ‖μ‖² + ds + Σλ − 2√s Σ√λ. */
function isotropicVsRotated(lambda: number[]): { got: number; reversed: number; want: number } {
  const d = lambda.length;
  const s = 2.25;
  // Σ = Qᵀ diag(λ) Q with Q a Householder reflection I − 2vvᵀ/vᵀv: dense, non-diagonal.
  const v = Float64Array.from(new Rng(9).normal(d));
  const vv = v.reduce((acc, x) => acc + x * x, 0);
  const q = (i: number, j: number) => (i === j ? 1 : 0) - (2 * v[i] * v[j]) / vv;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) for (let p = 0; p < d; p++) cov[i * d + j] += q(p, i) * lambda[p] * q(p, j);
  const mu = lambda.map((_, i) => (i % 3) - 1 + 0.5 * i);
  const a = diagonalGaussian(new Array(d).fill(0), new Array(d).fill(s));
  const b: GaussianStats = { mean: Float64Array.from(mu), cov, d };
  const want =
    mu.reduce((acc, x) => acc + x * x, 0) +
    d * s +
    lambda.reduce((x, y) => x + y, 0) -
    2 * Math.sqrt(s) * lambda.reduce((acc, l) => acc + Math.sqrt(l), 0);
  return { got: frechetDistance(a, b), reversed: frechetDistance(b, a), want };
}

pathTest('FID of N(0, sI) and N(μ, Σ) with a rotated, positive definite Σ matches the closed form', () => {
  const { got, reversed, want } = isotropicVsRotated([5, 3, 1, 0.25, 0.04, 0.01]);
  assert.ok(relErr(got, want) < 1e-13, `${got} vs ${want}`);
  assert.ok(relErr(reversed, want) < 1e-13, 'FID is symmetric');
});

pathTest('FID with a singular rotated Σ is within √ε of the closed form', () => {
  // The zero eigenvalue of sΣ comes out as ≈ ε·s‖Σ‖ and enters FID as 2√(ε·s‖Σ‖) ≈ 1e-7: a limit
  // of tr √(Σ₁Σ₂) itself, not of the algorithm (scipy's sqrtm does the same or worse).
  const { got, reversed, want } = isotropicVsRotated([5, 3, 1, 0.25, 0.04, 0]);
  const bound = 4 * 2 * Math.sqrt(Number.EPSILON * 2.25 * 5);
  assert.ok(Math.abs(got - want) < bound, `${got} vs ${want}`);
  assert.ok(Math.abs(reversed - want) < bound, `${reversed} vs ${want}`);
});

// NumPy/SciPy values (test/metrics/reference.py, nuclear-norm form) on the Philox matrices below.
const PIN_FULL = 4.450834280131147;
const PIN_SMALL_N = 37.16417190848606;

pathTest(
  'FID between seeded feature sets is pinned (regression; NumPy/SciPy values from reference.py)',
  () => {
    // n < d: singular covariances, exact only to ≈ √ε (see reference.test.ts).
    const cases: [number, number, number][] = [
      [fid(gaussianRows(1, 300, 24), gaussianRows(2, 250, 24, 1.3, 0.2)), PIN_FULL, 1e-12],
      [fid(gaussianRows(3, 20, 48), gaussianRows(4, 30, 48, 0.7, -0.1)), PIN_SMALL_N, 5e-8],
    ];
    for (const [got, want, tol] of cases) assert.ok(relErr(got, want) < tol, `${got} vs ${want}`);
  },
);
