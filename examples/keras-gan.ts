/**
 * The Keras GAN of seeds 002 and 004 in tfjs-layers, line for line: `generator` and `discriminator` as
 * Sequential models, `gan = Sequential([generator, discriminator])`, `discriminator.compile(…)`,
 * `discriminator.trainable = False`, `gan.compile(…)`, then `train_gan`: phase 1 trains D on fakes
 * (label 0) and reals (label 1) concatenated, phase 2 trains G through `gan` with labels 1.
 *   --data fashion   seed 002's Fashion-MNIST GAN (codings 30, Dense 100-150 selu, sigmoid, RMSprop,
 *                    batch 32); scored by the shipped Fashion-MNIST classifier against the untrained G.
 *   --data quadratic seed 004's "samples from a quadratic distribution": the same listing with
 *                    gen_out_size = 2 on points (x, x²); scored with the exact toy metrics (mean |y − x²|,
 *                    W₁ of x against U[−0.5, 0.5]).
 *   npm run example -- keras-gan [--data fashion|quadratic] [--epochs E] [--out F.png] [--smoke]
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createDataSource, makeToy, resolveConfig, Rng } from '../src/index.js';
import { toyMetrics } from '../src/metrics/exact/index.js';
import { imageGridPng } from '../src/report/png.js';
import { samplePlotPng } from '../src/report/scatter.js';
import { writeFileAtomic } from '../src/util/fs.js';
import { choiceArg, exampleArgs, intArg, secondsSince, startBackend } from './lib/cli.js';
import { dense, labels, Noise } from './lib/mlp.js';
import { formatScore, handleOf, ImageScorer } from './lib/score.js';

const args = exampleArgs('keras-gan [--data fashion|quadratic] [--epochs E] [--out F.png] [--smoke]', {
  data: { type: 'string' },
  epochs: { type: 'string' },
});
const which = choiceArg('data', args.data, ['fashion', 'quadratic'] as const);
await startBackend();
const fashion = which === 'fashion';
const codingsSize = fashion ? 30 : 8;
const batchSize = 32;
// An "epoch" of the quadratic toy is 1,000 fresh batches (the distribution has no fixed training set).
const nEpochs = intArg('epochs', args.epochs, args.smoke ? 1 : fashion ? 1 : 3);
const config = resolveConfig({
  preset: fashion ? 'gan-fashion' : 'toy-quadratic',
  overrides: { train: { batchSize }, data: fashion ? { limit: args.smoke ? 320 : 60000 } : {} },
});
const genOutSize = fashion ? [28, 28] : [2];

const generator = tfl.sequential({
  layers: [
    dense(100, 1, { activation: 'selu', inputShape: [codingsSize] }),
    dense(150, 2, { activation: 'selu' }),
    fashion ? dense(28 * 28, 3, { activation: 'sigmoid' }) : dense(2, 3),
    ...(fashion ? [tfl.layers.reshape({ targetShape: [28, 28] })] : []),
  ],
});
const discriminator = tfl.sequential({
  layers: [
    ...(fashion ? [tfl.layers.flatten({ inputShape: [28, 28] })] : []),
    dense(150, 4, { activation: 'selu', ...(fashion ? {} : { inputShape: [2] }) }),
    dense(100, 5, { activation: 'selu' }),
    dense(1, 6, { activation: 'sigmoid' }),
  ],
});
const gan = tfl.sequential({ layers: [generator, discriminator] });
discriminator.compile({ loss: 'binaryCrossentropy', optimizer: 'rmsprop' });
discriminator.trainable = false;
gan.compile({ loss: 'binaryCrossentropy', optimizer: 'rmsprop' });

// The dataset: Fashion-MNIST in [0, 1] (28×28, as the listing's X_train), or batches of (x, x²).
const source = createDataSource(config);
const batchesPerEpoch = fashion
  ? Math.floor((config.data.limit ?? 60000) / batchSize)
  : args.smoke
    ? 10
    : 1000;
const xBatch = () => tf.tensor(source.next().images, [batchSize, ...genOutSize]);

// For scoring, the generator as the evaluator takes images: [28, 28] → [28, 28, 1].
const asImages = () =>
  tfl.sequential({ layers: [generator, tfl.layers.reshape({ targetShape: [28, 28, 1] })] });
const scorer = fashion ? await ImageScorer.create(config, args.smoke ? 200 : 1000) : undefined;
const toy = fashion ? undefined : makeToy('quadratic');
async function report(when: string) {
  if (scorer) console.log(`${when}: ${formatScore(await scorer.score(handleOf(asImages(), codingsSize)))}`);
  else {
    const z = new Noise(codingsSize, 99).next(2000);
    const samples = tf.tidy(() => (generator.predict(z) as tf.Tensor).dataSync() as Float32Array);
    const m = toyMetrics(toy!, samples);
    console.log(
      `${when}: mean |y − x²| ${m.quadratic_error.toFixed(4)}, W₁ of x to U[−0.5, 0.5] ${m.w1_x.toFixed(4)}`,
    );
    z.dispose();
  }
}
await report('untrained generator');

async function trainGan(): Promise<void> {
  const noise = new Noise(codingsSize, 1);
  const y1 = tf.concat([labels(batchSize, 0), labels(batchSize, 1)]);
  const y2 = labels(batchSize, 1);
  const t0 = performance.now();
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    let dLoss = 0;
    let gLoss = 0;
    for (let b = 0; b < batchesPerEpoch; b++) {
      // phase 1 - training the discriminator
      const generatedImages = generator.predict(noise.next(batchSize)) as tf.Tensor;
      const xFakeAndReal = tf.concat([generatedImages, xBatch()]);
      discriminator.trainable = true;
      dLoss = (await discriminator.trainOnBatch(xFakeAndReal, y1)) as number;
      // phase 2 - training the generator
      discriminator.trainable = false;
      gLoss = (await gan.trainOnBatch(noise.next(batchSize), y2)) as number;
      tf.dispose([generatedImages, xFakeAndReal]);
    }
    console.log(
      `epoch ${epoch + 1}/${nEpochs}: d_loss ${dLoss.toFixed(4)}, g_loss ${gLoss.toFixed(4)} (${secondsSince(t0)} s)`,
    );
  }
  tf.dispose([y1, y2]);
}
await trainGan();
await report(`after ${nEpochs} epoch(s)`);

const out = args.out ?? `keras-gan-${which}.png`;
const z = new Noise(codingsSize, 7).next(fashion ? 64 : 1000);
const samples = tf.tidy(() => (generator.predict(z) as tf.Tensor).dataSync() as Float32Array);
writeFileAtomic(
  out,
  fashion
    ? imageGridPng(samples, 64, [28, 28, 1], '0,1', 8)
    : samplePlotPng(samples, toy!.sample(1000, new Rng(8, 0)).data, 2),
);
console.log(`samples: ${out}`);
