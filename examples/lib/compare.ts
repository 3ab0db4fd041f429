/**
 * Two runs of one dataset that differ in one setting, side by side: each is trained and scored by the
 * shipped classifier, and 32 fixed-noise samples of each go into one picture (first run on top).
 */
import type { GanConfig } from '../../src/index.js';
import { imageGridPng } from '../../src/report/png.js';
import { writeFileAtomic } from '../../src/util/fs.js';
import { formatScore, type ImageScore, ImageScorer } from './score.js';
import { generatorOf, trainPreset } from './train.js';

/** Trains and scores every run, prints `name after N steps (T s): FID …`, writes the stacked grid to `out`. */
export async function compareRuns(
  runs: Record<string, GanConfig>,
  out: string,
  scoreSamples: number,
): Promise<Record<string, ImageScore>> {
  const configs = Object.values(runs);
  const scorer = await ImageScorer.create(configs[0], scoreSamples);
  const scores: Record<string, ImageScore> = {};
  const grids: Float32Array[] = [];
  for (const [name, config] of Object.entries(runs)) {
    const trainer = trainPreset(config, name);
    scores[name] = await scorer.score(generatorOf(trainer));
    console.log(
      `${name} after ${trainer.step} steps (${trainer.elapsed.toFixed(0)} s): ${formatScore(scores[name])}`,
    );
    grids.push(trainer.objective.fixedSamples(32));
    trainer.dispose();
  }
  const images = new Float32Array(grids.reduce((s, g) => s + g.length, 0));
  grids.forEach((g, i) => images.set(g, i * g.length));
  const { shape, range } = configs[0].data;
  writeFileAtomic(out, imageGridPng(images, 32 * grids.length, shape, range, 8));
  console.log(`samples (4 rows per run, in the order above): ${out}`);
  return scores;
}
