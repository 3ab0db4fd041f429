/**
 * A sweep file: a config file (`extends: preset` and any overrides, exactly as `gankit train --config`
 * reads it) plus a `sweep:` section saying which keys vary and how, how many runs the budget allows, the
 * metrics.jsonl column that ranks them, and the queue's timing. This module parses and checks that
 * section and expands it into the list of runs (a grid, or a seeded random search); nothing here trains.
 *
 * ```yaml
 * extends: toy-gaussian
 * train: { steps: 300 }
 * sweep:
 *   method: random            # or grid (every combination)
 *   runs: 8                   # the budget (random: required; grid: a cap the grid must fit in)
 *   seed: 0                   # random search only
 *   metric: w1                # a metrics.jsonl column; its last logged value ranks a run
 *   goal: min                 # or max
 *   parameters:
 *     optimizers.generator.lr: { min: 0.0001, max: 0.01, log: true }
 *     train.dSteps: [1, 2]
 *   queue: { lockSeconds: 60, checkSeconds: 30, maxLost: 3 }
 * ```
 */
import path from 'node:path';
import { type Plain, readConfigFile } from '../config/presets.js';
import { resolveConfig } from '../config/resolve.js';
import type { GanConfig } from '../config/types.js';
import { STREAMS } from '../train/streams.js';
import { GankitError, InputError } from '../util/errors.js';
import { Rng } from '../util/rng.js';

/** A value a parameter can take: whatever YAML gives (numbers, strings, booleans, lists, objects). */
export type ParamValue = unknown;

/** A numeric range: uniform (or log-uniform) for random search, `count` evenly spaced points for a grid. */
export interface ParamRange {
  min: number;
  max: number;
  log?: boolean;
  integer?: boolean;
  count?: number;
}

export interface Parameter {
  /** Dotted path into the config, e.g. `optimizers.generator.lr`. */
  key: string;
  values?: ParamValue[];
  range?: ParamRange;
}

/**
 * How the queue tells a dead worker from a busy one (bullmq's settings): a worker holds a lock on its run
 * for `lockSeconds`, renewed while it lives; every `checkSeconds` the workers look for runs whose lock
 * ran out and hand them to another worker, at most `maxLost` times per run.
 */
export interface QueueTiming {
  lockSeconds: number;
  checkSeconds: number;
  maxLost: number;
}

export const DEFAULT_TIMING: QueueTiming = { lockSeconds: 60, checkSeconds: 30, maxLost: 3 };

export interface SweepSpec {
  name: string;
  method: 'grid' | 'random';
  seed: number;
  metric: string;
  goal: 'min' | 'max';
  parameters: Parameter[];
  /** The number of runs: the grid's size, or the random search's budget. */
  runs: number;
  timing: QueueTiming;
  /** The fully resolved config every run starts from (defaults ← preset ← the file's config part). */
  base: GanConfig;
}

