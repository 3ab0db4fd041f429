/**
 * Seed 001's vanilla GAN listing (PyTorch) in tfjs, in the listing's order: G = Linear 128-256-512-1024
 * with ReLU and a Tanh output, D = Linear 512-256-128 with ReLU and a Sigmoid output, `BCELoss`, Adam
 * (lr 2e-4, β 0.5/0.999); per batch G is trained first (its fakes labelled real), then D on reals and on
 * the same fakes detached, d_loss = (real_loss + fake_loss) / 2. MNIST in [−1, 1]. Scored with the shipped
 * MNIST classifier against the untrained generator; writes 64 samples.
 * (`gankit train --preset gan-mnist` is the same model in the library's trainer, with LeakyReLU.)
 *   npm run example -- vanilla-gan [--steps N] [--out F.png] [--smoke]
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createDataSource, resolveConfig } from '../src/index.js';
import { imageGridPng } from '../src/report/png.js';
import { writeFileAtomic } from '../src/util/fs.js';
import { exampleArgs, intArg, startBackend, stepLine, secondsSince } from './lib/cli.js';
import { bce, dense, Noise } from './lib/mlp.js';
import { formatScore, handleOf, ImageScorer } from './lib/score.js';

const args = exampleArgs('vanilla-gan [--steps N] [--out F.png] [--smoke]', { steps: { type: 'string' } });
const steps = intArg('steps', args.steps, args.smoke ? 5 : 3000);
await startBackend();
const latent = 100;
const batch = 64;
const config = resolveConfig({
  preset: 'gan-mnist',
  overrides: { train: { batchSize: batch }, data: args.smoke ? { limit: 256 } : {} },
});

const relu = () => tfl.layers.reLU();
const generator = tfl.sequential({
  layers: [
    dense(128, 1, { inputShape: [latent] }),
    relu(),
    dense(256, 2),
    relu(),
    dense(512, 3),
    relu(),
    dense(1024, 4),
    relu(),
    dense(784, 5, { activation: 'tanh' }),
    tfl.layers.reshape({ targetShape: [28, 28, 1] }), // img.view(img.size(0), *img_shape)
  ],
});
const discriminator = tfl.sequential({
  layers: [
    tfl.layers.flatten({ inputShape: [28, 28, 1] }), // img.view(img.size(0), -1)
    dense(512, 6),
    relu(),
    dense(256, 7),
    relu(),
    dense(128, 8),
    relu(),
    dense(1, 9, { activation: 'sigmoid' }),
  ],
});
const adam = (): tf.Optimizer => tf.train.adam(2e-4, 0.5, 0.999);
const [optimizerG, optimizerD] = [adam(), adam()];
const gVars = generator.trainableWeights.map((w) => w.read() as tf.Variable);
const dVars = discriminator.trainableWeights.map((w) => w.read() as tf.Variable);

const scorer = await ImageScorer.create(config, args.smoke ? 200 : 1000);
console.log(`untrained generator: ${formatScore(await scorer.score(handleOf(generator, latent)))}`);

const data = createDataSource(config);
const noise = new Noise(latent, 3);
const t0 = performance.now();
for (let i = 1; i <= steps; i++) {
  const inputs = tf.tensor4d(data.next().images, [batch, 28, 28, 1]);
  const z = noise.next(batch);
  // train the generator: g_loss = adversarial_loss(discriminator(generated_images), real)
  let generatedImages: tf.Tensor | undefined;
  const g = optimizerG.minimize(
    () => {
      generatedImages = tf.keep(generator.apply(z) as tf.Tensor);
      return bce(discriminator.apply(generatedImages) as tf.Tensor, 1);
    },
    true,
    gVars,
  )!;
  // train the discriminator on reals and on the same fakes; a tensor of the finished G step is a constant
  // in D's tape, and only D's variables are differentiated: `generated_images.detach()`
  const fake = generatedImages!;
  const d = optimizerD.minimize(
    () => {
      const realLoss = bce(discriminator.apply(inputs) as tf.Tensor, 1);
      const fakeLoss = bce(discriminator.apply(fake) as tf.Tensor, 0);
      return tf.div(tf.add(realLoss, fakeLoss), 2) as tf.Scalar;
    },
    true,
    dVars,
  )!;
  if (i % Math.max(1, Math.floor(steps / 6)) === 0 || i === steps)
    console.log(`${stepLine(i, d.dataSync()[0], g.dataSync()[0])} (${secondsSince(t0)} s)`);
  tf.dispose([inputs, z, fake, g, d]);
}
console.log(`after ${steps} batches: ${formatScore(await scorer.score(handleOf(generator, latent)))}`);
const out = args.out ?? 'vanilla-gan.png';
const samples = tf.tidy(
  () => (generator.predict(new Noise(latent, 7).next(64)) as tf.Tensor).dataSync() as Float32Array,
);
writeFileAtomic(out, imageGridPng(samples, 64, [28, 28, 1], '-1,1', 8));
console.log(`samples: ${out}`);
