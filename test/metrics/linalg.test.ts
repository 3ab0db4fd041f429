/** The float64 linear algebra under FID, checked on matrices with known factors and spectra. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pivotedCholesky } from '../../src/metrics/linalg/cholesky.js';
import { meanAndCovariance } from '../../src/metrics/linalg/covariance.js';
import { symmetricEigenvalues } from '../../src/metrics/linalg/eigen.js';
import { gemmNT } from '../../src/metrics/linalg/gemm.js';
import { parallelGemmNT } from '../../src/metrics/linalg/parallel.js';
import { Rng } from '../../src/util/rng.js';
import { withSpectrum } from './fixtures.js';

test('gemmNT matches a naive triple loop on ragged sizes, plain, accumulated and upper', () => {
  const rng = new Rng(3);
  for (const [m, n, k] of [
    [1, 1, 1],
    [7, 5, 3],
    [9, 13, 300],
    [33, 6, 515],
  ]) {
    const a = Float64Array.from(rng.normal(m * k));
    const b = Float64Array.from(rng.normal(n * k));
    const want = new Float64Array(m * n);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) want[i * n + j] += a[i * k + p] * b[j * k + p];
    const got = gemmNT(a, b, m, n, k);
    got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-10 * k, `${m}x${n}x${k} at ${i}`));
    const twice = gemmNT(a, b, m, n, k, got, { accumulate: true });
    twice.forEach((v, i) => assert.ok(Math.abs(v - 2 * want[i]) < 1e-10 * k));
    const gram = gemmNT(a, a, m, m, k, undefined, { upper: true });
    for (let i = 0; i < m; i++)
      for (let j = i; j < m; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[i * k + p] * a[j * k + p];
        assert.ok(Math.abs(gram[i * m + j] - s) < 1e-10 * k);
      }
  }
});

test('symmetric eigenvalues of Qᵀ diag(λ) Q recover λ, including repeated and zero eigenvalues', () => {
  const cases = [
    [5],
    [-1, 2],
    [3, 3, 3, 1, 0, 0, -2],
    Array.from({ length: 40 }, (_, i) => (i % 5 === 0 ? 0 : 1 + i * 0.37)),
    Array.from({ length: 25 }, (_, i) => 10 ** (i / 3 - 4)),
  ];
  cases.forEach((lambda, c) => {
    const got = symmetricEigenvalues(withSpectrum(c + 10, lambda), lambda.length);
    const want = [...lambda].sort((x, y) => x - y);
    const scale = Math.max(...lambda.map(Math.abs));
    want.forEach((v, i) =>
      assert.ok(Math.abs(got[i] - v) < 1e-12 * scale * lambda.length, `case ${c}: ${got[i]} vs ${v}`),
    );
  });
});

test('pivoted Cholesky: RᵀR reproduces Σ, and a rank-4 Σ has 4 pivots above rounding level', () => {
  const lambda = [4, 2.5, 1, 0.5, 0, 0, 0, 0];
  const sigma = withSpectrum(21, lambda);
  const d = lambda.length;
  const { r, rank } = pivotedCholesky(sigma, d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let p = 0; p < rank; p++) s += r[p * d + i] * r[p * d + j];
      assert.ok(Math.abs(s - sigma[i * d + j]) < 1e-13, `(${i},${j}) ${s} vs ${sigma[i * d + j]}`);
    }
  // Rows past the 4th may factor rounding noise (the stopping tolerance is ε·max diag), but their
  // squared norms stay below dpstrf's rank tolerance d·ε·max diag.
  assert.ok(rank >= 4);
  for (let k = 4; k < rank; k++) {
    let norm2 = 0;
    for (let j = 0; j < d; j++) norm2 += r[k * d + j] ** 2;
    assert.ok(norm2 < d * Number.EPSILON * 4, `row ${k}: ${norm2}`);
  }
  const big = withSpectrum(
    22,
    Array.from({ length: 150 }, (_, i) => (i < 100 ? 1 + i : 0)),
  );
  const f = pivotedCholesky(big, 150);
  assert.ok(f.rank >= 100 && f.rank < 110, `rank ${f.rank} across panels`);
  for (const [i, j] of [
    [0, 0],
    [3, 140],
    [77, 149],
    [149, 149],
  ]) {
    let s = 0;
    for (let p = 0; p < f.rank; p++) s += f.r[p * 150 + i] * f.r[p * 150 + j];
    assert.ok(Math.abs(s - big[i * 150 + j]) < 1e-11, `(${i},${j}) ${s} vs ${big[i * 150 + j]}`);
  }
});

test('covariance equals the unbiased (n − 1) sample covariance across several blocks of rows', () => {
  const n = 600;
  const d = 5;
  const x = new Rng(4).normal(n * d).map((v, i) => v * (1 + (i % d)) + 3);
  const { mean, cov } = meanAndCovariance({ rows: n, cols: d, data: x });
  for (let a = 0; a < d; a++)
    for (let b = 0; b < d; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += (x[i * d + a] - mean[a]) * (x[i * d + b] - mean[b]);
      assert.ok(Math.abs(cov[a * d + b] - s / (n - 1)) < 1e-12 * Math.abs(s));
    }
});

test('threaded products equal the single-thread kernel bit for bit (rows split across workers)', () => {
  const rng = new Rng(8);
  const [m, n, k] = [203, 180, 700];
  const a = Float64Array.from(rng.normal(m * k));
  const b = Float64Array.from(rng.normal(n * k));
  assert.deepEqual(parallelGemmNT(a, b, m, n, k), gemmNT(a, b, m, n, k));
  const upper = parallelGemmNT(a, a, m, m, k, { upper: true });
  const want = gemmNT(a, a, m, m, k, undefined, { upper: true });
  for (let i = 0; i < m; i++) for (let j = i; j < m; j++) assert.equal(upper[i * m + j], want[i * m + j]);
});
