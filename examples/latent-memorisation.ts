/**
 * The memorisation check on two runs: one trained on 64 images, one on the full set (CLI: `gankit
 * nearest --run DIR`). A model that copies its few training images has most samples nearer to a
 * training image than held-out test images are; one trained on the whole set does not.
 *   npm run example -- latent-memorisation [--steps 3000]
 */
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import {
  gatherScaled,
  loadDataset,
  loadRunGenerator,
  memorisationFigure,
  nearestNeighbours,
  renderLatents,
  resolveConfig,
  runTraining,
  sampleLatents,
} from '../src/index.js';
import { exampleArgs, intArg, startBackend } from './lib/cli.js';

const flags = exampleArgs('latent-memorisation [--steps 3000]', { steps: { type: 'string' } });
const steps = flags.smoke ? 20 : intArg('steps', flags.steps, 3000);
await startBackend();
const root = mkdtempSync(path.join(os.tmpdir(), 'gankit-memorisation-'));
for (const limit of [64, undefined]) {
  const dir = path.join(root, limit ? `limit-${limit}` : 'full');
  const config = resolveConfig({ preset: 'gan-mnist', overrides: { train: { steps }, data: { limit } } });
  await runTraining(config, dir);
  const { g } = loadRunGenerator(dir);
  const all = (ds: ReturnType<typeof loadDataset>, n = ds.n) =>
    gatherScaled(
      ds,
      Int32Array.from({ length: n }, (_, i) => i),
      config.data.range,
    );
  const train = all(loadDataset(config.data));
  const { limit: _, ...unlimited } = config.data;
  const test = all(loadDataset({ ...unlimited, split: 'test' }), flags.smoke ? 100 : 1000);
  const samples = renderLatents(g, sampleLatents(0, flags.smoke ? 100 : 1000, g.latentDim)).data;
  const size = 28 * 28;
  const f = memorisationFigure(
    nearestNeighbours(samples, train, size).distance,
    nearestNeighbours(test, train, size).distance,
  );
  console.log(
    `${limit ? `${limit} training images` : 'full training set'}: ${(100 * f.fraction).toFixed(1)}% of samples nearer to a training image than the median test image (medians ${f.sampleMedian.toFixed(2)} vs ${f.testMedian.toFixed(2)})`,
  );
}
