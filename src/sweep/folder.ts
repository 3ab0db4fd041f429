/**
 * The sweep folder: `sweep.json` (what the sweep is: its id, the base config, every planned run with its
 * parameters, the metric and its goal) and one ordinary run directory per run (`run-000/`, …), written by
 * whichever worker trains it. Everything a status table, the report or the dashboard shows is read from
 * these files, so any machine that sees the folder sees the sweep, with or without the queue.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { GanConfig } from '../config/types.js';
import { type RunState, runState } from '../report/run-data.js';
import { RunDir } from '../train/run-dir.js';
import { InputError, UsageError } from '../util/errors.js';
import { findFolders, writeFileAtomic } from '../util/fs.js';
import type { PlannedRun, QueueTiming, SweepSpec } from './spec.js';

const FORMAT = 'gankit-sweep';
const VERSION = 1;

/** sweep.json. */
export interface SweepRecord {
  format: typeof FORMAT;
  version: typeof VERSION;
  /** A random id, so that a queued run never lands in another sweep that reused the folder's name. */
  id: string;
  name: string;
  created: string;
  method: SweepSpec['method'];
  seed: number;
  metric: string;
  goal: 'min' | 'max';
  /** The parameter keys, in the file's order (the report's columns). */
  keys: string[];
  timing: QueueTiming;
  base: GanConfig;
  runs: PlannedRun[];
}

/** A run as the status table shows it: `waiting` until a worker has written its folder. */
export interface SweepRow {
  id: string;
  params: PlannedRun['params'];
  state: RunState | 'waiting';
  step: number;
  steps: number;
  /** The last logged value of the sweep's metric. */
  metric?: number;
  error?: string;
}

export class SweepFolder {
  constructor(readonly root: string) {}

  get file(): string {
    return path.join(this.root, 'sweep.json');
  }
  get reportFile(): string {
    return path.join(this.root, 'report.html');
  }
  runDir(id: string): string {
    return path.join(this.root, id);
  }

  exists(): boolean {
    return existsSync(this.file);
  }

  /** Writes sweep.json for a new sweep; refuses a folder that already holds one, or anything else. */
  create(spec: SweepSpec, runs: PlannedRun[]): SweepRecord {
    if (this.exists())
      throw new UsageError(
        `${this.root} already holds a sweep; see it with 'gankit sweep --status --out ${this.root}', or pass --out NEW_DIR`,
      );
    if (existsSync(this.root) && readdirSync(this.root).length > 0)
      throw new UsageError(`${this.root} exists and is not empty; choose another --out`);
    const record: SweepRecord = {
      format: FORMAT,
      version: VERSION,
      id: randomBytes(6).toString('hex'),
      name: spec.name,
      created: new Date().toISOString(),
      method: spec.method,
      seed: spec.seed,
      metric: spec.metric,
      goal: spec.goal,
      keys: spec.parameters.map((p) => p.key),
      timing: spec.timing,
      base: spec.base,
      runs,
    };
    writeFileAtomic(this.file, `${JSON.stringify(record, null, 1)}\n`);
    return record;
  }

  /** sweep.json; a missing or foreign file is an {@link InputError} naming it. */
  read(): SweepRecord {
    let record: SweepRecord;
    try {
      record = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch (err) {
      throw new InputError(
        this.file,
        (err as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'not found (no sweep in this folder)'
          : 'unreadable',
      );
    }
    if (record.format !== FORMAT || record.version !== VERSION)
      throw new InputError(this.file, `not a ${FORMAT} file of version ${VERSION}`);
    return record;
  }

  /**
   * Every run with its state and metric: the finished runs ranked by the metric, best first, then the
   * others in plan order (a running run's value so far is shown but not ranked: it may still change).
   */
  rows(record = this.read()): SweepRow[] {
    const rows = record.runs.map((r) => this.row(r, record));
    const sign = record.goal === 'min' ? 1 : -1;
    const ranked = rows.filter(isRanked).sort((a, b) => sign * (a.metric! - b.metric!));
    return [...ranked, ...rows.filter((r) => !isRanked(r))];
  }

  private row(r: PlannedRun, record: SweepRecord): SweepRow {
    const run = new RunDir(this.runDir(r.id));
    const status = run.readStatus();
    const steps = status?.steps ?? record.base.train.steps;
    if (!status && !run.exists()) return { id: r.id, params: r.params, state: 'waiting', step: 0, steps };
    const metrics = run.readMetrics();
    const values = metrics.filter((m) => typeof m[record.metric] === 'number');
    const step = Math.max(status?.step ?? 0, metrics.at(-1)?.step ?? 0);
    return {
      id: r.id,
      params: r.params,
      state: runState(status, step, steps),
      step,
      steps,
      metric: values.at(-1)?.[record.metric],
      error: status?.error,
    };
  }
}

/** True for a run that counts in the ranking: finished with a value of the metric. */
export function isRanked(row: SweepRow): boolean {
  return row.state === 'finished' && row.metric !== undefined;
}

/** The sweep folders under `root` (the folder of runs), at most `depth` levels down, by name. */
export function findSweeps(root: string, depth = 2): string[] {
  return findFolders(root, (dir) => new SweepFolder(dir).exists(), depth)
    .map((full) => path.relative(root, full))
    .sort();
}
