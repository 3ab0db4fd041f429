/**
 * The opening every generator command shares (sample and the latent tools): --run DIR's config, its
 * latest (or --step N) checkpoint, the backend, and the generator with its EMA weights.
 */
import path from 'node:path';
import { type BackendName, describeBackend, initBackend } from '../backend/index.js';
import type { GanConfig } from '../config/types.js';
import { loadCheckpoint } from '../train/checkpoint.js';
import { type LoadedGenerator, loadGenerator } from '../train/generator.js';
import { RunDir } from '../train/run-dir.js';
import type { TrainerState } from '../train/trainer.js';
import { UsageError } from '../util/errors.js';
import { intFlag } from './args.js';

/** A run's generator, ready to draw from. */
export interface RunGenerator {
  run: RunDir;
  config: GanConfig;
  g: LoadedGenerator;
}

/** Opens the generator of `--run` (required) at `--step` on `--backend` (default auto). */
export async function openRunGenerator(
  command: string,
  v: Record<string, string | boolean | undefined>,
): Promise<RunGenerator> {
  if (!v.run) {
    throw new UsageError(`gankit ${command}: --run DIR is required (a folder written by gankit train)`);
  }
  const run = new RunDir(path.resolve(v.run as string));
  const config = run.readConfig();
  const folder = run.checkpointFolder(intFlag('step', v.step, 0));
  const backend = await initBackend(((v.backend as string | undefined) ?? 'auto') as BackendName | 'auto');
  console.log(describeBackend(backend));
  return { run, config, g: loadGenerator(config, loadCheckpoint<TrainerState>(folder)) };
}
