/**
 * GAN inversion by optimisation (seed 003; Zhu et al. 2016, Creswell & Bharath 2018): the latent z*
 * whose image G(z*) is closest to a target x,
 *
 *   z* = argmin_z  ‖G(z) − x‖²/P  +  λ_f ‖F(G(z)) − F(x)‖²/D  +  λ_p (‖z − c‖²/r² − 1)²,
 *
 * P pixels, F the run's classifier features (D of them). The last term keeps the code on the shell
 * where random codes lie, so the optimiser cannot reach x through an implausible one: in z, c = 0 and
 * r² = d (N(0, I) puts almost all its mass at ‖z‖² ≈ d); on a handle on StyleGAN's W, c is the mean
 * w and r² the mean squared distance of mapped z from it (src/latent/space.ts), and a W+ code is
 * penalised layer by layer (each of its L rows of w). Adam runs on all targets × restarts at once (one
 * batched variable); each target keeps its restart with the lowest pixel error. The restarts start
 * from the random codes (of a screened pool of random draws) whose images are nearest the target, so
 * the optimisation begins where plain search ends; with an encoder (src/latent/encoder.ts), its guess
 * is the first start.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { FeatureNet } from './feature-net.js';
import { type GeneratorHandle, renderLatents, sampleLabels } from './render.js';
import { drawCodes, sampleCodes } from './sampling.js';
import { STREAMS } from '../train/streams.js';
import { Rng } from '../util/rng.js';
import { oneHotLabels } from '../nn/one-hot.js';

/** Options of {@link invertImages}. */
export interface InversionOptions {
  /** Adam steps (default 300). */
  steps?: number;
  /** Starting points per target (default 4). */
  restarts?: number;
  /** Adam learning rate (default 0.05). */
  lr?: number;
  /** λ_f, the weight of the feature term (default 0.01; ignored without a feature net). */
  featureWeight?: number;
  /** λ_p, the weight of the shell prior (default 0.05). */
  priorWeight?: number;
  /** The feature map F, when the dataset has one. */
  featureNet?: FeatureNet;
  /** Initial latents [n, d] (an encoder's guesses): the first start of each target. */
  init?: Float32Array;
  /** Labels of a conditional generator, one per target. */
  labels?: Int32Array;
  /** Random latents screened for the starting points (default 256). */
  candidates?: number;
  /** Seed of the random starting points (default 0). */
  seed?: number;
}

/** What an inversion found per target. */
export interface Inversion {
  /** The best latent of each target, [n, d]. */
  latents: Float32Array;
  /** Their images, in the run's pixel range. */
  images: Float32Array;
  /** Pixel mean squared error of each reconstruction. */
  mse: Float64Array;
}

/** Inverts `n` target images (`targets`: [n, h, w, c] floats in the run's range). */
export function invertImages(
  g: GeneratorHandle,
  targets: Float32Array,
  n: number,
  shape: readonly [number, number, number],
  options: InversionOptions = {},
): Inversion {
  const steps = options.steps ?? 300;
  const restarts = options.restarts ?? 4;
  const featureWeight = options.featureNet ? (options.featureWeight ?? 0.01) : 0;
  const priorWeight = options.priorWeight ?? 0.05;
  const d = g.latentDim;
  const m = n * restarts;
  const start = startingPoints(g, targets, n, restarts, options);
  const initial = tf.tensor2d(start, [m, d]);
  const z = tf.variable(initial, true);
  initial.dispose();
  const x = tf.tidy(() => tf.tile(tf.tensor4d(targets, [n, ...shape]), [restarts, 1, 1, 1]));
  const labels = options.labels;
  const onehot =
    labels && g.numClasses
      ? tf.tidy(() => tf.tile(oneHotLabels(labels, g.numClasses!), [restarts, 1]))
      : undefined;
  const targetFeatures = featureWeight > 0 ? options.featureNet!.features(x as tf.Tensor4D) : undefined;
  const shell = g.shell ?? { centre: new Float32Array(d), radius2: d };
  const centre = tf.tensor2d(shell.centre, [1, shell.centre.length]);
  const optimizer = tf.train.adam(options.lr ?? 0.05);
  const generate = () => g.model.apply(onehot ? [z, onehot] : z, { training: false }) as tf.Tensor4D;
  try {
    for (let s = 0; s < steps; s++) {
      tf.tidy(() => {
        optimizer.minimize(
          () => {
            const y = generate();
            let loss = tf.mean(tf.squaredDifference(y, x));
            if (targetFeatures) {
              const f = options.featureNet!.features(y);
              loss = tf.add(loss, tf.mul(featureWeight, tf.mean(tf.squaredDifference(f, targetFeatures))));
            }
            // ‖c − centre‖²/r² − 1 per row of the centre's width (a W+ code has L of them).
            const rows = tf.sub(tf.reshape(z, [-1, shell.centre.length]), centre);
            const off = tf.sub(tf.div(tf.sum(tf.square(rows), 1), shell.radius2), 1);
            return tf.add(loss, tf.mul(priorWeight, tf.mean(tf.square(off)))) as tf.Scalar;
          },
          false,
          [z],
        );
      });
    }
    // Pixel error of every restart; keep each target's best.
    const errors = tf.tidy(() => tf.mean(tf.squaredDifference(generate(), x), [1, 2, 3]).dataSync());
    const all = z.dataSync() as Float32Array;
    const latents = new Float32Array(n * d);
    const mse = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    for (let r = 0; r < restarts; r++) {
      for (let i = 0; i < n; i++) {
        const e = errors[r * n + i];
        if (e < mse[i]) {
          mse[i] = e;
          latents.set(all.subarray((r * n + i) * d, (r * n + i + 1) * d), i * d);
        }
      }
    }
    return { latents, images: renderLatents(g, latents, labels).data, mse };
  } finally {
    optimizer.dispose();
    tf.dispose([z, x, centre, onehot, targetFeatures].filter((t) => t !== undefined) as tf.Tensor[]);
  }
}

