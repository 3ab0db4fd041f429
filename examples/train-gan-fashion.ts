/**
 * Training seed 002's Fashion-MNIST GAN from the library instead of the CLI, with a custom step loop.
 *   npm run example -- train-gan-fashion [--steps N] [--smoke]
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  buildNetworks,
  createDataSource,
  describeBackend,
  GanObjective,
  initBackend,
  Trainer,
  resolveConfig,
} from '../src/index.js';
import { exampleArgs, intArg } from './lib/cli.js';

const args = exampleArgs('train-gan-fashion [--steps N] [--smoke]', { steps: { type: 'string' } });
const steps = intArg('steps', args.steps, args.smoke ? 5 : 300);
const backend = await initBackend('auto');
console.log(describeBackend(backend));

// A preset is just a config: override what you like.
const config = resolveConfig({
  preset: 'gan-fashion',
  overrides: { train: { steps }, data: { limit: args.smoke ? 256 : 10000 } },
});
const data = createDataSource(config);
const nets = buildNetworks(config.model, { imageShape: config.data.shape, seed: config.train.seed });
// The GAN objective declares the phases (D, then G); the trainer runs them.
const trainer = new Trainer(config, new GanObjective(config, nets, data));

while (trainer.step < config.train.steps) {
  const { d_loss, g_loss } = trainer.trainStep();
  if (trainer.step % 50 === 0 || trainer.step === steps)
    console.log(
      `STEP=${String(trainer.step).padStart(5, '0')}, d_loss=${d_loss.toFixed(5)}, g_loss=${g_loss.toFixed(5)}`,
    );
}
console.log(`tensors alive after training: ${tf.memory().numTensors}`);
trainer.dispose();
