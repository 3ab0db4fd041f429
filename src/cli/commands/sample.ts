/** `gankit sample`: a grid of new samples from a run's latest (or chosen) checkpoint. */
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { GanConfig } from '../../config/types.js';
import { writeNpy } from '../../io/npy.js';
import { labelsFileOf, latentsFile, writeLabels } from '../../latent/files.js';
import { renderLatents, sampleLabels } from '../../latent/render.js';
import { sampleLatents } from '../../latent/sampling.js';
import { type StyleParts, styleParts } from '../../models/stylegan/index.js';
import { mixingGrid, sampleStyled } from '../../models/stylegan/sampling.js';
import { styleLayerCount } from '../../models/stylegan/spec.js';
import { drawNumber } from '../../report/numbers.js';
import { encodePng, gridCell, imageGrid } from '../../report/png.js';
import { UsageError } from '../../util/errors.js';
import { writeFileAtomic } from '../../util/fs.js';
import { intFlag, numberFlag, parseFlags } from '../args.js';
import type { Command } from '../command.js';
import { openRunGenerator } from '../run-generator.js';

const FLAGS = {
  run: { type: 'string' },
  n: { type: 'string' },
  out: { type: 'string' },
  seed: { type: 'string' },
  step: { type: 'string' },
  label: { type: 'string' },
  numbered: { type: 'boolean' },
  truncation: { type: 'string' },
  'truncation-cutoff': { type: 'string' },
  mix: { type: 'boolean' },
  crossover: { type: 'string' },
  'fixed-noise': { type: 'boolean' },
  backend: { type: 'string' },
} as const;

/** Latents per side of the style-mixing grid unless --n says otherwise (a 7×7 picture). */
const MIX_DEFAULT = 6;
const MIX_MAX = 16;

const sample: Command = {
  summary: "draw a grid of samples from a run's generator",
  usage: `usage: gankit sample --run DIR [--n 64] [--out F.png] [--seed S] [--step N] [--label K] [--numbered]
                     [--truncation T|PSI [--truncation-cutoff K]] [--mix [--crossover K]] [--fixed-noise]
                     [--backend …]

Loads the run's latest checkpoint (or --step N), draws --n samples from fresh noise (seeded by --seed,
default 0) and writes a PNG grid (default DIR/sample.png). --label K fixes the class of a conditional model.

  --numbered      print each sample's id (0, 1, …) in its corner; the latent tools take these ids back
                  (gankit arithmetic --group NAME=ids:3+17, with the same --seed)
  --truncation T  the truncation trick: for a StyleGAN run ψ in W, w̄ + ψ(w − w̄) with ψ in [0, 1]
                  (1: none, 0: the mean image); for every other generator a threshold in z, every
                  coordinate with |z| > T redrawn (smaller T: more typical, less diverse samples)
The latents (z) are written beside the grid as F.latents.npy (one row per sample), and a conditional
run's labels as F.labels.npy (one-hot rows), which interpolate --latents reads.

StyleGAN runs only:
  --truncation-cutoff K truncate only the first K synthesis layers (the coarse ones; default all)
  --mix                 a style-mixing grid: the top row and left column are --n sources each (default
                        ${MIX_DEFAULT}), cell (r, c) has row r's coarse styles and column c's fine styles
  --crossover K         first layer of the fine styles in --mix (default half the layers: 4x4 and 8x8
                        are coarse at 32x32)
  --fixed-noise         every noise input uses its stored fixed noise image instead of fresh noise (the
                        official randomize_noise=False; what \`gankit export\` bakes in)`,
  async run(argv) {
    const { values: v } = parseFlags('sample', argv, FLAGS);
    const n = intFlag('n', v.n, 1) ?? 64;
    const seed = intFlag('seed', v.seed, 0) ?? 0;
    const { run, config, g } = await openRunGenerator('sample', v);
    try {
      const styled = styleOptions(v, config);
      const out = path.resolve((v.out as string | undefined) ?? path.join(run.root, 'sample.png'));
      let z: Float32Array;
      let picture: { images: Float32Array; count: number; columns?: number };
      let labels: Int32Array | undefined;
      if (styled) {
        const parts = styleParts(g.model)!;
        const sources = styled.mix ? (intFlag('n', v.n, 1) ?? MIX_DEFAULT) : n;
        if (styled.mix && sources > MIX_MAX) {
          throw new UsageError(
            `--n must be at most ${MIX_MAX} with --mix (sources per side), got ${sources}`,
          );
        }
        if (styled.mix && v.numbered)
          throw new UsageError('--numbered numbers a sample grid, not the --mix grid');
        z = sampleLatents(seed, styled.mix ? 2 * sources : n, g.latentDim);
        picture = styled.mix
          ? mixPicture(parts, z, g.latentDim, sources, styled)
          : truncatedPicture(parts, z, g.latentDim, n, styled);
      } else {
        z = sampleLatents(seed, n, g.latentDim, numberFlag('truncation', v.truncation));
        labels = sampleLabels(g, n, intFlag('label', v.label, 0));
        picture = { images: renderLatents(g, z, labels).data, count: n };
      }
      const shape = config.data.shape;
      const grid = imageGrid(picture.images, picture.count, shape, config.data.range, picture.columns);
      if (v.numbered) {
        const columns = Math.ceil(Math.sqrt(n));
        const scale = shape[0] >= 48 ? 2 : 1;
        for (let i = 0; i < n; i++) drawNumber(grid, ...gridCell(i, columns, shape), i, scale);
      }
      writeFileAtomic(out, encodePng(grid.width, grid.height, grid.rgba));
      writeNpy(latentsFile(out), { shape: [z.length / g.latentDim, g.latentDim], data: z });
      // A conditional run's classes go beside the latents, so the other tools draw them in theirs.
      if (labels && g.numClasses) writeLabels(latentsFile(out), labels, g.numClasses);
      const labelNote = labels ? `, labels: ${labelsFileOf(latentsFile(out))}` : '';
      console.log(`samples: ${out} (latents: ${latentsFile(out)}${labelNote})`);
      return 0;
    } finally {
      g.model.dispose();
    }
  },
};