/**
 * [restarts · n, d] starting latents, restart-major: for each target the `restarts` candidates nearest
 * to it in pixels, restart 0 replaced by the encoder's guess when there is one.
 */
function startingPoints(
  g: GeneratorHandle,
  targets: Float32Array,
  n: number,
  restarts: number,
  options: InversionOptions,
): Float32Array {
  const d = g.latentDim;
  const count = Math.max(restarts, options.candidates ?? 256);
  const pool = drawCodes(g, new Rng(options.seed ?? 0, STREAMS.latentTools), count);
  const images = renderLatents(g, pool, candidateLabels(options.labels, count)).data;
  const size = targets.length / n;
  const start = new Float32Array(restarts * n * d);
  for (let i = 0; i < n; i++) {
    const errors = squaredErrors(images, count, targets.subarray(i * size, (i + 1) * size));
    const best = Array.from(errors.keys()).sort((a, b) => errors[a] - errors[b]);
    for (let r = 0; r < restarts; r++) {
      const source =
        r === 0 && options.init
          ? options.init.subarray(i * d, (i + 1) * d)
          : pool.subarray(best[r] * d, (best[r] + 1) * d);
      start.set(source, (r * n + i) * d);
    }
  }
  return start;
}

/** The candidates' labels: a conditional inversion draws them all with the targets' (single) label. */
function candidateLabels(labels: Int32Array | undefined, count: number): Int32Array | undefined {
  return labels ? new Int32Array(count).fill(labels[0]) : undefined;
}

/** Pixel MSE of each image of `a` against the same image of `b` (both [n, size]). */
export function pixelMse(a: Float32Array, b: Float32Array, n: number): Float64Array {
  const size = a.length / n;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let p = i * size; p < (i + 1) * size; p++) s += (a[p] - b[p]) ** 2;
    out[i] = s / size;
  }
  return out;
}

/** The {@link Inversion} of given latents (an encoder's guesses): their images and pixel errors. */
export function reconstruct(
  g: GeneratorHandle,
  latents: Float32Array,
  targets: Float32Array,
  n: number,
  labels?: Int32Array,
): Inversion {
  const images = renderLatents(g, latents, labels).data;
  return { latents, images, mse: pixelMse(images, targets, n) };
}

/**
 * The baseline an inversion must beat: per target, the lowest pixel MSE among `count` (at most 2048)
 * random codes (N(0, I) latents, or their codes on a handle on W) — what search without optimisation
 * finds. A conditional generator draws them with `label`: one class for every target, or target i's
 * class `label[i]` (the same codes under each target's class, as its inversion keeps that class fixed).
 */
export function bestRandomMse(
  g: GeneratorHandle,
  targets: Float32Array,
  n: number,
  count: number,
  label: number | Int32Array | undefined,
  seed: number,
): Float64Array {
  const draws = Math.min(count, 2048);
  const codes = sampleCodes(g, seed + 1, draws);
  const size = targets.length / n;
  const rendered = new Map<number | undefined, Float32Array>();
  const imagesOf = (k: number | undefined) => {
    if (!rendered.has(k)) rendered.set(k, renderLatents(g, codes, sampleLabels(g, draws, k)).data);
    return rendered.get(k)!;
  };
  return Float64Array.from({ length: n }, (_, i) => {
    const images = imagesOf(typeof label === 'number' || label === undefined ? label : label[i]);
    const errors = squaredErrors(images, draws, targets.subarray(i * size, (i + 1) * size));
    return errors.reduce((m, e) => Math.min(m, e), Number.POSITIVE_INFINITY) / size;
  });
}

/** Σ (image_k − target)² over the pixels, for each of the `count` images (row-major) of `images`. */
function squaredErrors(images: Float32Array, count: number, target: Float32Array): Float64Array {
  const size = target.length;
  const out = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    let s = 0;
    for (let p = 0; p < size; p++) s += (images[k * size + p] - target[p]) ** 2;
    out[k] = s;
  }
  return out;
}
