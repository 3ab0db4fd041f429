/**
 * A whole training run: objective and trainer wired from one config, with logging (each side's total
 * and every loss term), sample pictures (grids, translation columns, or plots for toy worlds with their
 * exact metrics), atomic checkpoints, resume, the mode-collapse monitor and the HTML report.
 */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { releaseFreedMemory } from '../backend/index.js';
import type { GanConfig } from '../config/types.js';
import { imageSize } from '../data/dataset.js';
import type { DataSource } from '../data/source.js';
import { ToySource } from '../data/toy-source.js';
import { toyMetrics } from '../metrics/exact/index.js';
import { writeReport } from '../report/html.js';
import { imageGridPng } from '../report/png.js';
import { samplePlotPng } from '../report/scatter.js';
import { GankitError, UsageError } from '../util/errors.js';
import { describeWriteError, writeFileAtomic } from '../util/fs.js';
import { latestCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { ClassHistogramCheck } from './class-monitor.js';
import { Evaluator } from './evaluate.js';
import { evaluateDomains } from './domain-eval.js';
import { evaluateTranslation } from './translation-eval.js';
import { FaultPlan } from './faults.js';
import { diversityRatio } from './monitor.js';
import type { Objective } from './objective.js';
import type { GanObjective } from './objectives/gan.js';
import { createGanObjective, createObjective } from './objectives/registry.js';
import { LR_PREFIX, RunDir, type RunStatus } from './run-dir.js';
import { RunLock } from './run-lock.js';
import { firstNonFinite } from './stored-tensors.js';
import { type StepLosses, Trainer, type TrainerState } from './trainer.js';

export interface RunOptions {
  /** Continue from the latest checkpoint in `dir`. */
  resume?: boolean;
  /** Receives each log line (`STEP=…`) and status line. */
  print?: (line: string) => void;
  /**
   * Called after each step with its losses (progress bars). A promise is awaited: a queue worker yields
   * to its event loop there, so that it keeps renewing its hold on the run while training.
   */
  onStep?: (step: number, total: number, losses: StepLosses) => void | Promise<void>;
  /** Faults to inject, in {@link FaultPlan}'s syntax (`gankit train` passes `GANKIT_FAULTS`). */
  faults?: string;
  /**
   * Take the run folder's lock even from a live owner: the caller's claim on the run is authoritative
   * (a sweep worker holding the run's queue job; see {@link RunLock.acquire}).
   */
  takeOverLock?: boolean;
}

/**
 * Rollback limits for non-finite losses and weights when the config has no `monitor` section: the
 * learning rates are halved at each rollback, and the third fault in a row stops the run.
 */
const FAULT_LIMITS = { lrDecay: 0.5, maxRollbacks: 3 } as const;

export interface RunResult {
  dir: string;
  steps: number;
  lastSample: string;
  report: string;
  lastLosses?: StepLosses;
  /** The step a resumed run continued from. */
  resumedFrom?: number;
}

/**
 * Thrown from `onStep` by a caller that gives the run up because another process now owns it (a queue
 * worker that lost its lock): training stops and the run's files, status.json included, are left to
 * the new owner.
 */
export class RunAbandoned extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunAbandoned';
  }
}

/** The trainer of a config: its family's objective, networks and data. */
export function createTrainer(config: GanConfig): Trainer {
  return new Trainer(config, createObjective(config));
}

/** The trainer of a noise-fed GAN config, optionally on a given data source (tests, benchmarks). */
export function createGanTrainer(config: GanConfig, source?: DataSource): Trainer<GanObjective> {
  return new Trainer(config, createGanObjective(config, source));
}

/** Writes the sample picture of the objective (an image grid, or a plot for toy data). */
export function writeSamplePicture(trainer: Trainer, file: string): void {
  const { data } = trainer.config;
  const v = trainer.objective.visual(trainer.config.train.sampleCount);
  const png =
    v.kind === 'points'
      ? samplePlotPng(v.samples, v.reference, v.dim)
      : imageGridPng(v.images, v.count, v.shape, data.range, v.columns);
  writeFileAtomic(file, png);
}

