/** Seeded feature matrices shared by the metric tests (Philox, so every run and machine agrees). */
import type { FeatureMatrix } from '../../src/metrics/types.js';
import { Rng } from '../../src/util/rng.js';

/** n×d rows: N(0, 1) entries times `scale`, plus `shift` on every entry. */
export function gaussianRows(seed: number, n: number, d: number, scale = 1, shift = 0): FeatureMatrix {
  const data = new Rng(seed).normal(n * d);
  for (let i = 0; i < data.length; i++) data[i] = data[i] * scale + shift;
  return { rows: n, cols: d, data };
}

/**
 * n×d rows of rank ≤ r: Z·W with Z n×r and W r×d Gaussian, so the covariance is exactly singular
 * (rank r) however many rows there are.
 */
export function lowRankRows(seed: number, n: number, d: number, r: number): FeatureMatrix {
  const rng = new Rng(seed);
  const z = rng.normal(n * r);
  const w = rng.normal(r * d);
  const data = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let p = 0; p < r; p++) s += z[i * r + p] * w[p * d + j];
      data[i * d + j] = s;
    }
  }
  return { rows: n, cols: d, data };
}

/** n×c rows of softmax(logits · temperature⁻¹), float64. */
export function probabilityRows(seed: number, n: number, c: number, temperature = 1): FeatureMatrix {
  const logits = new Rng(seed).normal(n * c);
  const data = new Float64Array(n * c);
  for (let i = 0; i < n; i++) {
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < c; j++) max = Math.max(max, logits[i * c + j] / temperature);
    let s = 0;
    for (let j = 0; j < c; j++) {
      const e = Math.exp(logits[i * c + j] / temperature - max);
      data[i * c + j] = e;
      s += e;
    }
    for (let j = 0; j < c; j++) data[i * c + j] /= s;
  }
  return { rows: n, cols: c, data };
}

/** |a − b| / max(|b|, floor): relative error with a floor for values near 0. */
export function relErr(a: number, b: number, floor = 1e-12): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), floor);
}

/** A random orthogonal n×n matrix (Gram–Schmidt on Gaussian rows). */
export function orthogonal(seed: number, n: number): Float64Array {
  const q = Float64Array.from(new Rng(seed).normal(n * n));
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < i; p++) {
      let dot = 0;
      for (let j = 0; j < n; j++) dot += q[i * n + j] * q[p * n + j];
      for (let j = 0; j < n; j++) q[i * n + j] -= dot * q[p * n + j];
    }
    let norm = 0;
    for (let j = 0; j < n; j++) norm += q[i * n + j] ** 2;
    for (let j = 0; j < n; j++) q[i * n + j] /= Math.sqrt(norm);
  }
  return q;
}

/** Qᵀ diag(λ) Q for orthogonal Q (rows of Q are the eigenvectors). */
export function withSpectrum(seed: number, lambda: number[]): Float64Array {
  const n = lambda.length;
  const q = orthogonal(seed, n);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < n; p++) s += q[p * n + i] * lambda[p] * q[p * n + j];
      a[i * n + j] = s;
    }
  return a;
}
