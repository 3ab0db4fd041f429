/** `gankit sample`: a grid of new samples from a run's latest (or chosen) checkpoint. */
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describeBackend, initBackend, type BackendName } from '../../backend/index.js';
import { styleParts, type StyleParts } from '../../models/stylegan/index.js';
import { mixingGrid, sampleStyled } from '../../models/stylegan/sampling.js';
import { styleLayerCount } from '../../models/stylegan/spec.js';
import type { GanConfig } from '../../config/types.js';
import { imageGridPng } from '../../report/png.js';
import { loadCheckpoint } from '../../train/checkpoint.js';
import { RunDir } from '../../train/run-dir.js';
import { loadGenerator } from '../../train/generator.js';
import type { TrainerState } from '../../train/trainer.js';
import { UsageError } from '../../util/errors.js';
import { writeFileAtomic } from '../../util/fs.js';
import { STREAMS } from '../../train/streams.js';
import { Rng } from '../../util/rng.js';
import { intFlag, parseFlags } from '../args.js';
import type { Command } from '../command.js';

const FLAGS = {
  run: { type: 'string' },
  n: { type: 'string' },
  out: { type: 'string' },
  seed: { type: 'string' },
  step: { type: 'string' },
  label: { type: 'string' },
  backend: { type: 'string' },
  truncation: { type: 'string' },
  'truncation-cutoff': { type: 'string' },
  mix: { type: 'boolean' },
  crossover: { type: 'string' },
} as const;

/** Latents per side of the style-mixing grid unless --n says otherwise (a 7×7 picture). */
const MIX_DEFAULT = 6;
const MIX_MAX = 16;

const sample: Command = {
  summary: "draw a grid of samples from a run's generator",
  usage: `usage: gankit sample --run DIR [--n 64] [--out F.png] [--seed S] [--step N] [--label K] [--backend …]
       [--truncation PSI [--truncation-cutoff K]] [--mix [--crossover K]]

Loads the run's latest checkpoint (or --step N), draws --n samples from fresh noise (seeded by --seed,
default 0) and writes a PNG grid (default DIR/sample.png). --label K fixes the class of a conditional model.

StyleGAN runs only:
  --truncation PSI      the truncation trick in W: w̄ + ψ(w − w̄), ψ in [0, 1] (1: none, 0: the mean image)
  --truncation-cutoff K truncate only the first K synthesis layers (the coarse ones; default all)
  --mix                 a style-mixing grid: the top row and left column are --n sources each (default
                        ${MIX_DEFAULT}), cell (r, c) has row r's coarse styles and column c's fine styles
  --crossover K         first layer of the fine styles in --mix (default half the layers: 4x4 and 8x8
                        are coarse at 32x32)`,
  async run(argv) {
    const { values: v } = parseFlags('sample', argv, FLAGS);
    if (!v.run)
      throw new UsageError('gankit sample: --run DIR is required (a folder written by gankit train)');
    const n = intFlag('n', v.n, 1) ?? 64;
    const seed = intFlag('seed', v.seed, 0) ?? 0;
    const run = new RunDir(path.resolve(v.run as string));
    const config = run.readConfig();
    const step = intFlag('step', v.step, 0);
    const folder = run.checkpointFolder(step);
    const styled = styleOptions(v, config);
    const backend = await initBackend(((v.backend as string | undefined) ?? 'auto') as BackendName | 'auto');
    console.log(describeBackend(backend));
    const g = loadGenerator(config, loadCheckpoint<TrainerState>(folder));
    const rng = new Rng(seed, STREAMS.sampleCommand);
    const out = path.resolve((v.out as string | undefined) ?? path.join(run.root, 'sample.png'));
    if (styled) {
      const parts = styleParts(g.model)!;
      const picture = styled.mix
        ? mixPicture(parts, rng, g.latentDim, intFlag('n', v.n, 1) ?? MIX_DEFAULT, styled)
        : truncatedPicture(parts, rng, g.latentDim, n, styled);
      writeFileAtomic(
        out,
        imageGridPng(picture.images, picture.count, config.data.shape, config.data.range, picture.columns),
      );
      g.model.dispose();
      console.log(`samples: ${out}`);
      return 0;
    }
    const label = intFlag('label', v.label, 0);
    const images = tf.tidy(() => {
      const z = tf.tensor2d(rng.normal(n * g.latentDim), [n, g.latentDim]);
      const inputs: tf.Tensor[] = [z];
      if (g.numClasses) {
        if (label !== undefined && label >= g.numClasses)
          throw new UsageError(`--label must be below ${g.numClasses}`);
        const labels = Int32Array.from({ length: n }, (_, i) => label ?? i % g.numClasses!);
        inputs.push(tf.oneHot(tf.tensor1d(labels, 'int32'), g.numClasses));
      }
      return g.model.apply(inputs, { training: false }) as tf.Tensor;
    });
    const data = (await images.data()) as Float32Array;
    images.dispose();
    writeFileAtomic(out, imageGridPng(data, n, config.data.shape, config.data.range));
    g.model.dispose();
    console.log(`samples: ${out}`);
    return 0;
  },
};

