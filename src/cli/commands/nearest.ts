/** `gankit nearest`: generated samples beside their nearest training images — a memorisation check. */
import path from 'node:path';
import type { GanConfig } from '../../config/types.js';
import { type ImageDataset, gatherScaled } from '../../data/dataset.js';
import { loadDataset } from '../../data/registry.js';
import { memorisationFigure, nearestNeighbours } from '../../latent/nearest.js';
import { renderLatents, sampleLabels } from '../../latent/render.js';
import { sampleLatents } from '../../latent/sampling.js';
import { heldOutData } from '../../latent/targets.js';
import { encodePng, imageGrid } from '../../report/png.js';
import { extractorInput, loadRunExtractor, shippedExtractorPath } from '../../train/evaluate.js';
import { writeFileAtomic } from '../../util/fs.js';
import { intFlag, parseFlags } from '../args.js';
import type { Command } from '../command.js';
import { openRunGenerator } from '../run-generator.js';

const FLAGS = {
  run: { type: 'string' },
  n: { type: 'string' },
  show: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  step: { type: 'string' },
  backend: { type: 'string' },
} as const;

type Neighbours = ReturnType<typeof nearestNeighbours>;

const nearest: Command = {
  summary: 'memorisation check: samples beside their nearest training images',
  usage: `usage: gankit nearest --run DIR [--n 1000] [--show 16] [--seed S] [--out F.png] [--step N] [--backend …]

Draws --n samples and finds each one's nearest image of the run's training set (the images it trained on,
--limit included), in pixel space and — for datasets with a shipped classifier — in its feature space.
The same is done for as many held-out test images. Printed per space: the fraction of samples nearer to
a training image than the median test image is (about 0.5 or less: no sign of copying; towards 1: the
model reproduces training images), and both medians. F.png shows the --show samples closest to the
training set: sample | nearest in pixels | nearest in features; F.json holds the figures.`,
  async run(argv) {
    const { values: v } = parseFlags('nearest', argv, FLAGS);
    const n = intFlag('n', v.n, 1) ?? 1000;
    const show = intFlag('show', v.show, 1) ?? 16;
    const seed = intFlag('seed', v.seed, 0) ?? 0;
    const { run, config, g } = await openRunGenerator('nearest', v);
    try {
      const { train, test } = trainAndTest(config);
      const range = config.data.range;
      const shape = config.data.shape;
      const size = shape[0] * shape[1] * shape[2];
      const first = (ds: ImageDataset, m: number) =>
        gatherScaled(
          ds,
          Int32Array.from({ length: m }, (_, i) => i),
          range,
        );
      const trainPixels = first(train, train.n);
      const testCount = Math.min(n, test.n);
      const testPixels = first(test, testCount);
      const samples = renderLatents(g, sampleLatents(seed, n, g.latentDim), sampleLabels(g, n)).data;
      const spaces: Record<string, { samples: Neighbours; test: Neighbours }> = {
        pixel: {
          samples: nearestNeighbours(samples, trainPixels, size),
          test: nearestNeighbours(testPixels, trainPixels, size),
        },
      };
      if (shippedExtractorPath(config)) {
        const ex = await loadRunExtractor(config);
        const features = async (data: Float32Array, m: number) => {
          const x = extractorInput(ex, range, data, m, shape);
          try {
            const f = await ex.features(x);
            return { data: Float32Array.from(f.data), cols: f.cols };
          } finally {
            x.dispose();
          }
        };
        const fTrain = await features(trainPixels, train.n);
        spaces.feature = {
          samples: nearestNeighbours((await features(samples, n)).data, fTrain.data, fTrain.cols),
          test: nearestNeighbours((await features(testPixels, testCount)).data, fTrain.data, fTrain.cols),
        };
      }
      const figures = Object.fromEntries(
        Object.entries(spaces).map(([k, s]) => [k, memorisationFigure(s.samples.distance, s.test.distance)]),
      );
      // The samples closest to the training set first: where copying would show.
      const order = Array.from({ length: n }, (_, i) => i).sort(
        (a, b) => spaces.pixel.samples.distance[a] - spaces.pixel.samples.distance[b],
      );
      const columns = 1 + Object.keys(spaces).length;
      const shown = order.slice(0, Math.min(show, n));
      const cells = new Float32Array(shown.length * columns * size);
      shown.forEach((i, row) => {
        cells.set(samples.subarray(i * size, (i + 1) * size), row * columns * size);
        Object.values(spaces).forEach((s, k) => {
          const j = s.samples.index[i];
          cells.set(trainPixels.subarray(j * size, (j + 1) * size), (row * columns + 1 + k) * size);
        });
      });
      const out = path.resolve((v.out as string | undefined) ?? path.join(run.root, 'nearest.png'));
      const grid = imageGrid(cells, shown.length * columns, shape, range, columns);
      writeFileAtomic(out, encodePng(grid.width, grid.height, grid.rgba));
      const report = { samples: n, trainImages: train.n, testImages: testCount, ...figures };
      const jsonFile = `${out.slice(0, -path.extname(out).length || undefined)}.json`;
      writeFileAtomic(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
      console.log(`training images ${train.n}, samples ${n}, test images ${testCount}`);
      for (const [space, f] of Object.entries(figures)) {
        console.log(
          `${space.padEnd(8)} samples nearer than the median test image: ${(100 * f.fraction).toFixed(1)}%  ` +
            `(median distance: samples ${f.sampleMedian.toFixed(3)}, test ${f.testMedian.toFixed(3)})`,
        );
      }
      console.log(`nearest: ${out} (${jsonFile})`);
      return 0;
    } finally {
      g.model.dispose();
    }
  },
};

/** The images the run trained on and a held-out set from the same source. */
function trainAndTest(config: GanConfig): { train: ImageDataset; test: ImageDataset } {
  return { train: loadDataset(config.data), test: loadDataset(heldOutData(config, 'gankit nearest')) };
}

export default nearest;
