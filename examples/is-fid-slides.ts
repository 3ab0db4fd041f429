/**
 * Seed 003's metric slides next to gankit's metrics. The slide's `calculate_inception_score` (p_y the mean
 * of p(y|x); KL of each row to p_y with eps 1e-16; exp of the mean KL) is ported line by line, and the
 * slide's FID formula d² = ‖μ₁ − μ₂‖² + Tr(C₁ + C₂ − 2·sqrt(C₁C₂)) is computed naively, with sqrt(C₁C₂)
 * by the Denman–Beavers iteration on the product (what `scipy.linalg.sqrtm(C1.dot(C2))` does in spirit).
 * Both run on the shipped MNIST classifier's outputs for MNIST test images, clean and with increasing
 * Gaussian noise (the slide's "disturbance level" chart: FID grows with the disturbance, IS falls),
 * against gankit's `inceptionScore` (one split) and `fid` (float64, symmetric eigensolver).
 *   npm run example -- is-fid-slides [--smoke]
 */
import { loadDataset, resolveConfig, Rng } from '../src/index.js';
import { gatherScaled } from '../src/data/dataset.js';
import { fid } from '../src/metrics/fid.js';
import { inceptionScore } from '../src/metrics/inceptionScore.js';
import type { FeatureMatrix } from '../src/metrics/types.js';
import { extractorInput, loadRunExtractor } from '../src/train/evaluate.js';
import { exampleArgs, startBackend } from './lib/cli.js';

const args = exampleArgs('is-fid-slides [--smoke]', {});
await startBackend();
const n = args.smoke ? 300 : 2000;

/** The slide's calculate_inception_score(p_yx, eps=1E-16), over rows of a probability matrix. */
function slideInceptionScore(p: FeatureMatrix, eps = 1e-16): number {
  const { rows, cols, data } = p;
  const pY = new Float64Array(cols); // p_y = expand_dims(p_yx.mean(axis=0), 0)
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) pY[j] += data[i * cols + j] / rows;
  let avgKl = 0; // kl_d = p_yx * (log(p_yx + eps) - log(p_y + eps)); sum over classes; mean over images
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      const v = data[i * cols + j];
      sum += v * (Math.log(v + eps) - Math.log(pY[j] + eps));
    }
    avgKl += sum / rows;
  }
  return Math.exp(avgKl); // is_score = exp(avg_kl_d)
}

