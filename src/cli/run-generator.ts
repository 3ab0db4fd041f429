/**
 * The opening every generator command shares (sample and the latent tools): the backend, then --run
 * DIR's generator at its latest (or --step N) checkpoint, with its EMA weights (a ProGAN run's at the
 * growth stage that checkpoint was saved in, printed) — for interpolate,
 * arithmetic and invert on the latent space they work in (`--space`, {@link openRunSpace}).
 */
import { type BackendName, describeBackend, initBackend } from '../backend/index.js';
import type { GanConfig } from '../config/types.js';
import { describeGrowthStage } from '../models/progan/index.js';
import { type LoadedGenerator, loadRunGenerator } from '../train/generator.js';
import type { RunDir } from '../train/run-dir.js';
import { spaceOfFile } from '../latent/files.js';
import { defaultSpace, latentSpace, parseSpace, type SpaceHandle } from '../latent/space.js';
import { InputError, UsageError } from '../util/errors.js';
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
  const opened = loadRunGenerator(v.run as string, step);
  // A ProGAN run is drawn at the stage it was saved in; say which, so a blurry mid-growth grid is no surprise.
  if (opened.config.model.family === 'progan') console.log(describeGrowthStage(opened.g.model));
  return opened;
}

/** A run's generator on the latent space a command works in. */
export interface RunSpace extends RunGenerator {
  /** The handle the tools use: `g` itself in z, a handle on W or W+ for a StyleGAN run. */
  space: SpaceHandle;
  /** Frees the generator (and with it the handle). */
  close(): void;
}

/**
 * Opens `--run`'s generator on `--space` (z, w, w+). Without the flag the space is the one `latents`'
 * name declares (`*.w-latents.npy`, see src/latent/files.ts), else the run's default: w on a StyleGAN
 * run, z otherwise. A flag that contradicts the file's name is refused.
 */
export async function openRunSpace(
  command: string,
  v: Record<string, string | boolean | undefined>,
  latents?: string,
): Promise<RunSpace> {
  const opened = await openRunGenerator(command, v);
  try {
    const family = opened.config.model.family;
    const named = latents === undefined ? undefined : spaceOfFile(latents);
    const asked = typeof v.space === 'string' ? parseSpace(v.space, family) : undefined;
    if (asked && named && asked !== named)
      throw new InputError(
        latents!,
        `holds ${named} codes by its name, but --space ${asked} was asked for`,
        `Drop --space (the file's space is used) or pass a file written in ${asked}`,
      );
    const name = asked ?? (named ? parseSpace(named, family) : defaultSpace(family));
    const space = latentSpace(opened.g, name);
    return {
      ...opened,
      space,
      close: () => opened.g.model.dispose(),
    };
  } catch (err) {
    opened.g.model.dispose();
    throw err;
  }
}
