/**
 * A class-conditional GAN from the library: trains `cgan-mnist` (one-hot label into G, projection
 * discriminator), draws a 10×10 grid whose column k was asked for digit k, and scores how often the
 * shipped MNIST classifier agrees with the requested digit (chance: 10 %).
 *   npm run example -- conditional-digits [--steps N] [--out grid.png] [--smoke]
 */
import {
  createDataSource,
  createGanTrainer,
  describeBackend,
  Evaluator,
  generateSamples,
  initBackend,
  resolveConfig,
} from '../src/index.js';
import { imageGridPng } from '../src/report/png.js';
import { writeFileAtomic } from '../src/util/fs.js';
import { exampleArgs, intArg } from './lib/cli.js';

const args = exampleArgs('conditional-digits [--steps N] [--out grid.png] [--smoke]', {
  steps: { type: 'string' },
});
const steps = intArg('steps', args.steps, args.smoke ? 3 : 2000);
const out = args.out ?? 'cgan-digits.png';
console.log(describeBackend(await initBackend('auto')));
const config = resolveConfig({
  preset: 'cgan-mnist',
  overrides: { train: { steps }, data: args.smoke ? { limit: 256 } : {} },
});
const trainer = createGanTrainer(config, createDataSource(config));
const evaluator = await Evaluator.create(config, { n: args.smoke ? 200 : 1000, metrics: ['classes'] });
const t0 = performance.now();
while (trainer.step < steps) {
  trainer.trainStep();
  if (trainer.step % 500 === 0 || trainer.step === steps) {
    const g = { model: trainer.objective.model, latentDim: trainer.objective.nets.latentDim, numClasses: 10 };
    const m = await evaluator.evaluate(g);
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    console.log(
      `step ${trainer.step}: label accuracy ${(100 * m.label_accuracy).toFixed(1)}% (worst digit ${(100 * m.label_accuracy_min).toFixed(1)}%), ${m.modes} digits drawn, ${secs} s`,
    );
  }
}
// Labels cycle 0…9, so with ten columns column k holds digit k.
const g = { model: trainer.objective.model, latentDim: trainer.objective.nets.latentDim, numClasses: 10 };
const grid = generateSamples(g, 100, 1);
writeFileAtomic(out, imageGridPng(grid.data, 100, config.data.shape, config.data.range, 10));
console.log(`grid: ${out}`);
trainer.dispose();