/** What the StyleGAN flags ask for, checked; undefined when none is given. */
interface StyleFlags {
  psi: number;
  cutoff?: number;
  mix: boolean;
  crossover?: number;
  fixedNoise: boolean;
}

function styleOptions(
  v: Record<string, string | boolean | undefined>,
  config: GanConfig,
): StyleFlags | undefined {
  const family = config.model.family;
  // --truncation is the truncation trick of the run's latent space: ψ in w for StyleGAN, a threshold in z
  // for every other generator (handled by the caller).
  const styleOnly =
    family === 'stylegan'
      ? ['truncation', 'truncation-cutoff', 'mix', 'crossover', 'fixed-noise']
      : ['truncation-cutoff', 'mix', 'crossover', 'fixed-noise'];
  const given = styleOnly.filter((k) => v[k] !== undefined);
  if (given.length === 0) return undefined;
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
  if (v['fixed-noise'] && v.mix)
    throw new UsageError('--mix always uses the fixed noise: drop --fixed-noise');
  return { psi, cutoff, mix: Boolean(v.mix), crossover, fixedNoise: Boolean(v['fixed-noise']) };
}

function truncatedPicture(parts: StyleParts, z: Float32Array, latentDim: number, n: number, f: StyleFlags) {
  const out = tf.tidy(() =>
    sampleStyled(parts, tf.tensor2d(z, [n, latentDim]), {
      psi: f.psi,
      cutoff: f.cutoff,
      randomizeNoise: !f.fixedNoise,
    }),
  );
  const images = out.dataSync() as Float32Array;
  out.dispose();
  return { images, count: n, columns: undefined };
}

function mixPicture(parts: StyleParts, z: Float32Array, latentDim: number, n: number, f: StyleFlags) {
  const crossover = f.crossover ?? Math.floor(parts.numLayers / 2);
  return tf.tidy(() => {
    // Rows are samples 0…n−1 of the seed, columns samples n…2n−1.
    const rows = tf.tensor2d(z.subarray(0, n * latentDim), [n, latentDim]);
    const columns = tf.tensor2d(z.subarray(n * latentDim, 2 * n * latentDim), [n, latentDim]);
    // The blank corner is white (1 is white in both pixel ranges).
    return mixingGrid(parts, rows, columns, crossover, { psi: f.psi, cutoff: f.cutoff, blank: 1 });
  });
}

export default sample;
