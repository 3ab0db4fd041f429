/**
 * The one place that chooses how FID's and KID's heavy float64 linear algebra runs:
 *
 * - `native`: OpenBLAS (dsyrk covariances, dpstrf + dtrmm/dgemm + dsyevd for tr √(Σ₁Σ₂), dsyrk/dgemm
 *   kernel blocks) through the optional linalg addon (nativeAddon.ts) — seconds for 10,000 × 2,048;
 * - `js`: the pure-TypeScript kernels beside this file on worker threads — the fallback when the addon
 *   is not built, about 20× slower on 2,048-d features.
 *
 * Both compute the same quantities by the same algorithms (same pivoting and rank tolerance), so
 * results agree to rounding. The choice: {@link setMetricLinalg} if called, else the `GANKIT_LINALG`
 * environment variable (`auto` | `native` | `js`), else `auto` (native when the addon loads).
 */
import { UsageError } from '../../util/errors.js';
import { type FeatureMatrix, meanAndCovariance } from './covariance.js';
import { traceSqrtProduct } from './fidTrace.js';
import { polynomialKernelSums } from './kernelSums.js';
import { type LinalgAddon, loadLinalgAddon } from './nativeAddon.js';

/** What to use: `auto` prefers native and falls back to js. */
export type LinalgChoice = 'auto' | 'native' | 'js';

/** The operations FID and KID need; one implementation per path. */
export interface MetricLinalg {
  path: 'native' | 'js';
  /** Mean and unbiased (n − 1) covariance of the rows of `x` (float32 or float64), in float64. */
  meanAndCovariance(x: FeatureMatrix): { mean: Float64Array; cov: Float64Array };
  /** tr √(Σ₁Σ₂) of two d×d symmetric PSD matrices (row-major). */
  traceSqrtProduct(sigma1: Float64Array, sigma2: Float64Array, d: number): number;
  /** KID's kernel sums of two m×d row sets (see kernelSums.ts). */
  polynomialKernelSums(x: Float64Array, y: Float64Array, m: number, d: number): [number, number, number];
}

const JS: MetricLinalg = { path: 'js', meanAndCovariance, traceSqrtProduct, polynomialKernelSums };

function nativeLinalg(addon: LinalgAddon): MetricLinalg {
  return {
    path: 'native',
    meanAndCovariance: (x) => {
      if (x.rows < 2) throw new RangeError(`a covariance needs at least 2 rows, got ${x.rows}`);
      return addon.covariance(x.data, x.rows, x.cols);
    },
    traceSqrtProduct: (s1, s2, d) => addon.traceSqrtProduct(s1, s2, d).trace,
    polynomialKernelSums: (x, y, m, d) => addon.polynomialKernelSums(x, y, m, d),
  };
}

let loaded: { impl: MetricLinalg; addon: LinalgAddon } | { reason: string } | undefined;
let override: LinalgChoice | undefined;

/** The addon, loaded once (a failed load is remembered with its reason). */
function native(): { impl: MetricLinalg; addon: LinalgAddon } | { reason: string } {
  if (!loaded) {
    const l = loadLinalgAddon();
    loaded = 'addon' in l ? { impl: nativeLinalg(l.addon), addon: l.addon } : l;
  }
  return loaded;
}

function choice(): LinalgChoice {
  if (override) return override;
  const env = process.env.GANKIT_LINALG;
  if (env === undefined || env === '') return 'auto';
  if (env === 'auto' || env === 'native' || env === 'js') return env;
  throw new UsageError(`GANKIT_LINALG must be auto, native or js, got '${env}'`);
}

/**
 * Forces a path for this process (tests, benchmarks), or with no argument returns to
 * `GANKIT_LINALG` / auto.
 */
export function setMetricLinalg(c?: LinalgChoice): void {
  override = c;
}

/**
 * The implementation in force.
 * @throws UsageError when `native` is requested and the addon cannot load (the message says why).
 */
export function metricLinalg(): MetricLinalg {
  const c = choice();
  if (c === 'js') return JS;
  const n = native();
  if ('impl' in n) return n.impl;
  if (c === 'native') throw new UsageError(`GANKIT_LINALG=native: ${n.reason}`);
  return JS;
}

/** One line saying which path FID/KID use and, for the JS fallback, why. */
export function describeMetricLinalg(): string {
  const c = choice();
  if (c === 'js') return 'metric linear algebra: js (GANKIT_LINALG=js)';
  const n = native();
  if (!('impl' in n)) return `metric linear algebra: js (${n.reason})`;
  const { config, core, threads } = n.addon.info();
  return `metric linear algebra: native (${config.split(' ').slice(0, 2).join(' ')}, ${core}, ${threads} threads)`;
}
