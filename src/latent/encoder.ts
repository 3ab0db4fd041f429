/**
 * An encoder E: x → z for inversion, trained on generated pairs (z ~ N(0, I), x = G(z)) to regress z
 * (Donahue et al.'s "latent regressor"; the encoder half of in-domain inversion) — or, on a handle on
 * StyleGAN's W, pairs (w = f(z), x = g(w)) to regress w. It inverts in one
 * forward pass; on real images, off G's manifold, its guess is a starting point that the optimisation
 * of src/latent/invert.ts then refines.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { STREAMS } from '../train/streams.js';
import { Rng } from '../util/rng.js';
import { type GeneratorHandle, sampleLabels } from './render.js';
import { drawCodes } from './sampling.js';
import { oneHotLabels } from '../nn/one-hot.js';

/** Options of {@link trainEncoder}. */
export interface EncoderOptions {
  /** Adam steps (default 1000). */
  steps?: number;
  /** Pairs per step (default 64). */
  batchSize?: number;
  /** Adam learning rate (default 1e-3). */
  lr?: number;
  seed?: number;
}

/** A trained encoder and its error on fresh generated pairs. */
export interface TrainedEncoder {
  model: tfl.LayersModel;
  /** Mean squared latent error on 256 pairs it never saw (in z, N(0, I), guessing 0 scores 1). */
  heldOutMse: number;
  /** Latents [n, d] for images [n, h, w, c] in the run's pixel range. */
  encode(images: Float32Array, n: number): Float32Array;
}

/** The encoder network: two strided convolutions and two dense layers, for the run's image shape. */
function buildEncoder(
  shape: readonly [number, number, number],
  latentDim: number,
  seed: number,
): tfl.LayersModel {
  const init = (k: number) => tfl.initializers.glorotUniform({ seed: seed + k });
  const x = tfl.input({ shape: [...shape] });
  let y = tfl.layers
    .conv2d({ filters: 32, kernelSize: 4, strides: 2, padding: 'same', kernelInitializer: init(1) })
    .apply(x) as tfl.SymbolicTensor;
  y = tfl.layers.leakyReLU({ alpha: 0.2 }).apply(y) as tfl.SymbolicTensor;
  y = tfl.layers
    .conv2d({ filters: 64, kernelSize: 4, strides: 2, padding: 'same', kernelInitializer: init(2) })
    .apply(y) as tfl.SymbolicTensor;
  y = tfl.layers.leakyReLU({ alpha: 0.2 }).apply(y) as tfl.SymbolicTensor;
  y = tfl.layers.flatten().apply(y) as tfl.SymbolicTensor;
  y = tfl.layers.dense({ units: 256, kernelInitializer: init(3) }).apply(y) as tfl.SymbolicTensor;
  y = tfl.layers.leakyReLU({ alpha: 0.2 }).apply(y) as tfl.SymbolicTensor;
  const z = tfl.layers.dense({ units: latentDim, kernelInitializer: init(4) }).apply(y) as tfl.SymbolicTensor;
  return tfl.model({ inputs: x, outputs: z });
}

/** Trains an encoder for `g`, whose images have `shape`. */
export function trainEncoder(
  g: GeneratorHandle,
  shape: readonly [number, number, number],
  options: EncoderOptions = {},
): TrainedEncoder {
  const steps = options.steps ?? 1000;
  const batch = options.batchSize ?? 64;
  const seed = options.seed ?? 0;
  const d = g.latentDim;
  const rng = new Rng(seed, STREAMS.latentEncoder);
  const model = buildEncoder(shape, d, seed);
  const optimizer = tf.train.adam(options.lr ?? 1e-3);
  const pair = (m: number) =>
    tf.tidy(() => {
      const z = tf.tensor2d(drawCodes(g, rng, m), [m, d]);
      const labels = sampleLabels(g, m);
      const inputs = labels ? [z, oneHotLabels(labels, g.numClasses!)] : z;
      return { z, x: g.model.apply(inputs, { training: false }) as tf.Tensor4D };
    });
  const weights = model.trainableWeights.map((w) => w.read() as tf.Variable);
  try {
    for (let s = 0; s < steps; s++) {
      const { z, x } = pair(batch);
      tf.tidy(() => {
        optimizer.minimize(
          () =>
            tf.mean(tf.squaredDifference(model.apply(x, { training: true }) as tf.Tensor, z)) as tf.Scalar,
          false,
          weights,
        );
      });
      tf.dispose([z, x]);
    }
  } finally {
    optimizer.dispose();
  }
  const heldOut = pair(256);
  const heldOutMse = tf.tidy(
    () => tf.mean(tf.squaredDifference(model.apply(heldOut.x) as tf.Tensor, heldOut.z)).dataSync()[0],
  );
  tf.dispose([heldOut.z, heldOut.x]);
  return {
    model,
    heldOutMse,
    encode: (images, n) =>
      tf.tidy(
        () => (model.apply(tf.tensor4d(images, [n, ...shape])) as tf.Tensor).dataSync() as Float32Array,
      ),
  };
}
