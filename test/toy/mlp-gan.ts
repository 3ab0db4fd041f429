/**
 * A minimal GAN training loop for the toy worlds, used by the toy training tests and examples/toy-ring.ts
 * (the real trainer lives in src/train/). Everything random comes from `Rng` streams, so a run is a pure
 * function of its seed.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { ToyDistribution } from '../../src/data/toy/types.js';
import { gradientPenalty } from '../../src/losses/regularizers.js';
import type { AdversarialLoss } from '../../src/losses/types.js';
import { Rng } from '../../src/util/rng.js';

/** An MLP with LeakyReLU(0.2) hidden layers and a linear output, Glorot-uniform weights drawn from `rng`. */
export function mlp(inputDim: number, hidden: number[], outputDim: number, rng: Rng): tfl.Sequential {
  const model = tfl.sequential();
  hidden.forEach((units, i) => {
    model.add(tfl.layers.dense({ units, ...(i === 0 ? { inputShape: [inputDim] } : {}) }));
    model.add(tfl.layers.leakyReLU({ alpha: 0.2 }));
  });
  model.add(
    tfl.layers.dense({ units: outputDim, ...(hidden.length === 0 ? { inputShape: [inputDim] } : {}) }),
  );
  // tfjs-layers' own initialisers draw from an unseeded global generator; ours make the run reproducible.
  model.setWeights(
    model.getWeights().map((w) => {
      if (w.rank === 1) return tf.zeros(w.shape);
      const [fanIn, fanOut] = w.shape as [number, number];
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      return tf.tensor(
        rng.uniform(w.size).map((u) => (2 * u - 1) * limit),
        w.shape,
      );
    }),
  );
  return model;
}

export interface ToyGanConfig {
  toy: ToyDistribution;
  loss: AdversarialLoss;
  seed: number;
  steps: number;
  batch: number;
  latentDim: number;
  hidden: number[];
  learningRate: number;
  beta1: number;
  beta2: number;
  /** Critic steps per generator step. */
  dSteps: number;
  /** WGAN-GP weight λ; 0 disables the penalty. */
  gpWeight: number;
  /** Called after every generator step with a sampler of the current generator (for progress curves). */
  onStep?: (step: number, generate: (n: number, rng: Rng) => Float32Array) => void;
}

export interface ToyGan {
  generator: tfl.Sequential;
  discriminator: tfl.Sequential;
  /** (D loss, G loss) of every generator step. */
  losses: [number, number][];
  /** n generated points, row-major n×dim. */
  generate(n: number, rng: Rng): Float32Array;
}

const vars = (m: tfl.LayersModel) => m.trainableWeights.map((w) => w.read() as tf.Variable);

/** Trains G and D on `toy` with the alternating updates of seeds 001/002 and returns the networks. */
export function trainToyGan(c: ToyGanConfig): ToyGan {
  const root = new Rng(c.seed);
  const g = mlp(c.latentDim, c.hidden, c.toy.dim, root.fork(1));
  const d = mlp(c.toy.dim, c.hidden, 1, root.fork(2));
  const dataRng = root.fork(3);
  const noiseRng = root.fork(4);
  const gpRng = root.fork(5);
  const dOpt = tf.train.adam(c.learningRate, c.beta1, c.beta2);
  const gOpt = tf.train.adam(c.learningRate, c.beta1, c.beta2);
  const dFn = (x: tf.Tensor) => d.apply(x) as tf.Tensor;
  const noise = () => tf.tensor2d(noiseRng.normal(c.batch * c.latentDim), [c.batch, c.latentDim]);
  const losses: [number, number][] = [];
  const generate = (n: number, rng: Rng) =>
    tf.tidy(
      () =>
        (
          g.apply(tf.tensor2d(rng.normal(n * c.latentDim), [n, c.latentDim])) as tf.Tensor
        ).dataSync() as Float32Array,
    );
  for (let step = 0; step < c.steps; step++) {
    let dLoss = 0;
    for (let k = 0; k < c.dSteps; k++) {
      tf.tidy(() => {
        const real = tf.tensor2d(c.toy.sample(c.batch, dataRng).data, [c.batch, c.toy.dim]);
        const fake = g.apply(noise()) as tf.Tensor;
        const cost = dOpt.minimize(
          () => {
            const adv = c.loss.discriminator(dFn(real), dFn(fake));
            return c.gpWeight > 0
              ? (tf.add(adv, gradientPenalty(dFn, real, fake, gpRng, { weight: c.gpWeight })) as tf.Scalar)
              : adv;
          },
          true,
          vars(d),
        );
        dLoss = cost ? cost.dataSync()[0] : Number.NaN;
      });
    }
    const gLoss = tf.tidy(() => {
      const z = noise();
      const real = c.loss.needsRealLogitsForGenerator
        ? tf.tensor2d(c.toy.sample(c.batch, dataRng).data, [c.batch, c.toy.dim])
        : undefined;
      const cost = gOpt.minimize(
        () => c.loss.generator(dFn(g.apply(z) as tf.Tensor), real ? dFn(real) : undefined),
        true,
        vars(g),
      );
      return cost ? cost.dataSync()[0] : Number.NaN;
    });
    losses.push([dLoss, gLoss]);
    c.onStep?.(step, generate);
  }
  return { generator: g, discriminator: d, losses, generate };
}
