/**
 * Seed 000's "Training Step", written twice with the same networks, data and losses:
 *   fit  — Keras style, `trainOnBatch` on labelled batches (Step 1: D on fakes labelled 1, Step 2: D on
 *          reals labelled 0, Step 3: G through the stacked model `gd` with D frozen, labelled 0);
 *   tape — the GradientTape loop of the slides: d_loss = real_loss + fake_loss, g_loss = gen_loss, each
 *          minimised with `tf.variableGrads` + `applyGradients`, printing `STEP=…, d_loss=…, g_loss=…`.
 * The seed's D predicts "fake" (label 1 = fake), so G wants D(G(z)) → 0. Before training the example
 * checks that the three `trainOnBatch` losses equal the tape's three terms on the same batch; after
 * training it scores both generators with the shipped MNIST classifier against the untrained one.
 * The tape form generalises: a loss is any function of any networks (StarGAN v2's adversarial + style +
 * diversity + cycle terms, or a gradient penalty), where `fit(x, y)` needs every term as a target y.
 *   npm run example -- three-step-training [--form both|fit|tape] [--steps N] [--smoke]
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createDataSource, resolveConfig } from '../src/index.js';
import { exampleArgs, choiceArg, intArg, secondsSince, startBackend, stepLine } from './lib/cli.js';
import { bce, dense, labels, Noise, scalarOf } from './lib/mlp.js';
import { formatScore, handleOf, ImageScorer } from './lib/score.js';

const args = exampleArgs('three-step-training [--form both|fit|tape] [--steps N] [--smoke]', {
  form: { type: 'string' },
  steps: { type: 'string' },
});
const form = choiceArg('form', args.form, ['both', 'fit', 'tape'] as const);
const steps = intArg('steps', args.steps, args.smoke ? 10 : 2000);
const batchSize = 64;
const latentDim = 64;
await startBackend();

// MNIST scaled to [0, 1] (the slide's `x /= 255`), walked in seeded epochs.
const config = resolveConfig({
  preset: 'gan-mnist',
  overrides: { data: { range: '0,1', ...(args.smoke ? { limit: 512 } : {}) }, train: { batchSize } },
});

function generator(): tfl.Sequential {
  return tfl.sequential({
    layers: [
      dense(256, 1, { inputShape: [latentDim], activation: 'relu' }),
      dense(784, 2, { activation: 'sigmoid' }),
      tfl.layers.reshape({ targetShape: [28, 28, 1] }),
    ],
  });
}

function discriminator(): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.flatten({ inputShape: [28, 28, 1] }),
      dense(256, 3),
      tfl.layers.leakyReLU({ alpha: 0.2 }),
      dense(1, 4, { activation: 'sigmoid' }),
    ],
  });
}

const optimizer = (): tf.Optimizer => tf.train.adam(2e-4, 0.5);

// The tape form's losses, named as on the slides. D outputs P(fake).
const realLoss = (d: tfl.LayersModel, x: tf.Tensor) => bce(d.apply(x) as tf.Tensor, 0);
const fakeLoss = (g: tfl.LayersModel, d: tfl.LayersModel, z: tf.Tensor) =>
  bce(d.apply(g.apply(z)) as tf.Tensor, 1);
const genLoss = (g: tfl.LayersModel, d: tfl.LayersModel, z: tf.Tensor) =>
  bce(d.apply(g.apply(z)) as tf.Tensor, 0);

/**
 * The Keras form: D compiled, then frozen before the stacked `gd` is compiled, so that `gd` trains G only.
 * In tfjs-layers `trainable = false` also freezes D's variables for its own `trainOnBatch`, so each step
 * switches it back on for Steps 1–2 and off for Step 3 — exactly what seed 002's Keras loop does.
 */
function fitForm() {
  const g = generator();
  const d = discriminator();
  d.compile({ optimizer: optimizer(), loss: 'binaryCrossentropy' });
  d.trainable = false;
  const gd = tfl.sequential({ layers: [g, d] });
  gd.compile({ optimizer: optimizer(), loss: 'binaryCrossentropy' });
  return { g, d, gd };
}

const data = createDataSource(config);
const realBatch = () => tf.tensor4d(data.next().images, [batchSize, 28, 28, 1]);
const scorer = await ImageScorer.create(config, args.smoke ? 200 : 1000);

