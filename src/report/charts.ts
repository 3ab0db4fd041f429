/**
 * Which charts a run's metrics.jsonl makes, decided from its column names (docs/architecture.md
 * "Contracts"): each side's total loss; one chart per phase with every `<phase>/<term>` it logs; one
 * per metric, with a band of ± one standard deviation where the metric logs `<name>_mean` and
 * `<name>_std` (KID, bootstrap intervals); the learning rates (`lr_<optimizer>`); and seconds per step,
 * derived from the `time` column. The report and the dashboard draw the same specs in the browser.
 */
import { LR_PREFIX } from '../train/run-dir.js';

/** One line of a chart: a metrics column, and optionally the columns of its band. */
export interface SeriesSpec {
  label: string;
  key: string;
  band?: { lo: string; hi: string };
}

export interface ChartSpec {
  title: string;
  series: SeriesSpec[];
}

/** Metrics rows as columns: `step` and one array per key, `null` where a row lacks the key. */
export type Columns = Record<string, (number | null)[]>;

/** The column derived from `time`: seconds per step between consecutive logged rows. */
export const SECONDS_PER_STEP = 'seconds_per_step';
const BAND_LO = ':lo';
const BAND_HI = ':hi';

/** Turns rows into columns, adding seconds per step and the band edges of every `<m>_mean` ± `<m>_std`. */
export function toColumns(rows: readonly Record<string, number>[]): Columns {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cols: Columns = {};
  for (const k of keys) cols[k] = rows.map((r) => (typeof r[k] === 'number' ? r[k] : null));
  // Rows without a time (`gankit eval` appends its scores) do not start a new interval.
  let prev: Record<string, number> | undefined;
  cols[SECONDS_PER_STEP] = rows.map((r) => {
    if (typeof r.time !== 'number') return null;
    const v = prev && r.step > prev.step ? (r.time - prev.time) / (r.step - prev.step) : null;
    prev = r;
    return v === null || v < 0 ? null : Number(v.toPrecision(4));
  });
  for (const k of keys.filter((k) => k.endsWith('_mean') && keys.includes(`${k.slice(0, -5)}_std`))) {
    const std = cols[`${k.slice(0, -5)}_std`];
    cols[k + BAND_LO] = cols[k].map((m, i) => (m === null || std[i] === null ? null : m - std[i]!));
    cols[k + BAND_HI] = cols[k].map((m, i) => (m === null || std[i] === null ? null : m + std[i]!));
  }
  return cols;
}

/** The charts for the union of `keys` (the columns of one or more runs), in reading order. */
export function chartSpecs(keys: readonly string[]): ChartSpec[] {
  const has = new Set(keys);
  const charts: ChartSpec[] = [];
  const line = (key: string, label = key): SeriesSpec => ({ label, key });
  const losses = ['d_loss', 'g_loss'].filter((k) => has.has(k));
  if (losses.length) charts.push({ title: 'Losses (each side’s total)', series: losses.map((k) => line(k)) });
  const terms = keys.filter((k) => k.includes('/'));
  for (const phase of new Set(terms.map((k) => k.slice(0, k.indexOf('/'))))) {
    charts.push({
      title: `${phase} loss terms`,
      series: terms.filter((k) => k.startsWith(`${phase}/`)).map((k) => line(k)),
    });
  }
  const special = new Set(['step', 'time', SECONDS_PER_STEP, ...losses, ...terms]);
  const stds = new Set(keys.filter((k) => k.endsWith('_std') && has.has(`${k.slice(0, -4)}_mean`)));
  for (const k of keys) {
    if (special.has(k) || stds.has(k) || k.startsWith(LR_PREFIX) || k.includes(':')) continue;
    const banded = k.endsWith('_mean') && stds.has(`${k.slice(0, -5)}_std`);
    charts.push(
      banded
        ? {
            title: `${k.slice(0, -5)} (mean ± std)`,
            series: [{ label: k, key: k, band: { lo: k + BAND_LO, hi: k + BAND_HI } }],
          }
        : { title: k, series: [line(k)] },
    );
  }
  // Metrics of several models of one run are logged as `<metric>:<model>` (DANN's `target_acc:dann`,
  // `target_acc:source_only`): one chart per metric with a line per model.
  const perModel = keys.filter((k) => k.includes(':') && !special.has(k));
  for (const metric of new Set(perModel.map((k) => k.slice(0, k.indexOf(':'))))) {
    charts.push({
      title: metric,
      series: perModel.filter((k) => k.startsWith(`${metric}:`)).map((k) => line(k)),
    });
  }
  const rates = keys.filter((k) => k.startsWith(LR_PREFIX));
  if (rates.length)
    charts.push({
      title: 'Learning rates',
      series: rates.map((k) => line(k, k.slice(LR_PREFIX.length))),
    });
  if (has.has(SECONDS_PER_STEP))
    charts.push({ title: 'Seconds per step', series: [line(SECONDS_PER_STEP, 'seconds/step')] });
  return charts;
}

/** The charts of one or more runs: those of every column that holds a value in any of them. */
export function chartsFor(runs: readonly Columns[]): ChartSpec[] {
  const keys = runs.flatMap((cols) => Object.keys(cols).filter((k) => cols[k].some((v) => v !== null)));
  return chartSpecs([...new Set(keys)]);
}