/**
 * The collapse monitor reads a noise-fed generator, and evaluation a generator or translators; say so
 * instead of ignoring the config.
 */
function checkSupported(config: GanConfig, objective: Objective): void {
  if (objective.sampler) return;
  if (config.monitor)
    throw new UsageError(
      `config: 'monitor' needs a noise-fed generator; the ${objective.name} objective has none (remove 'monitor')`,
    );
  if (config.eval && !objective.translators && !objective.domainTranslator && !objective.evaluate)
    throw new UsageError(
      `config: 'eval' is not supported by the ${objective.name} objective (remove 'eval')`,
    );
  if (config.eval?.metrics)
    throw new UsageError(
      `config: 'eval.metrics' names metrics of noise-fed generators; the ${objective.name} objective is scored by its own figures (remove 'eval.metrics')`,
    );
}

/** Trains `config` in run directory `dir` (created, or resumed with `opts.resume`). */
export async function runTraining(config: GanConfig, dir: string, opts: RunOptions = {}): Promise<RunResult> {
  const print = opts.print ?? (() => {});
  const run = new RunDir(dir);
  const trainer = createTrainer(config);
  const { objective } = trainer;
  const sampler = objective.sampler;
  checkSupported(config, objective);
  const classes = objective.data.numClasses;
  print(`data: ${objective.data.name}${classes ? `, ${classes} classes` : ''}`);
  const t = config.train;
  const monitor = config.monitor;
  const toy = objective.data instanceof ToySource ? objective.data.toy : undefined;
  trainer.faults = new FaultPlan(opts.faults);
  const skipped = (folder: string, why: string) =>
    print(`checkpoint skipped: ${folder} is unusable (${why})`);

  let lock: RunLock;
  try {
    lock = RunLock.acquire(dir, { takeOver: opts.takeOverLock });
  } catch (err) {
    trainer.dispose();
    throw asUserError(err);
  }
  if (lock.tookOver)
    print(
      opts.takeOverLock
        ? `lock: took over the lock of process ${lock.tookOver.pid} (${lock.tookOver.host}), whose queue job was handed on`
        : `lock: took over the stale lock of process ${lock.tookOver.pid} (${lock.tookOver.host}), which is gone`,
    );
  try {
    return await trainLocked();
  } catch (err) {
    throw asUserError(err);
  } finally {
    lock.release();
  }

  async function trainLocked(): Promise<RunResult> {
    let resumedFrom: number | undefined;
    if (opts.resume) {
      let damaged = 0;
      const folder = latestCheckpoint(run.checkpoints, (f, why) => {
        damaged++;
        skipped(f, why);
      });
      if (folder) {
        await trainer.restore(loadCheckpoint<TrainerState>(folder));
        print(`resumed from ${folder} at step ${trainer.step}`);
      } else if (damaged === 0) {
        // Killed before its first checkpoint: the same config from the same seed is the same run.
        print('resumed at step 0: the run has no checkpoint yet');
      } else {
        throw new GankitError(
          `${dir} has no intact checkpoint to resume from (see the messages above); train anew into another --out`,
        );
      }
      run.truncateMetricsAfter(trainer.step);
      run.writeConfig(config);
      resumedFrom = trainer.step;
    } else {
      run.create(config);
      writeSamplePicture(trainer, run.samplePath(0));
    }

    const status: RunStatus = {
      state: 'running',
      pid: process.pid,
      host: os.hostname(),
      backend: tf.getBackend(),
      step: trainer.step,
      steps: t.steps,
      started: new Date().toISOString(),
      updated: new Date().toISOString(),
    };
    const setStatus = (change: Partial<RunStatus>) => {
      Object.assign(status, change, { step: trainer.step, updated: new Date().toISOString() });
      run.writeStatus(status);
    };
    setStatus({});
    const limits = monitor ?? FAULT_LIMITS;
    let rollbacks = 0;
    // The report is rewritten with every checkpoint, so an interrupted run still has a current one. A
    // state with a non-finite weight is never saved (a NaN gradient spoils the weights while the loss of
    // its step is still finite): the run rolls back instead, as for a non-finite loss.
    const save = async (): Promise<boolean> => {
      const ckpt = await trainer.checkpoint();
      const bad = firstNonFinite(ckpt.groups);
      if (bad) {
        await rollback(`weight ${bad} became non-finite`);
        return false;
      }
      saveCheckpoint(run.checkpoints, ckpt, t.keepCheckpoints, trainer.faults);
      setStatus({});
      writeReport(dir);
      releaseFreedMemory();
      return true;
    };
    // With the monitor on there is always a good state to roll back to, from the very start.
    if (monitor && !latestCheckpoint(run.checkpoints)) await save();
    const reference = monitor ? sampler!.reference(Math.min(t.sampleCount, 256)) : undefined;
    const sampleDim = imageSize(config.data.shape);
    const classCheck =
      monitor?.minClasses !== undefined ? await ClassHistogramCheck.create(config, classes) : undefined;
    const evaluator =
      config.eval && sampler
        ? await Evaluator.create(config, { n: config.eval.n, metrics: config.eval.metrics })
        : undefined;

    /**
     * Rolls back to the last intact checkpoint with lower learning rates (logged to events.jsonl), or
     * stops the run with a report after maxRollbacks or when there is no checkpoint yet.
     */
    async function rollback(why: string): Promise<void> {
      const folder = latestCheckpoint(run.checkpoints, skipped);
      if (!folder || rollbacks >= limits.maxRollbacks) {
        const cause = folder
          ? `after ${rollbacks} rollbacks`
          : 'before the first checkpoint (nothing to roll back to)';
        run.event({ step: trainer.step, event: 'stop', reason: why, rollbacks });
        throw new GankitError(
          `${why} at step ${trainer.step} ${cause}; lower the learning rates, or enable/raise 'monitor' in the config (it also checkpoints step 0)`,
        );
      }
      rollbacks++;
      const from = trainer.step;
      // The decay compounds over rollbacks (restore() would reset the scale to the checkpoint's).
      const lrScale = trainer.lrScale * limits.lrDecay;
      await trainer.restore(loadCheckpoint<TrainerState>(folder));
      trainer.lrScale = lrScale;
      run.truncateMetricsAfter(trainer.step);
      const event = {
        step: from,
        event: 'rollback',
        reason: why,
        to_step: trainer.step,
        lr_scale: trainer.lrScale,
      };
      run.event(event);
      print(
        `monitor: ${why} at step ${from}; rolled back to step ${trainer.step}, learning rates ×${trainer.lrScale.toPrecision(3)}`,
      );
    }

    let last: StepLosses | undefined;
    try {
      while (trainer.step < t.steps) {
        const losses = trainer.trainStep();
        last = losses;
        const step = trainer.step;
        // Before this step writes anything: a caller that gave the run up (RunAbandoned) writes nothing more.
        await opts.onStep?.(step, t.steps, losses);
        if (!Number.isFinite(losses.d_loss) || !Number.isFinite(losses.g_loss)) {
          await rollback(`losses became non-finite (d_loss=${losses.d_loss}, g_loss=${losses.g_loss})`);
          continue;
        }
        const evalNow = config.eval !== undefined && step % config.eval.every === 0;
        const logNow = step % t.logEvery === 0 || step === t.steps || evalNow;
        const checkNow =
          monitor &&
          step >= (monitor.warmup ?? 0) &&
          (step % monitor.every === 0 || step % t.checkpointEvery === 0);
        const row: Record<string, number> = {
          step,
          d_loss: losses.d_loss,
          g_loss: losses.g_loss,
          ...losses.terms,
          ...Object.fromEntries(
            Object.entries(trainer.learningRates).map(([k, lr]) => [
              `${LR_PREFIX}${k}`,
              Number(lr.toPrecision(6)),
            ]),
          ),
          time: Number(trainer.elapsed.toFixed(3)),
        };
        if (checkNow || (logNow && toy)) {
          const samples = sampler!.fixedSamples(t.sampleCount);
          if (toy && logNow) Object.assign(row, roundAll(toyMetrics(toy, samples)));
          if (checkNow) {
            const n = reference!.length / sampleDim;
            const diversity = diversityRatio(samples.subarray(0, n * sampleDim), reference!, n, sampleDim);
            row.diversity = Number(diversity.toFixed(5));
            if (!(diversity >= monitor!.minDiversity)) {
              await rollback(
                `sample diversity ${diversity.toFixed(3)} fell below ${monitor!.minDiversity} (mode collapse)`,
              );
              continue;
            }
            if (classCheck) {
              const { modes, class_jsd } = await classCheck.histogram(samples, t.sampleCount);
              Object.assign(row, { classes: modes, class_jsd: Number(class_jsd.toFixed(5)) });
              if (modes < monitor!.minClasses!) {
                await rollback(
                  `samples cover ${modes} of ${classes} classes, fewer than minClasses ${monitor!.minClasses} (mode collapse)`,
                );
                continue;
              }
            }
          }
        }
        if (evalNow) {
          const scores = evaluator
            ? await evaluator.evaluate(sampler!)
            : objective.domainTranslator
              ? await evaluateDomains(config, objective.domainTranslator, config.eval!.n)
              : objective.evaluate
                ? await objective.evaluate(config.eval!.n)
                : await evaluateTranslation(config, objective.translators!, config.eval!.n);
          Object.assign(row, roundAll(scores));
        }
        if (logNow) {
          const shown = shownTerms(losses.terms);
          const extra = Object.entries(row)
            .filter(
              ([k]) =>
                !['step', 'd_loss', 'g_loss', 'time'].includes(k) &&
                !k.startsWith(LR_PREFIX) &&
                (!(k in losses.terms) || shown.has(k)),
            )
            .map(([k, v]) => `, ${k}=${k in losses.terms ? v.toFixed(5) : v}`)
            .join('');
          print(
            `STEP=${String(step).padStart(5, '0')}, d_loss=${losses.d_loss.toFixed(5)}, g_loss=${losses.g_loss.toFixed(5)}${extra}`,
          );
          run.log(row);
        }
        if (step % t.sampleEvery === 0 || step === t.steps) writeSamplePicture(trainer, run.samplePath(step));
        if ((step % t.checkpointEvery === 0 || step === t.steps) && !(await save())) continue;
      }
    } catch (err) {
      const failed = asUserError(err);
      if (failed instanceof RunAbandoned) throw failed;
      try {
        setStatus({ state: 'failed', error: (failed as Error)?.message });
      } catch {
        // On a full disk status.json may not be writable either; the error that stopped the run wins.
      }
      throw failed;
    } finally {
      trainer.dispose();
    }
    setStatus({ state: 'finished' });
    return {
      dir,
      steps: trainer.step,
      lastSample: run.samplePath(trainer.step),
      report: writeReport(dir),
      lastLosses: last,
      resumedFrom,
    };
  }
}

/** A failed write into the run folder (full disk, no permission) as a user error naming the file. */
function asUserError(err: unknown): unknown {
  const problem = describeWriteError(err);
  return problem
    ? new GankitError(
        `cannot write the run folder: ${problem}; free disk space or fix the folder's permissions`,
      )
    : err;
}

/**
 * The terms worth printing on the STEP line: those of phases with two or more terms (a phase's single
 * term is its total, already printed as d_loss or g_loss). metrics.jsonl keeps every term.
 */
function shownTerms(terms: Record<string, number>): Set<string> {
  const perPhase = new Map<string, string[]>();
  for (const k of Object.keys(terms)) {
    const phase = k.slice(0, k.indexOf('/'));
    perPhase.set(phase, [...(perPhase.get(phase) ?? []), k]);
  }
  return new Set([...perPhase.values()].filter((ks) => ks.length > 1).flat());
}

function roundAll(r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v.toPrecision(6))]));
}