// The same losses: both forms start from the same weights (same seeds); one batch, three terms each.
{
  const fit = fitForm();
  const g = generator();
  const d = discriminator();
  const z = new Noise(latentDim, 7).next(batchSize);
  const x = realBatch();
  const fake = fit.g.predict(z) as tf.Tensor;
  const keras = [
    fit.d.evaluate(fake, labels(batchSize, 1)),
    fit.d.evaluate(x, labels(batchSize, 0)),
    fit.gd.evaluate(z, labels(batchSize, 0)),
  ].map((t) => (t as tf.Scalar).dataSync()[0]);
  const tape = [fakeLoss(g, d, z), realLoss(d, x), genLoss(g, d, z)].map((t) => t.dataSync()[0]);
  const diff = Math.max(...keras.map((v, i) => Math.abs(v - tape[i])));
  console.log(
    `same losses at initialisation: trainOnBatch [${keras.map((v) => v.toFixed(6)).join(', ')}] vs tape [${tape.map((v) => v.toFixed(6)).join(', ')}], max difference ${diff.toExponential(1)}`,
  );
  tf.dispose([z, x, fake]);
  for (const m of [fit.gd, g, d]) m.dispose();
}

const untrained = await scorer.score(handleOf(generator(), latentDim));
console.log(`untrained generator: ${formatScore(untrained)}`);

async function trainFit(): Promise<tfl.LayersModel> {
  const { g, d, gd } = fitForm();
  const noise = new Noise(latentDim, 11);
  const ones = labels(batchSize, 1);
  const zeros = labels(batchSize, 0);
  const t0 = performance.now();
  for (let step = 1; step <= steps; step++) {
    const z = noise.next(batchSize);
    const fake = g.predict(z) as tf.Tensor;
    const x = realBatch();
    d.trainable = true;
    const dFake = scalarOf(await d.trainOnBatch(fake, ones)); // Step 1: θ_D ← θ_D − α ∂L_CE(1, D(fake))
    const dReal = scalarOf(await d.trainOnBatch(x, zeros)); // Step 2: θ_D ← θ_D − α ∂L_CE(0, D(real))
    d.trainable = false;
    const gLoss = scalarOf(await gd.trainOnBatch(z, zeros)); // Step 3: θ_G ← θ_G − α ∂L_CE(0, D(G(z)))
    tf.dispose([z, fake, x]);
    if (step % 500 === 0 || step === steps)
      console.log(`fit  ${stepLine(step, dFake + dReal, gLoss)} (${secondsSince(t0)} s)`);
  }
  tf.dispose([ones, zeros]);
  return g;
}

async function trainTape(): Promise<tfl.LayersModel> {
  const g = generator();
  const d = discriminator();
  const [dOpt, gOpt] = [optimizer(), optimizer()];
  const noise = new Noise(latentDim, 11);
  const dVars = d.trainableWeights.map((w) => w.read() as tf.Variable);
  const gVars = g.trainableWeights.map((w) => w.read() as tf.Variable);
  const t0 = performance.now();
  for (let i = 1; i <= steps; i++) {
    const z = noise.next(batchSize);
    const x = realBatch();
    // with tf.GradientTape() as tape: d_loss = real_loss(d, x) + fake_loss(g, d, z)
    const dStep = tf.variableGrads(() => tf.add(realLoss(d, x), fakeLoss(g, d, z)) as tf.Scalar, dVars);
    dOpt.applyGradients(dStep.grads);
    // train generator: g_loss = gen_loss(g, d, z)
    const gStep = tf.variableGrads(() => genLoss(g, d, z), gVars);
    gOpt.applyGradients(gStep.grads);
    if (i % 500 === 0 || i === steps)
      console.log(
        `tape ${stepLine(i, dStep.value.dataSync()[0], gStep.value.dataSync()[0])} (${secondsSince(t0)} s)`,
      );
    tf.dispose([
      z,
      x,
      dStep.value,
      gStep.value,
      ...Object.values(dStep.grads),
      ...Object.values(gStep.grads),
    ]);
  }
  return g;
}

for (const [name, train] of [
  ['fit', trainFit],
  ['tape', trainTape],
] as const) {
  if (form !== 'both' && form !== name) continue;
  const g = await train();
  console.log(
    `${name} form after ${steps} steps: ${formatScore(await scorer.score(handleOf(g, latentDim)))}`,
  );
}
