/**
 * DCGAN from the library, three listings in one: seed 002's Fashion-MNIST DCGAN (`--preset dcgan-fashion`,
 * or `dcgan-fashion-short`, the README's first job: the same model for 500 steps), seed 004's DCGAN on MNIST
 * (the same networks with `--dataset mnist`) and seed 001's 64×64 DCGAN (`--preset dcgan-mnist-64`,
 * Radford et al.'s 4×4 transposed convolutions; `--channels` narrows it). Prints the log line, then the
 * shipped classifier's verdict on 1,000 samples next to the untrained generator's; writes the sample grid.
 *   npm run example -- dcgan [--preset NAME] [--dataset mnist|fashion-mnist] [--steps N] [--channels C] [--out F.png] [--smoke]
 */
import { createGanTrainer, resolveConfig } from '../src/index.js';
import { writeSamplePicture } from '../src/train/run.js';
import { choiceArg, exampleArgs, intArg, startBackend } from './lib/cli.js';
import { formatScore, ImageScorer } from './lib/score.js';
import { generatorOf, trainPreset } from './lib/train.js';

const args = exampleArgs(
  'dcgan [--preset dcgan-fashion-short|dcgan-fashion|dcgan-mnist-64] [--dataset mnist|fashion-mnist] [--steps N] [--channels C] [--out F.png] [--smoke]',
  {
    preset: { type: 'string' },
    dataset: { type: 'string' },
    steps: { type: 'string' },
    channels: { type: 'string' },
  },
);
const preset = choiceArg('preset', args.preset, [
  'dcgan-fashion-short',
  'dcgan-fashion',
  'dcgan-mnist-64',
] as const);
await startBackend();
const base = resolveConfig({ preset });
const overrides: Record<string, unknown> = {
  train: {
    steps: intArg('steps', args.steps, args.smoke ? 3 : base.train.steps),
    ...(args.smoke ? { batchSize: 16 } : {}),
  },
  data: {
    dataset: choiceArg('dataset', args.dataset, [
      base.data.dataset as 'mnist' | 'fashion-mnist',
      'mnist',
      'fashion-mnist',
    ]),
    ...(args.smoke ? { limit: 256 } : {}),
  },
};
if (args.channels !== undefined) overrides.model = { channels: intArg('channels', args.channels, 64) };
const config = resolveConfig({ preset, overrides: overrides as never });
console.log(
  `${preset} on ${config.data.dataset}, ${config.train.steps} steps of batch ${config.train.batchSize}`,
);
const scorer = await ImageScorer.create(config, args.smoke ? 200 : 1000);
console.log(`untrained generator: ${formatScore(await scorer.score(generatorOf(createGanTrainer(config))))}`);
const trainer = trainPreset(config, preset);
console.log(
  `after ${trainer.step} steps (${trainer.elapsed.toFixed(0)} s of training): ${formatScore(await scorer.score(generatorOf(trainer)))}`,
);
const out = args.out ?? `${preset}.png`;
writeSamplePicture(trainer, out);
console.log(`samples: ${out}`);
trainer.dispose();
