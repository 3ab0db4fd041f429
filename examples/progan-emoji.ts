/**
 * ProGAN against DCGAN on the colour `emoji` dataset at 32×32, at equal training wall-clock: each preset
 * (`progan-emoji`, `dcgan-emoji`, or those named on the command line) trains for the same number of
 * seconds on the same data and seed, and its generator (the EMA copy when the preset keeps one) is scored
 * at evenly spaced times with FID and KID in the emoji classifier's feature space (models/emoji-classifier:
 * NOT Inception features) against the 371 held-out test emoji. Evaluation time is not training time.
 * Prints the README table and keeps each model as a run folder OUT/PRESET (config, metrics.jsonl with the
 * FID points, fixed-noise grids, the final checkpoint), so `gankit sample`, `gankit eval` and
 * `gankit report` work on it afterwards — e.g. `gankit sample --run OUT/stylegan-emoji --mix`.
 *
 *   nice -n 10 node dist/examples/progan-emoji.js [seconds=600] [evaluations=6] [out=.tmp/progan-emoji] [presets…]
 *
 * Both runs share one machine, so "equal wall-clock" is only as equal as the load on it; the training
 * CPU time of each run is printed beside it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeBackend, initBackend } from '../src/backend/index.js';
import { resolveConfig } from '../src/config/resolve.js';
import { Evaluator } from '../src/train/evaluate.js';
import { saveCheckpoint } from '../src/train/checkpoint.js';
import { ProganObjective } from '../src/train/objectives/progan.js';
import { RunDir } from '../src/train/run-dir.js';
import { createTrainer, writeSamplePicture } from '../src/train/run.js';

const [secondsArg = '600', evalsArg = '6', out = '.tmp/progan-emoji', ...named] = process.argv.slice(2);
const seconds = Number(secondsArg);
const evaluations = Number(evalsArg);
const presets = named.length > 0 ? named : ['progan-emoji', 'dcgan-emoji'];
mkdirSync(out, { recursive: true });
console.log(describeBackend(await initBackend('auto')));

interface Row {
  preset: string;
  points: { seconds: number; step: number; images: number; fid: number; kid: number; resolution: string }[];
  cpuSeconds: number;
}

const rows: Row[] = [];
for (const preset of presets) {
  const config = resolveConfig({ preset, overrides: { train: { steps: 1_000_000, seed: 0 } } });
  const run = new RunDir(path.join(out, preset));
  run.create(config);
  const trainer = createTrainer(config);
  const evaluator = await Evaluator.create(config, { n: 1000, metrics: ['fid', 'kid'], seed: 0 });
  const sampler = trainer.objective.sampler!;
  const progan = trainer.objective instanceof ProganObjective ? trainer.objective : undefined;
  const row: Row = { preset, points: [], cpuSeconds: 0 };
  const cpu0 = process.cpuUsage();
  for (let k = 1; k <= evaluations; k++) {
    const until = (seconds * k) / evaluations;
    const c = process.cpuUsage();
    while (trainer.elapsed < until) trainer.trainStep();
    const used = process.cpuUsage(c);
    row.cpuSeconds += (used.user + used.system) / 1e6;
    const m = await evaluator.evaluate({ model: sampler.model, latentDim: sampler.latentDim });
    const g = progan?.growth;
    const side = g ? 4 * 2 ** g.level : config.data.shape[0];
    const point = {
      seconds: Math.round(trainer.elapsed),
      step: trainer.step,
      images: trainer.step * config.train.batchSize * config.train.dSteps,
      fid: m.fid,
      kid: m.kid_mean,
      resolution: g && g.alpha < 1 ? `${side / 2}→${side} (α ${g.alpha.toFixed(2)})` : `${side}`,
    };
    row.points.push(point);
    run.log({ step: trainer.step, time: point.seconds, fid: m.fid, kid_mean: m.kid_mean });
    console.log(`${preset}: ${JSON.stringify(point)}`);
    writeSamplePicture(trainer, run.samplePath(trainer.step));
  }
  const total = process.cpuUsage(cpu0);
  console.log(
    `${preset}: training CPU ${row.cpuSeconds.toFixed(0)} s (process CPU ${((total.user + total.system) / 1e6).toFixed(0)} s)`,
  );
  saveCheckpoint(run.checkpoints, await trainer.checkpoint(), config.train.keepCheckpoints);
  writeSamplePicture(trainer, path.join(out, `${preset}.png`));
  rows.push(row);
  trainer.dispose();
}

const header = rows[0].points.map((p) => `${p.seconds} s`);
const lines = [
  `| model | ${header.join(' | ')} | steps (images) | training CPU |`,
  `|---|${header.map(() => '---:').join('|')}|---:|---:|`,
  ...rows.map(
    (r) =>
      `| \`${r.preset}\` | ${r.points.map((p) => p.fid.toFixed(1)).join(' | ')} | ${r.points.at(-1)!.step} (${r.points.at(-1)!.images}) | ${r.cpuSeconds.toFixed(0)} s |`,
  ),
];
console.log(
  `\nFID (emoji feature space, 1,000 samples vs 371 test emoji) at equal training wall-clock:\n${lines.join('\n')}`,
);
writeFileSync(path.join(out, 'results.json'), `${JSON.stringify(rows, null, 1)}\n`);
