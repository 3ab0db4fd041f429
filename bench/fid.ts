/**
 * FID stage profile of the JavaScript path (the fallback when the OpenBLAS linalg addon is not built):
 * stage timings of FID on n×d float32 features (default 10,000 × 2,048, the Inception pool3 size). Not a
 * test; run `npm run build && node dist/bench/fid.js [n] [d]`. The native-vs-JS-vs-SciPy comparison is
 * `npm run bench -- --only metrics`.
 *
 * Stages: two covariances (≈ 2·n·d² flops each with the symmetric half), the pivoted Cholesky of Σ₁
 * (d³/3), R·Σ₂·Rᵀ (3·d³: a full product, then the symmetric half), the tridiagonal reduction (4/3·d³).
 */
import { availableParallelism, loadavg } from 'node:os';
import { benchFeatures } from '../src/bench/metrics.js';
import { frechetDistance, gaussianStats } from '../src/metrics/fid.js';
import { setMetricLinalg } from '../src/metrics/linalg/dispatch.js';
import { pivotedCholesky } from '../src/metrics/linalg/cholesky.js';
import { symmetricEigenvalues } from '../src/metrics/linalg/eigen.js';
import { mirrorUpper } from '../src/metrics/linalg/gemm.js';
import { parallelGemmNT } from '../src/metrics/linalg/parallel.js';

const n = Number(process.argv[2] ?? 10000);
const d = Number(process.argv[3] ?? 2048);

/** Runs a stage; prints wall time, GFLOP/s and CPU/wall (≈ threads busy; includes worker threads). */
function timed<T>(label: string, flops: number, f: () => T): T {
  const t = performance.now();
  const cpu = process.cpuUsage();
  const out = f();
  const s = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu);
  const busy = (used.user + used.system) / 1e6 / s;
  // Per CPU-second as well: on a shared, oversubscribed host wall time says little about the code.
  const cpuSeconds = (used.user + used.system) / 1e6;
  const rate =
    flops > 0
      ? `${(flops / s / 1e9).toFixed(2)} GFLOP/s, ${(flops / cpuSeconds / 1e9).toFixed(2)} per CPU-s`
      : '';
  console.log(`${label.padEnd(38)}${s.toFixed(2).padStart(7)} s  cpu/wall ${busy.toFixed(2)}  ${rate}`);
  return out;
}

console.log(
  `FID on ${n} × ${d} float32 features, GANKIT_THREADS=${process.env.GANKIT_THREADS ?? '(all cores)'}, ` +
    `${availableParallelism()} cores, load average ${loadavg()[0].toFixed(1)}, Node ${process.version}`,
);
const real = benchFeatures(1, n, d, 1);
const fake = benchFeatures(2, n, d, 1.1);
const total = performance.now();
setMetricLinalg('js');
const a = timed('covariance (real)', n * d * d, () => gaussianStats(real));
const b = timed('covariance (fake)', n * d * d, () => gaussianStats(fake));
const chol = timed('pivoted Cholesky of Σ₁', d ** 3 / 3, () => pivotedCholesky(a.cov, d));
const r = chol.rank;
const t = timed('T = R·Σ₂', 2 * r * d * d, () => parallelGemmNT(chol.r, b.cov, r, d, d));
const m = timed('M = T·Rᵀ (upper half)', r * r * d, () =>
  parallelGemmNT(t, chol.r, r, r, d, { upper: true }),
);
mirrorUpper(m, r);
timed('eigenvalues of M (tridiagonal + QL)', (4 / 3) * r ** 3, () => symmetricEigenvalues(m, r));
const stages = (performance.now() - total) / 1000;
console.log(`${'stages total'.padEnd(34)}${stages.toFixed(2).padStart(7)} s  (rank of Σ₁: ${r})`);
const value = timed('frechetDistance (stats → FID)', 0, () => frechetDistance(a, b));
console.log(`FID = ${value}`);
