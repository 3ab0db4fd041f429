/**
 * StyleGAN from the library (Karras et al. 2019; seeds 002 and 003): trains `stylegan-emoji` (32×32
 * colour emoji) for a wall-clock budget of training time, and at `evals` points along the way scores
 * the EMA generator's FID against the emoji in the shipped emoji classifier's feature space (not an
 * Inception FID) and saves a checkpoint, so the run folder works with `gankit sample --truncation` /
 * `--mix` afterwards. Ends with four pictures in the run folder — samples, a truncation strip (rows:
 * latents; columns: ψ = 1 … 0), a style-mixing grid — and the style-swap measure of
 * src/models/stylegan/style-swap.ts: what swapping fine and coarse styles does to colour and layout.
 * A run folder that already holds a StyleGAN run (this example's, or the emoji comparison's,
 * examples/progan-emoji.ts) is continued from its newest checkpoint for `minutes` more (0: just the
 * pictures and the measure).
 *   npm run build && nice -n 10 node dist/examples/stylegan-emoji.js [minutes=20] [run dir] [evals=5]
 */
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { createTrainer, describeBackend, initBackend, resolveConfig } from '../src/index.js';
import { styleParts } from '../src/models/stylegan/index.js';
import { mixingGrid, sampleStyled } from '../src/models/stylegan/sampling.js';
import { styleSwapEffects } from '../src/models/stylegan/style-swap.js';
import { writeReport } from '../src/report/html.js';
import { imageGridPng } from '../src/report/png.js';
import { latestCheckpoint, loadCheckpoint, saveCheckpoint } from '../src/train/checkpoint.js';
import { Evaluator } from '../src/train/evaluate.js';
import { RunDir } from '../src/train/run-dir.js';
import type { TrainerState } from '../src/train/trainer.js';
import { writeSamplePicture } from '../src/train/run.js';
import { UsageError } from '../src/util/errors.js';
import { writeFileAtomic } from '../src/util/fs.js';
import { Rng } from '../src/util/rng.js';

const minutes = Number(process.argv[2] ?? 20);
const dir = path.resolve(process.argv[3] ?? 'runs/stylegan-emoji-example');
const evals = Number(process.argv[4] ?? 5);
const FID_SAMPLES = 1000;
const PSI = [1, 0.8, 0.6, 0.4, 0.2, 0];

console.log(describeBackend(await initBackend('auto')));
const run = new RunDir(dir);
const continued = run.exists();
// Every milestone's checkpoint is kept, so `gankit eval --run DIR --step N` can score each one later.
const config = continued
  ? run.readConfig()
  : resolveConfig({
      preset: 'stylegan-emoji',
      overrides: { train: { sampleCount: 64, keepCheckpoints: 1000 } },
    });
if (config.model.family !== 'stylegan')
  throw new UsageError(`${dir} holds a ${config.model.family} run; this example needs a StyleGAN run`);
if (!continued) run.create(config);
const trainer = createTrainer(config);
if (continued) {
  const folder = latestCheckpoint(run.checkpoints);
  if (!folder) throw new UsageError(`${dir} holds no intact checkpoint to continue from`);
  await trainer.restore(loadCheckpoint<TrainerState>(folder));
  console.log(`continuing ${dir} from step ${trainer.step}`);
}
const sampler = trainer.objective.sampler!;
let evaluator: Evaluator | undefined;
try {
  evaluator = await Evaluator.create(config, { n: FID_SAMPLES, metrics: ['fid', 'kid'] });
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  console.log(`no FID: ${err.message}`);
}

/** Scores, logs, checkpoints and pictures the current state. */
async function milestone(losses: { d_loss: number; g_loss: number }): Promise<void> {
  const row: Record<string, number> = {
    step: trainer.step,
    ...losses,
    time: Number(trainer.elapsed.toFixed(1)),
  };
  if (evaluator) {
    const s = await evaluator.evaluate(sampler);
    row.fid = Number(s.fid.toFixed(2));
    row.kid_mean = Number(s.kid_mean.toFixed(4));
  }
  run.log(row);
  console.log(
    `step ${trainer.step}, ${(trainer.elapsed / 60).toFixed(1)} min of training (${(trainer.elapsed / trainer.step).toFixed(2)} s/step)` +
      (row.fid !== undefined ? `: FID ${row.fid}, KID ${row.kid_mean}` : ''),
  );
  saveCheckpoint(run.checkpoints, await trainer.checkpoint(), config.train.keepCheckpoints);
  writeSamplePicture(trainer, run.samplePath(trainer.step));
}

const start = trainer.elapsed;
const budget = start + minutes * 60;
let next = 1;
let losses = { d_loss: Number.NaN, g_loss: Number.NaN };
while (trainer.elapsed < budget) {
  const l = trainer.trainStep();
  losses = { d_loss: l.d_loss, g_loss: l.g_loss };
  if (trainer.elapsed >= start + (next * (budget - start)) / evals || trainer.elapsed >= budget) {
    await milestone(losses);
    next++;
  }
}
if (next <= evals && minutes > 0) await milestone(losses);

// Pictures from the EMA generator.
const parts = styleParts(sampler.model)!;
const { shape, range } = config.data;
const rng = new Rng(7);
const z = (n: number) => tf.tensor2d(rng.normal(n * sampler.latentDim), [n, sampler.latentDim]);
const rows = 6;
const strip = tf.tidy(() => {
  const latents = z(rows);
  // One column per ψ, one row per latent: [ψ, row] → row-major [row, ψ].
  const columns = PSI.map((psi) => sampleStyled(parts, latents, { psi, randomizeNoise: false }));
  return tf.reshape(tf.stack(columns, 1), [rows * PSI.length, ...shape]);
});
writeFileAtomic(
  path.join(dir, 'truncation.png'),
  imageGridPng(strip.dataSync() as Float32Array, rows * PSI.length, shape, range, PSI.length),
);
strip.dispose();
const crossover = Math.floor(parts.numLayers / 2);
const grid = tf.tidy(() => mixingGrid(parts, z(5), z(5), crossover, { blank: 1 }));
writeFileAtomic(
  path.join(dir, 'mixing.png'),
  imageGridPng(grid.images, grid.count, shape, range, grid.columns),
);
console.log(`pictures: ${dir}/samples/, truncation.png, mixing.png`);

// The style-swap measure on 256 pairs, at the mixing grid's crossover (coarse = 4² and 8² layers).
const [za, zb] = [z(256), z(256)];
const effects = styleSwapEffects(parts, za, zb, crossover);
tf.dispose([za, zb]);
const f = (x: number) => x.toFixed(3);
console.log(
  `style swap at layer ${crossover} of ${parts.numLayers} (256 pairs; colour = distance of mean RGB, layout = 1 − correlation of 8×8 grey maps):\n` +
    `  fine swap:   colour ${f(effects.fine.colour)}, layout ${f(effects.fine.layout)}\n` +
    `  coarse swap: colour ${f(effects.coarse.colour)}, layout ${f(effects.coarse.layout)}\n` +
    `  fine/coarse: colour ${f(effects.fine.colour / effects.coarse.colour)}, layout ${f(effects.fine.layout / effects.coarse.layout)}`,
);
writeReport(dir);
trainer.dispose();