/** What the StyleGAN flags ask for, checked; undefined when none is given. */
interface StyleFlags {
  psi: number;
  cutoff?: number;
  mix: boolean;
  crossover?: number;
}

function styleOptions(
  v: Record<string, string | boolean | undefined>,
  config: GanConfig,
): StyleFlags | undefined {
  const given = ['truncation', 'truncation-cutoff', 'mix', 'crossover'].filter((k) => v[k] !== undefined);
  if (given.length === 0) return undefined;
  const family = config.model.family;
  if (family !== 'stylegan')
    throw new UsageError(
      `gankit sample: ${given.map((k) => `--${k}`).join(', ')} need a StyleGAN run (its styles and mean w); this is a ${family} run`,
    );
  const psi = v.truncation === undefined ? 1 : Number(v.truncation);
  if (typeof v.truncation === 'boolean' || !(psi >= 0 && psi <= 1))
    throw new UsageError(
      `--truncation must be a number ψ in [0, 1] (1: no truncation), got '${String(v.truncation)}'`,
    );
  if (v['truncation-cutoff'] !== undefined && v.truncation === undefined)
    throw new UsageError('--truncation-cutoff applies with --truncation PSI');
  if (v.crossover !== undefined && !v.mix) throw new UsageError('--crossover applies with --mix');
  const layers = styleLayerCount(Math.log2(config.data.shape[0]));
  const cutoff = intFlag('truncation-cutoff', v['truncation-cutoff'], 1);
  if (cutoff !== undefined && cutoff > layers)
    throw new UsageError(`--truncation-cutoff must be at most ${layers} (the run's synthesis layers)`);
  const crossover = intFlag('crossover', v.crossover, 1);
  if (crossover !== undefined && crossover >= layers)
    throw new UsageError(`--crossover must be below ${layers} (the run's synthesis layers)`);
  return { psi, cutoff, mix: Boolean(v.mix), crossover };
}

function truncatedPicture(parts: StyleParts, rng: Rng, latentDim: number, n: number, f: StyleFlags) {
  const out = tf.tidy(() =>
    sampleStyled(parts, tf.tensor2d(rng.normal(n * latentDim), [n, latentDim]), {
      psi: f.psi,
      cutoff: f.cutoff,
    }),
  );
  const images = out.dataSync() as Float32Array;
  out.dispose();
  return { images, count: n, columns: undefined };
}

function mixPicture(parts: StyleParts, rng: Rng, latentDim: number, n: number, f: StyleFlags) {
  if (n > MIX_MAX)
    throw new UsageError(`--n must be at most ${MIX_MAX} with --mix (sources per side), got ${n}`);
  const crossover = f.crossover ?? Math.floor(parts.numLayers / 2);
  return tf.tidy(() => {
    const rows = tf.tensor2d(rng.normal(n * latentDim), [n, latentDim]);
    const columns = tf.tensor2d(rng.normal(n * latentDim), [n, latentDim]);
    // The blank corner is white (1 is white in both pixel ranges).
    return mixingGrid(parts, rows, columns, crossover, { psi: f.psi, cutoff: f.cutoff, blank: 1 });
  });
}

export default sample;
