/**
 * The metrics part of `npm run bench` (`gankit bench --only metrics`): FID on n × d seeded float32
 * features (default 10,000 × 2,048, Inception pool3's width) and KID at torch-fidelity's defaults
 * (100 subsets of 1,000), timed on gankit's native OpenBLAS path, its JavaScript fallback and
 * SciPy/NumPy (bench/scipy_metrics.py: pytorch-fid's `scipy.linalg.sqrtm` FID, float64 NumPy KID)
 * side by side in one run. Wall and process CPU time (all threads) are both reported: on a shared
 * host CPU time says more about the code.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeNpy } from '../io/npy.js';
import { fid } from '../metrics/fid.js';
import { kid } from '../metrics/kid.js';
import { describeMetricLinalg, setMetricLinalg } from '../metrics/linalg/dispatch.js';
import type { FeatureMatrix, MetricValue } from '../metrics/types.js';
import { Rng } from '../util/rng.js';

/** One timed implementation of one metric. */
export interface MetricTiming {
  metric: 'fid' | 'kid';
  impl: string;
  wallS?: number;
  cpuS?: number;
  value?: MetricValue;
  /** How the number was obtained when not a full run (e.g. extrapolated from a few KID subsets). */
  note?: string;
  skipped?: string;
}

export interface MetricsBenchReport {
  rows: number;
  cols: number;
  /** 1-minute load average at the start and end: wall times mean little on a busy host. */
  load: [number, number];
  /** {@link describeMetricLinalg} at the time of the run (library, kernel set, threads). */
  linalg: string;
  timings: MetricTiming[];
}

export interface MetricsBenchOptions {
  rows?: number;
  cols?: number;
  /** Run the SciPy/NumPy reference. */
  python: boolean;
  /** KID subsets timed on the JS path, whose time is then scaled to 100 (a full run takes minutes). */
  jsKidSubsets?: number;
  log?: (line: string) => void;
}

/**
 * n × d ReLU-like features with correlated neighbouring columns (closer to CNN activations than
 * N(0, I): non-negative, skewed, with a decaying spectrum), float32 as extractors return them.
 */
export function benchFeatures(seed: number, n: number, d: number, scale: number): FeatureMatrix {
  const data = new Rng(seed).normal(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 1; j < d; j++) data[i * d + j] = 0.7 * data[i * d + j] + 0.3 * data[i * d + j - 1];
    for (let j = 0; j < d; j++) data[i * d + j] = Math.max(0, data[i * d + j] * scale);
  }
  return { rows: n, cols: d, data };
}

function timed(metric: 'fid' | 'kid', impl: string, f: () => MetricValue): MetricTiming {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  try {
    const value = f();
    const used = process.cpuUsage(cpu);
    return {
      metric,
      impl,
      wallS: (performance.now() - wall) / 1000,
      cpuS: (used.user + used.system) / 1e6,
      value,
    };
  } catch (err) {
    return { metric, impl, skipped: (err as Error).message.split('\n')[0] };
  }
}

const PYTHON_SCRIPT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../bench/scipy_metrics.py',
);