/** One run of a sweep: its id (its folder's name) and the value of each parameter. */
export interface PlannedRun {
  id: string;
  params: Record<string, ParamValue>;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads and checks a sweep file; every problem is an {@link InputError} naming the file and the key. */
export function readSweepFile(file: string): SweepSpec {
  const { sweep, ...config } = readConfigFile(file);
  const bad = (key: string, problem: string): never => {
    throw new InputError(file, `'sweep.${key}' ${problem}`);
  };
  if (!isPlain(sweep))
    throw new InputError(
      file,
      "has no 'sweep:' section",
      'Add one with the parameters to vary and the metric to rank by (see the README, "Sweeps")',
    );
  const known = ['name', 'method', 'runs', 'seed', 'metric', 'goal', 'parameters', 'queue'];
  for (const k of Object.keys(sweep))
    if (!known.includes(k)) bad(k, `is not a sweep setting; valid ones: ${known.join(', ')}`);
  const name = sweep.name ?? path.basename(file).replace(/\.(ya?ml|json)$/, '');
  if (typeof name !== 'string' || !NAME.test(name))
    bad('name', `must be a folder name (letters, digits, '.', '_', '-'), got ${JSON.stringify(name)}`);
  const method = sweep.method ?? 'grid';
  if (method !== 'grid' && method !== 'random')
    bad('method', `must be grid or random, got ${JSON.stringify(method)}`);
  const seed = sweep.seed ?? 0;
  if (!Number.isInteger(seed) || (seed as number) < 0)
    bad('seed', `must be an integer >= 0, got ${JSON.stringify(seed)}`);
  if (typeof sweep.metric !== 'string' || sweep.metric === '')
    bad('metric', 'must name a metrics.jsonl column to rank the runs by (e.g. fid, w1, g_loss)');
  if (sweep.goal !== 'min' && sweep.goal !== 'max')
    bad(
      'goal',
      `must be min or max (is a lower ${String(sweep.metric)} better?), got ${JSON.stringify(sweep.goal)}`,
    );
  if (!isPlain(sweep.parameters) || Object.keys(sweep.parameters).length === 0)
    bad('parameters', 'must map config keys (e.g. optimizers.generator.lr) to a list of values or a range');
  const parameters = Object.entries(sweep.parameters as Plain).map(([key, v]) =>
    readParameter(key, v, method as 'grid' | 'random', bad),
  );
  const runs = countRuns(method as 'grid' | 'random', parameters, sweep.runs, bad);
  let base: GanConfig;
  try {
    base = resolveConfig({ config });
  } catch (err) {
    if (err instanceof GankitError) throw new InputError(file, err.message);
    throw err;
  }
  return {
    name: name as string,
    method: method as 'grid' | 'random',
    seed: seed as number,
    metric: sweep.metric as string,
    goal: sweep.goal as 'min' | 'max',
    parameters,
    runs,
    timing: readTiming(sweep.queue, bad),
    base,
  };
}

function readParameter(
  key: string,
  v: unknown,
  method: 'grid' | 'random',
  bad: (key: string, problem: string) => never,
): Parameter {
  const at = `parameters.${key}`;
  if (!/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/.test(key))
    bad(at, 'must be a dotted config path such as optimizers.generator.lr');
  if (Array.isArray(v)) {
    if (v.length === 0) bad(at, 'lists no values');
    return { key, values: v };
  }
  if (!isPlain(v)) bad(at, `must be a list of values or a range { min, max }, got ${JSON.stringify(v)}`);
  const r = v as Plain;
  for (const k of Object.keys(r))
    if (!['min', 'max', 'log', 'integer', 'count'].includes(k))
      bad(`${at}.${k}`, 'is not a range setting; valid ones: min, max, log, integer, count');
  const { min, max } = r;
  if (typeof min !== 'number' || typeof max !== 'number' || !(min < max))
    bad(at, `needs numbers min < max, got min ${JSON.stringify(min)}, max ${JSON.stringify(max)}`);
  if (r.log !== undefined && typeof r.log !== 'boolean') bad(`${at}.log`, 'must be true or false');
  if (r.integer !== undefined && typeof r.integer !== 'boolean')
    bad(`${at}.integer`, 'must be true or false');
  if (r.log && (min as number) <= 0) bad(at, 'needs min > 0 for a log range');
  if (r.log && r.integer) bad(at, 'cannot be both log and integer; list the integers instead');
  if (method === 'grid' && !(Number.isInteger(r.count) && (r.count as number) >= 2))
    bad(`${at}.count`, 'must be an integer >= 2 in a grid (how many evenly spaced values to try)');
  if (method === 'random' && r.count !== undefined)
    bad(`${at}.count`, 'is for grids; random search draws from the range');
  return { key, range: r as unknown as ParamRange };
}

function countRuns(
  method: 'grid' | 'random',
  parameters: Parameter[],
  runs: unknown,
  bad: (key: string, problem: string) => never,
): number {
  if (runs !== undefined && !(Number.isInteger(runs) && (runs as number) >= 1))
    bad('runs', `must be an integer >= 1, got ${JSON.stringify(runs)}`);
  if (method === 'random') {
    if (runs === undefined) bad('runs', 'is required for random search (the budget: how many runs to draw)');
    return runs as number;
  }
  const size = parameters.reduce((n, p) => n * (p.values?.length ?? p.range!.count!), 1);
  if (runs !== undefined && size > (runs as number))
    bad(
      'runs',
      `is ${runs}, but the grid has ${size} combinations; raise it, drop values, or use method: random`,
    );
  return size;
}

function readTiming(v: unknown, bad: (key: string, problem: string) => never): QueueTiming {
  if (v === undefined) return DEFAULT_TIMING;
  if (!isPlain(v)) bad('queue', 'must be a mapping { lockSeconds, checkSeconds, maxLost }');
  const t = { ...DEFAULT_TIMING };
  for (const [k, x] of Object.entries(v as Plain)) {
    if (!(k in t))
      bad(`queue.${k}`, 'is not a queue setting; valid ones: lockSeconds, checkSeconds, maxLost');
    const ok = k === 'maxLost' ? Number.isInteger(x) && (x as number) >= 1 : typeof x === 'number' && x > 0;
    if (!ok)
      bad(
        `queue.${k}`,
        `must be ${k === 'maxLost' ? 'an integer >= 1' : 'a number of seconds > 0'}, got ${JSON.stringify(x)}`,
      );
    t[k as keyof QueueTiming] = x as number;
  }
  return t;
}

/** A run's id from its index: `run-000`, `run-001`, … (its folder in the sweep folder). */
export function runId(index: number): string {
  return `run-${String(index).padStart(3, '0')}`;
}

/** Four significant digits: drawn values read well in tables and in YAML, and mean the same everywhere. */
const tidy = (x: number) => Number(x.toPrecision(4));

/** The `count` evenly spaced (log-spaced with `log`) values of a grid range. */
function gridValues(r: ParamRange): number[] {
  const n = r.count!;
  return Array.from({ length: n }, (_, i) => {
    const t = i / (n - 1);
    const x = r.log
      ? Math.exp(Math.log(r.min) + t * (Math.log(r.max) - Math.log(r.min)))
      : r.min + t * (r.max - r.min);
    return r.integer ? Math.round(x) : tidy(x);
  });
}

/** One draw from a parameter: a uniform choice among its values, or uniform / log-uniform in its range. */
function draw(p: Parameter, rng: Rng): ParamValue {
  if (p.values) return p.values[rng.int(p.values.length)];
  const r = p.range!;
  const u = rng.uniform(1)[0];
  if (r.integer) {
    const lo = Math.ceil(r.min);
    return lo + Math.floor(u * (Math.floor(r.max) - lo + 1));
  }
  return tidy(
    r.log ? Math.exp(Math.log(r.min) + u * (Math.log(r.max) - Math.log(r.min))) : r.min + u * (r.max - r.min),
  );
}

/**
 * The runs of a sweep. A grid is every combination, the last parameter varying fastest; a random search
 * draws each parameter of each run in turn from one stream of the sweep's seed, so the same file plans
 * the same runs on every machine.
 */
export function planRuns(spec: SweepSpec): PlannedRun[] {
  if (spec.method === 'random') {
    const rng = new Rng(spec.seed, STREAMS.sweepSearch);
    return Array.from({ length: spec.runs }, (_, i) => ({
      id: runId(i),
      params: Object.fromEntries(spec.parameters.map((p) => [p.key, draw(p, rng)])),
    }));
  }
  let combos: Record<string, ParamValue>[] = [{}];
  for (const p of spec.parameters) {
    const values = p.values ?? gridValues(p.range!);
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [p.key]: v })));
  }
  return combos.map((params, i) => ({ id: runId(i), params }));
}

/** Dotted keys and their values as a nested partial config: `{ 'train.seed': 3 }` → `{ train: { seed: 3 } }`. */
export function nestParams(params: Record<string, ParamValue>): Plain {
  const out: Plain = {};
  for (const [key, value] of Object.entries(params)) {
    const parts = key.split('.');
    let at = out;
    for (const part of parts.slice(0, -1)) {
      if (!isPlain(at[part])) at[part] = {};
      at = at[part] as Plain;
    }
    at[parts.at(-1)!] = value;
  }
  return out;
}
