/**
 * A run folder as the report and the dashboard show it: its summary (name, state, progress, backend,
 * timing) and its data (metrics as columns, monitor events, sample pictures). Reads only; tolerates a
 * run that is still writing or was killed mid-write.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GanConfig } from '../config/types.js';
import { RunDir, type RunStatus } from '../train/run-dir.js';
import { median } from '../util/median.js';
import { type Columns, SECONDS_PER_STEP, toColumns } from './charts.js';

/** `running` while its process lives, `stopped` when that process is gone without saying it ended. */
/**
 * What a run is doing. `damaged`: its config.json cannot be read or is not a valid config (only the
 * dashboard lists such a folder, with the reason, so that it does not silently go missing).
 */
export type RunState = 'running' | 'finished' | 'failed' | 'stopped' | 'damaged';

export interface RunSummary {
  /** The folder's path relative to the folder of runs (the dashboard's id), or its base name. */
  name: string;
  description: string;
  family: string;
  dataset: string;
  state: RunState;
  step: number;
  steps: number;
  batchSize: number;
  backend?: string;
  /** Training seconds so far (the `time` column), and the median seconds per step. */
  seconds?: number;
  secondsPerStep?: number;
  error?: string;
  /** The last logged losses. */
  last?: Record<string, number>;
}

export interface RunData extends RunSummary {
  columns: Columns;
  events: Record<string, unknown>[];
  /** Steps of the sample pictures, in order (files `samples/step-XXXXXX.png`). */
  samples: number[];
  configText: string;
}

/** True while a process with this id exists (a run trained on this machine). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The state a status.json stands for; runs from before status.json existed count as finished or stopped.
 * A process on another machine cannot be checked from here: its run counts as running.
 */
export function runState(status: RunStatus | undefined, step: number, steps: number): RunState {
  if (!status) return step >= steps ? 'finished' : 'stopped';
  if (status.state === 'running')
    return (status.host !== undefined && status.host !== os.hostname()) || alive(status.pid)
      ? 'running'
      : 'stopped';
  return status.state;
}

/** Reads a run folder; `name` defaults to its base name. A folder without config.json is a usage error. */
export function readRunData(dir: string, name = path.basename(dir)): RunData {
  const run = new RunDir(dir);
  const config = run.readConfig();
  const configText = readFileSync(run.configFile, 'utf8');
  const rows = run.readMetrics();
  const status = run.readStatus();
  const trained = rows.filter((r) => typeof r.time === 'number');
  const lastRow = trained.at(-1);
  const step = Math.max(status?.step ?? 0, lastRow?.step ?? 0);
  const columns = toColumns(rows);
  const perStep = columns[SECONDS_PER_STEP].filter((v): v is number => v !== null);
  return {
    name,
    description: config.description,
    family: config.model.family,
    dataset: datasetName(config),
    state: runState(status, step, config.train.steps),
    step,
    steps: status?.steps ?? config.train.steps,
    batchSize: config.train.batchSize,
    backend: status?.backend,
    seconds: lastRow?.time,
    secondsPerStep: perStep.length > 0 ? median(perStep) : undefined,
    error: status?.error,
    last: lastRow,
    columns,
    events: run.readEvents(),
    samples: run.sampleFiles().map((s) => s.step),
    configText,
  };
}

/** The summary part of {@link readRunData} (what the dashboard lists). */
export function summarize(data: RunData): RunSummary {
  const { columns: _c, events: _e, samples: _s, configText: _t, ...summary } = data;
  return summary;
}

function datasetName(config: GanConfig): string {
  const d = config.data;
  if (d.dataset === 'toy') return `toy ${d.toy?.name ?? ''}`.trim();
  if (d.dataset === 'path') return `folder ${d.path}`;
  return d.dataset;
}