/** SciPy FID and NumPy KID on the same features, through a temporary pair of .npy files. */
function scipy(real: FeatureMatrix, fake: FeatureMatrix): MetricTiming[] {
  const skipped = (why: string): MetricTiming[] => [
    { metric: 'fid', impl: 'scipy sqrtm', skipped: why },
    { metric: 'kid', impl: 'numpy float64', skipped: why },
  ];
  if (!existsSync(PYTHON_SCRIPT)) return skipped('bench/scipy_metrics.py not present (source checkout only)');
  const dir = mkdtempSync(path.join(tmpdir(), 'gankit-bench-'));
  try {
    const files = [real, fake].map((m, i) => {
      const file = path.join(dir, `${i}.npy`);
      writeNpy(file, { shape: [m.rows, m.cols], data: m.data });
      return file;
    });
    const res = spawnSync('/usr/bin/python3', [PYTHON_SCRIPT, ...files], { encoding: 'utf8' });
    if (res.status !== 0) {
      return skipped(`SciPy failed: ${(res.stderr || res.error?.message || '').trim().split('\n').pop()}`);
    }
    const out = JSON.parse(res.stdout.trim().split('\n').pop()!);
    return [
      { metric: 'fid', impl: 'scipy sqrtm', wallS: out.fid_wall_s, cpuS: out.fid_cpu_s, value: out.fid },
      {
        metric: 'kid',
        impl: 'numpy float64',
        wallS: out.kid_wall_s,
        cpuS: out.kid_cpu_s,
        value: { mean: out.kid_mean, std: out.kid_std },
        note: "NumPy's own random subsets",
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the metric timings; leaves the linear-algebra path choice as it found it (auto). */
export function runMetricsBench(opts: MetricsBenchOptions): MetricsBenchReport {
  const log = opts.log ?? (() => {});
  const n = opts.rows ?? 10000;
  const d = opts.cols ?? 2048;
  const jsSubsets = opts.jsKidSubsets ?? 3;
  const loadStart = loadavg()[0];
  log(`metrics: generating 2 × ${n} × ${d} float32 features…`);
  const real = benchFeatures(1, n, d, 1);
  const fake = benchFeatures(2, n, d, 1.1);
  const timings: MetricTiming[] = [];
  try {
    for (const impl of ['native', 'js'] as const) {
      setMetricLinalg(impl);
      log(`metrics: FID on the ${impl} path…`);
      timings.push(timed('fid', impl, () => fid(real, fake)));
    }
    setMetricLinalg('native');
    log('metrics: KID (100 subsets of 1000) on the native path…');
    timings.push(timed('kid', 'native', () => kid(real, fake)));
    setMetricLinalg('js');
    log(`metrics: KID on the js path (${jsSubsets} subsets, scaled to 100)…`);
    const js = timed('kid', 'js', () => kid(real, fake, { subsets: jsSubsets }));
    if (js.wallS !== undefined) {
      const scale = 100 / jsSubsets;
      timings.push({
        ...js,
        wallS: js.wallS * scale,
        cpuS: js.cpuS! * scale,
        note: `time of ${jsSubsets} subsets × ${scale.toFixed(1)}; value from those ${jsSubsets}`,
      });
    } else timings.push(js);
  } finally {
    setMetricLinalg();
  }
  if (opts.python) {
    log('metrics: SciPy FID and NumPy KID…');
    timings.push(...scipy(real, fake));
  }
  return { rows: n, cols: d, load: [loadStart, loadavg()[0]], linalg: describeMetricLinalg(), timings };
}

const fmtValue = (v: MetricValue | undefined) =>
  v === undefined
    ? ''
    : typeof v === 'number'
      ? v.toPrecision(10)
      : `${v.mean.toPrecision(6)} ± ${v.std.toPrecision(3)}`;

/** Column widths of the metrics table. */
const WIDTHS = [8, 15, 10, 10, 22, 40];
const tableRow = (cells: string[]) => cells.map((c, i) => c.padEnd(WIDTHS[i] ?? 0)).join('');

/** The metrics report as a plain-text table, with each time's ratio to the native path's. */
export function formatMetricsReport(r: MetricsBenchReport): string {
  const lines = [
    `metrics on ${r.rows} × ${r.cols} float32 features; ${r.linalg}; ` +
      `load average ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)} on ${availableParallelism()} cores`,
    tableRow(['metric', 'impl', 'wall s', 'CPU s', '÷ native (wall, CPU)', 'value']),
  ];
  for (const t of r.timings) {
    if (t.skipped) {
      lines.push(tableRow([t.metric, t.impl, 'skipped', '', '', t.skipped]));
      continue;
    }
    const native = r.timings.find(
      (x) => x.metric === t.metric && x.impl === 'native' && x.wallS !== undefined,
    );
    const ratio = native
      ? `${(t.wallS! / native.wallS!).toFixed(1)}×, ${(t.cpuS! / native.cpuS!).toFixed(1)}×`
      : '—';
    // FID is deterministic, so every implementation should give native's value to rounding.
    const agreement =
      t.metric === 'fid' && native && t !== native
        ? ` (rel. diff ${(Math.abs((t.value as number) - (native.value as number)) / (native.value as number)).toExponential(1)})`
        : '';
    const cells = [
      t.metric,
      t.impl,
      t.wallS!.toFixed(2),
      t.cpuS!.toFixed(2),
      ratio,
      fmtValue(t.value) + agreement,
    ];
    lines.push(tableRow(cells) + (t.note ? ` (${t.note})` : ''));
  }
  return lines.join('\n');
}
