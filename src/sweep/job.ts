/**
 * Training one run of a sweep: the one code path of `gankit sweep` without a queue (runs one after
 * another) and of `gankit worker` (runs taken from the queue). A run whose folder already holds a
 * checkpoint is resumed from it exactly (`--resume`), so a run whose worker died is finished by the next
 * one, losing at most one checkpoint interval; a finished run is not trained again.
 *
 * Failures come in two kinds, and the queue treats them differently: a {@link RunFailure} is the run's
 * own (bad config, non-finite losses after the monitor's retries, any error while training), recorded
 * in its status.json and never retried — it would fail the same way anywhere; a {@link SweepSetupError}
 * is this worker's (it cannot see the sweep folder: the runs folder is not shared, or `--runs` is wrong),
 * and the run is left for another worker.
 */
import { mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveConfig } from '../config/resolve.js';
import type { Plain } from '../config/presets.js';
import type { GanConfig } from '../config/types.js';
import { latestCheckpoint } from '../train/checkpoint.js';
import { RunDir } from '../train/run-dir.js';
import { RunAbandoned, type RunOptions, runTraining } from '../train/run.js';
import { GankitError } from '../util/errors.js';
import { SweepFolder, type SweepRecord } from './folder.js';
import { type PlannedRun, nestParams } from './spec.js';

/** What a queued job carries: where its sweep is (relative to the runs folder), which sweep, which run. */
export interface SweepJob {
  /** The sweep folder's path relative to the runs folder. */
  sweep: string;
  /** sweep.json's id. */
  id: string;
  run: string;
}

/** The run failed for a reason of its own; its status.json says why. Not worth retrying. */
export class RunFailure extends GankitError {
  constructor(message: string) {
    super(message);
    this.name = 'RunFailure';
  }
}

/** This worker cannot train the run (it does not see the sweep); another worker may. */
export class SweepSetupError extends GankitError {
  constructor(message: string) {
    super(message);
    this.name = 'SweepSetupError';
  }
}

export interface SweepRunResult {
  /** The step it resumed from, when it continued a run another process had started. */
  resumedFrom?: number;
  /** True when the run had already finished (its worker died before the queue heard of it). */
  alreadyDone: boolean;
}

/** The config of one run: the sweep's resolved base with the run's parameters on top, validated. */
export function runConfig(record: SweepRecord, run: PlannedRun): GanConfig {
  return resolveConfig({ base: record.base as unknown as Plain, overrides: nestParams(run.params) });
}

/** Reads the job's sweep and run from the runs folder, or says why this worker cannot. */
function locate(runsDir: string, job: SweepJob): { record: SweepRecord; run: PlannedRun; dir: string } {
  const folder = new SweepFolder(path.join(runsDir, job.sweep));
  const share = `every worker's --runs must be the folder, shared between the machines, that holds the sweep folder '${job.sweep}'`;
  let record: SweepRecord;
  try {
    record = folder.read();
  } catch (err) {
    throw new SweepSetupError(`${(err as Error).message}; ${share}`);
  }
  if (record.id !== job.id)
    throw new SweepSetupError(
      `${folder.file} holds another sweep (id ${record.id}, the queue's run is of ${job.id}); ${share}`,
    );
  const run = record.runs.find((r) => r.id === job.run);
  if (!run) throw new SweepSetupError(`${folder.file} plans no run '${job.run}'`);
  return { record, run, dir: folder.runDir(run.id) };
}

/**
 * Trains (or finishes) one run of a sweep in `runsDir/<job.sweep>/<job.run>`. Throws a
 * {@link RunFailure} after recording it in the run's status.json, a {@link SweepSetupError}, or the
 * {@link RunAbandoned} of an `onStep` that gave the run up (its files untouched).
 */
export async function trainSweepRun(
  runsDir: string,
  job: SweepJob,
  opts: RunOptions = {},
): Promise<SweepRunResult> {
  const { record, run, dir } = locate(runsDir, job);
  const runDir = new RunDir(dir);
  if (runDir.readStatus()?.state === 'finished') return { alreadyDone: true };
  let config: GanConfig | undefined;
  try {
    config = runConfig(record, run);
    const checkpoint = runDir.exists() ? latestCheckpoint(runDir.checkpoints) : undefined;
    // A start that died before its first checkpoint left nothing worth keeping.
    if (!checkpoint) rmSync(dir, { recursive: true, force: true });
    const result = await runTraining(config, dir, { ...opts, resume: checkpoint !== undefined });
    return { alreadyDone: false, resumedFrom: checkpoint ? result.resumedFrom : undefined };
  } catch (err) {
    if (err instanceof RunAbandoned) throw err;
    const message = (err as Error)?.message ?? String(err);
    // runTraining records the errors of training; a config or data that fails before it starts is recorded here.
    if (runDir.readStatus()?.state !== 'failed') {
      mkdirSync(dir, { recursive: true });
      const now = new Date().toISOString();
      runDir.writeStatus({
        state: 'failed',
        pid: process.pid,
        host: os.hostname(),
        backend: '–',
        step: 0,
        steps: config?.train.steps ?? record.base.train.steps,
        started: now,
        updated: now,
        error: message,
      });
    }
    if (!(err instanceof GankitError)) opts.print?.((err as Error)?.stack ?? message);
    throw new RunFailure(`${job.sweep}/${job.run}: ${message}`);
  }
}