type Matrix = Float64Array[];
const matmul = (a: Matrix, b: Matrix): Matrix =>
  a.map((row) => Float64Array.from(b[0], (_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
/** Inverse by Gauss–Jordan elimination with partial pivoting. */
function inverse(a: Matrix): Matrix {
  const d = a.length;
  const m = a.map((row, i) =>
    Float64Array.from([...row, ...Array.from({ length: d }, (_, j) => (i === j ? 1 : 0))]),
  );
  for (let c = 0; c < d; c++) {
    let p = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    const pivot = m[c][c];
    for (let j = 0; j < 2 * d; j++) m[c][j] /= pivot;
    for (let r = 0; r < d; r++) {
      if (r === c) continue;
      const f = m[r][c];
      if (f !== 0) for (let j = 0; j < 2 * d; j++) m[r][j] -= f * m[c][j];
    }
  }
  return m.map((row) => row.slice(d));
}
/** sqrt(A) by Denman–Beavers: Y ← (Y + Z⁻¹)/2, Z ← (Z + Y⁻¹)/2 from Y = A, Z = I. */
function sqrtm(a: Matrix, iterations = 40): Matrix {
  let y = a;
  let z: Matrix = a.map((_, i) => Float64Array.from(a, (_, j) => (i === j ? 1 : 0)));
  for (let k = 0; k < iterations; k++) {
    const [yi, zi] = [inverse(y), inverse(z)];
    [y, z] = [
      y.map((r, i) => r.map((v, j) => (v + zi[i][j]) / 2)),
      z.map((r, i) => r.map((v, j) => (v + yi[i][j]) / 2)),
    ];
  }
  return y;
}
function meanAndCovariance({ rows, cols, data }: FeatureMatrix): { mu: Float64Array; c: Matrix } {
  const mu = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mu[j] += data[i * cols + j] / rows;
  const c: Matrix = Array.from({ length: cols }, () => new Float64Array(cols));
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      const a = data[i * cols + j] - mu[j];
      for (let k = 0; k < cols; k++) c[j][k] += (a * (data[i * cols + k] - mu[k])) / (rows - 1);
    }
  return { mu, c };
}
/** d² = ‖μ₁ − μ₂‖² + Tr(C₁ + C₂ − 2·sqrt(C₁·C₂)), as on the slide. */
function slideFid(a: FeatureMatrix, b: FeatureMatrix): number {
  const [s1, s2] = [meanAndCovariance(a), meanAndCovariance(b)];
  const root = sqrtm(matmul(s1.c, s2.c));
  let d2 = 0;
  for (let j = 0; j < s1.mu.length; j++)
    d2 += (s1.mu[j] - s2.mu[j]) ** 2 + s1.c[j][j] + s2.c[j][j] - 2 * root[j][j];
  return d2;
}

const config = resolveConfig({ preset: 'gan-mnist', overrides: { data: { split: 'test' } } });
const extractor = await loadRunExtractor(config);
const test = loadDataset(config.data);
const rng = new Rng(0, 0);
const pick = (offset: number) => Uint32Array.from({ length: n }, (_, i) => offset + i);
const reference = gatherScaled(test, pick(0), '-1,1');
const images = gatherScaled(test, pick(5000), '-1,1');
const outputs = async (pixels: Float32Array) => {
  const x = extractorInput(extractor, '-1,1', pixels, n, test.shape);
  const r = { features: await extractor.features(x), probabilities: await extractor.probabilities!(x) };
  x.dispose();
  return r;
};
const ref = await outputs(reference);
/**
 * The columns both implementations see: ReLU features that are (nearly) constant make C singular, and the
 * naive sqrt(C₁C₂) needs inverses; they are dropped from both sides (a column constant on both contributes 0).
 */
function activeColumns(a: FeatureMatrix, b: FeatureMatrix): number[] {
  const variances = (m: FeatureMatrix) => meanAndCovariance(m).c.map((row, j) => row[j]);
  const [va, vb] = [variances(a), variances(b)];
  const top = Math.max(...va, ...vb);
  return va.map((_, j) => j).filter((j) => va[j] > 1e-3 * top && vb[j] > 1e-3 * top);
}
const columns = (m: FeatureMatrix, keep: number[]): FeatureMatrix => ({
  rows: m.rows,
  cols: keep.length,
  data: Float64Array.from(
    { length: m.rows * keep.length },
    (_, k) => m.data[Math.floor(k / keep.length) * m.cols + keep[k % keep.length]],
  ),
});
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
console.log(
  `${n} MNIST test images vs ${n} others, features: the shipped classifier's ${ref.features.cols}-d layer`,
);
for (const level of [0, 0.25, 0.5, 1]) {
  const noisy = images.map((v) => Math.max(-1, Math.min(1, v + level * rng.normal(1)[0])));
  const o = await outputs(noisy);
  const [isSlide, isGankit] = [slideInceptionScore(o.probabilities), inceptionScore(o.probabilities, 1).mean];
  const keep = activeColumns(ref.features, o.features);
  const [a, b] = [columns(ref.features, keep), columns(o.features, keep)];
  const [fidSlide, fidGankit] = [slideFid(a, b), fid(a, b)];
  console.log(
    `disturbance σ = ${level}: IS slide ${isSlide.toFixed(4)} / gankit ${isGankit.toFixed(4)} (relative difference ${rel(isSlide, isGankit).toExponential(1)}); ` +
      `FID slide ${fidSlide.toFixed(4)} / gankit ${fidGankit.toFixed(4)} (relative difference ${rel(fidSlide, fidGankit).toExponential(1)}, ${keep.length} active features)`,
  );
}
