/**
 * The opening every generator command shares (sample and the latent tools): the backend, then --run
 * DIR's generator at its latest (or --step N) checkpoint, with its EMA weights.
 */
import { type BackendName, describeBackend, initBackend } from '../backend/index.js';
import type { GanConfig } from '../config/types.js';
import { type LoadedGenerator, loadRunGenerator } from '../train/generator.js';
import type { RunDir } from '../train/run-dir.js';
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
  const step = intFlag('step', v.step, 0);
  const backend = await initBackend(((v.backend as string | undefined) ?? 'auto') as BackendName | 'auto');
  console.log(describeBackend(backend));
  return loadRunGenerator(v.run as string, step);
}
