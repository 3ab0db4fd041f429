/** A trained generator rebuilt from a run's config and a checkpoint (for sampling, metrics, latent tools). */
import type * as tfl from '@tensorflow/tfjs-layers';
import type { GanConfig } from '../config/types.js';
import { buildNetworks, isNoiseFamily } from '../models/registry.js';
import { UsageError } from '../util/errors.js';
import path from 'node:path';
import { type Checkpoint, loadCheckpoint } from './checkpoint.js';
import { RunDir } from './run-dir.js';
import { emaGroup, type TrainerState } from './trainer.js';
import { setModelWeights } from './weights.js';

export interface LoadedGenerator {
  model: tfl.LayersModel;
  latentDim: number;
  numClasses?: number;
}

/**
 * A domain-adaptation run (DANN) trains classifiers, neither a generator nor a translator: say so
 * instead of a message about the wrong kind of generator.
 */
export function rejectDomainAdaptationRun(config: GanConfig): void {
  if (config.model.family === 'dann')
    throw new UsageError(
      'this is a dann run: it trains domain-adapted classifiers, not a generator; its source and target accuracies are in metrics.jsonl and report.html (train with --eval-every N)',
    );
}

/**
 * Builds the run's networks and keeps the generator with the checkpoint's weights — the EMA weights when
 * the run kept an average (they are what the run's samples show) — and frees the discriminator.
 */
export function loadGenerator(config: GanConfig, ckpt: Checkpoint<TrainerState>): LoadedGenerator {
  rejectDomainAdaptationRun(config);
  if (!isNoiseFamily(config.model.family))
    throw new UsageError(
      `this is a ${config.model.family} run: its generator translates images instead of drawing them from noise; use gankit translate`,
    );
  const nets = buildNetworks(config.model, {
    imageShape: config.data.shape,
    numClasses: ckpt.state.numClasses,
    seed: config.train.seed,
  });
  nets.discriminator.dispose();
  setModelWeights(nets.generator, ckpt.groups[emaGroup('generator')] ?? ckpt.groups.generator);
  return { model: nets.generator, latentDim: nets.latentDim, numClasses: nets.numClasses };
}

/** A run folder's generator: its config, and the generator of its latest (or `step`'s) checkpoint. */
export function loadRunGenerator(
  dir: string,
  step?: number,
): { run: RunDir; config: GanConfig; g: LoadedGenerator } {
  const run = new RunDir(path.resolve(dir));
  const config = run.readConfig();
  const ckpt = loadCheckpoint<TrainerState>(run.checkpointFolder(step));
  return { run, config, g: loadGenerator(config, ckpt) };
}
