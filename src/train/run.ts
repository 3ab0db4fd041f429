/**
 * A whole training run: data, networks, loss and trainer wired from one config, with logging,
 * fixed-noise sample grids, atomic checkpoints, resume and the HTML report.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GanConfig } from '../config/types.js';
import { BatchIterator } from '../data/batches.js';
import type { ImageDataset } from '../data/dataset.js';
import { loadDataset } from '../data/registry.js';
import { makeLoss } from '../losses/registry.js';
import { buildNetworks } from '../models/registry.js';
import type { GanNetworks } from '../models/types.js';
import { imageGridPng } from '../report/png.js';
import { writeReport } from '../report/html.js';
import { GankitError } from '../util/errors.js';
import { writeFileAtomic } from '../util/fs.js';
import { latestCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { RunDir } from './run-dir.js';
import { GanTrainer, type TrainerState } from './trainer.js';

export interface RunOptions {
  /** Continue from the latest checkpoint in `dir`. */
  resume?: boolean;
  /** Receives each log line (`STEP=…`) and status line. */
  print?: (line: string) => void;
  /** Called after each step (progress bars). */
  onStep?: (step: number, total: number) => void;
}

export interface RunResult {
  dir: string;
  steps: number;
  lastSample: string;
  report: string;
  lastLosses?: { d_loss: number; g_loss: number };
}

/** Builds the networks a config describes, for a dataset (labels make conditional models possible). */
export function networksFor(config: GanConfig, ds: Pick<ImageDataset, 'classNames'>): GanNetworks {
  return buildNetworks(config.model, {
    imageShape: config.data.shape,
    numClasses: ds.classNames?.length,
    seed: config.train.seed,
  });
}

/** Renders the generator's output for the fixed sample noise into a PNG file. */
export function writeSampleGrid(trainer: GanTrainer, file: string): void {
  const n = trainer.config.train.sampleCount;
  const images = tf.tidy(() => {
    const inputs = trainer.fixedLatents(n);
    return trainer.nets.generator.apply(inputs, { training: false }) as tf.Tensor;
  });
  const data = images.dataSync() as Float32Array;
  images.dispose();
  writeFileAtomic(file, imageGridPng(data, n, trainer.nets.imageShape, trainer.config.data.range));
}

/** Trains `config` in run directory `dir` (created, or resumed with `opts.resume`). */
export async function runTraining(config: GanConfig, dir: string, opts: RunOptions = {}): Promise<RunResult> {
  const print = opts.print ?? (() => {});
  const run = new RunDir(dir);
  const ds = loadDataset(config.data);
  if (config.train.batchSize > ds.n) {
    throw new GankitError(
      `batch size ${config.train.batchSize} is larger than the dataset (${ds.n} images); lower --batch-size`,
    );
  }
  print(
    `data: ${ds.name}, ${ds.n} images ${ds.shape.join('x')}${ds.labels ? `, ${ds.classNames?.length} classes` : ''}`,
  );
  const nets = networksFor(config, ds);
  const data = new BatchIterator(ds, config.train.batchSize, config.data.range, config.train.seed);
  const trainer = new GanTrainer(config, nets, makeLoss(config.loss.type, config.loss), data);

  if (opts.resume) {
    const folder = latestCheckpoint(run.checkpoints);
    if (!folder) throw new GankitError(`${dir} has no checkpoint to resume from; train without --resume`);
    await trainer.restore(loadCheckpoint<TrainerState>(folder));
    run.truncateMetricsAfter(trainer.step);
    run.writeConfig(config);
    print(`resumed from ${folder} at step ${trainer.step}`);
  } else {
    run.create(config);
    writeSampleGrid(trainer, run.samplePath(0));
  }

  const t = config.train;
  const save = async () => saveCheckpoint(run.checkpoints, await trainer.checkpoint(), t.keepCheckpoints);
  let last: { d_loss: number; g_loss: number } | undefined;
  try {
    while (trainer.step < t.steps) {
      const losses = trainer.trainStep();
      last = losses;
      const step = trainer.step;
      if (!Number.isFinite(losses.d_loss) || !Number.isFinite(losses.g_loss)) {
        throw new GankitError(
          `training diverged at step ${step} (d_loss=${losses.d_loss}, g_loss=${losses.g_loss}); ` +
            `lower the learning rates or resume from the last checkpoint with --resume`,
        );
      }
      if (step % t.logEvery === 0 || step === t.steps) {
        print(
          `STEP=${String(step).padStart(5, '0')}, d_loss=${losses.d_loss.toFixed(5)}, g_loss=${losses.g_loss.toFixed(5)}`,
        );
        run.log({
          step,
          d_loss: losses.d_loss,
          g_loss: losses.g_loss,
          time: Number(trainer.elapsed.toFixed(3)),
        });
      }
      if (step % t.sampleEvery === 0 || step === t.steps) writeSampleGrid(trainer, run.samplePath(step));
      if (step % t.checkpointEvery === 0 || step === t.steps) await save();
      opts.onStep?.(step, t.steps);
    }
  } finally {
    trainer.dispose();
  }
  return {
    dir,
    steps: trainer.step,
    lastSample: run.samplePath(trainer.step),
    report: writeReport(dir),
    lastLosses: last,
  };
}
