/**
 * Percentile-bootstrap confidence intervals for any registered metric (Efron & Tibshirani, 1993):
 * resample the rows of every input with replacement (seeded), recompute the metric, and report the
 * (1 − level)/2 and (1 + level)/2 quantiles of each reported number (the mean for mean ± std values).
 *
 * What the interval means: the variability of the metric due to the finite samples, at the given
 * sample sizes. FID is biased upward at finite n, and duplicate rows in a resample shrink its
 * covariances, so the FID interval sits slightly above the point estimate; use it to compare models
 * evaluated at the same n, not as an interval for the infinite-sample FID. Precision/recall and
 * density/coverage are refused: a duplicated row is its own nearest neighbour at distance 0, which
 * collapses the k-NN radii those metrics are built on.
 */
import { UsageError } from '../util/errors.js';
import { Rng } from '../util/rng.js';
import { getMetric } from './registry.js';
import type { FeatureMatrix, MetricInputs, MetricOptions } from './types.js';

/** Metrics whose k-NN radii are invalidated by the duplicates of resampling with replacement. */
const KNN_METRICS = new Set(['pr', 'dc']);

/** Options of {@link bootstrapMetric}. */
export interface BootstrapOptions {
  /** Number of resamples (default 100). */
  resamples?: number;
  /** Coverage of the interval (default 0.95). */
  level?: number;
  /** Seed of the resampling (default 0). */
  seed?: number;
}

/** A point estimate and its bootstrap interval. */
export interface Interval {
  value: number;
  low: number;
  high: number;
}

/** Linear-interpolated quantile of sorted values (NumPy's default `percentile` method). */
export function quantile(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

function resampleRows(m: FeatureMatrix, rng: Rng): FeatureMatrix {
  const { rows, cols, data } = m;
  const out = data instanceof Float32Array ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const r = rng.int(rows);
    out.set(data.subarray(r * cols, r * cols + cols), i * cols);
  }
  return { rows, cols, data: out };
}

/** The metric `name` on `inputs`, with a percentile-bootstrap interval for every reported number. */
export function bootstrapMetric(
  name: string,
  inputs: MetricInputs,
  options: MetricOptions = {},
  bootstrap: BootstrapOptions = {},
): Record<string, Interval> {
  if (KNN_METRICS.has(name)) {
    throw new UsageError(
      `bootstrap intervals are not available for '${name}': resampled duplicates collapse its k-NN radii`,
    );
  }
  const metric = getMetric(name);
  const resamples = bootstrap.resamples ?? 100;
  const level = bootstrap.level ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 2)
    throw new UsageError(`bootstrap resamples must be ≥ 2, got ${resamples}`);
  if (!(level > 0 && level < 1)) throw new UsageError(`bootstrap level must be in (0, 1), got ${level}`);
  const point = (r: ReturnType<typeof metric.compute>) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? v : v.mean]));
  const estimate = point(metric.compute(inputs, options));
  const samples: Record<string, Float64Array> = {};
  for (const key of Object.keys(estimate)) samples[key] = new Float64Array(resamples);
  const rng = new Rng(bootstrap.seed ?? 0);
  for (let b = 0; b < resamples; b++) {
    const resampled: MetricInputs = {};
    for (const key of metric.needs) resampled[key] = resampleRows(inputs[key]!, rng);
    const values = point(metric.compute(resampled, options));
    for (const key of Object.keys(estimate)) samples[key][b] = values[key];
  }
  const out: Record<string, Interval> = {};
  for (const [key, value] of Object.entries(estimate)) {
    const sorted = samples[key].sort();
    out[key] = { value, low: quantile(sorted, (1 - level) / 2), high: quantile(sorted, (1 + level) / 2) };
  }
  return out;
}
