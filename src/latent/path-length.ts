/**
 * How smoothly images change along latent paths.
 *
 * - Perceptual path length (Karras et al. 2019, §4.1): for random pairs of latents and t ~ U(0, 1),
 *   PPL = E[ d(G(p(t)), G(p(t + ε))) / ε² ], p the path between the pair — slerp between z's in z,
 *   lerp between their codes in W (the paper's choices), ε = 10⁻⁴. The paper's d is LPIPS; here it is
 *   the mean squared difference of the run's classifier features (`features`) or of the pixels. A
 *   space whose paths change the image evenly, without sudden jumps, scores lower.
 * - Step distances of a rendered path (a strip): the RMS pixel distance between consecutive frames, and
 *   how even they are (coefficient of variation: 0 when every step changes the image equally).
 */
import * as tf from '@tensorflow/tfjs-core';
import { STREAMS } from '../train/streams.js';
import { Rng } from '../util/rng.js';
import type { FeatureNet } from './feature-net.js';
import { lerp, slerp } from './interpolate.js';
import { type GeneratorHandle, renderLatents } from './render.js';
import { drawLatents, codesOf, zWidth } from './sampling.js';

/** Options of {@link perceptualPathLength}. */
export interface PathLengthOptions {
  /** Pairs of endpoints (default 256). */
  pairs?: number;
  /** The step ε (default 1e-4). */
  epsilon?: number;
  /** Lerp or slerp between the endpoints; default slerp in z, lerp on a handle on W. */
  interpolation?: 'lerp' | 'slerp';
  /** The distance's features (default: pixels). */
  features?: FeatureNet;
  /** Seed of the pairs and t's; the same seed gives the same z pairs in every space (default 0). */
  seed?: number;
}

/** The mean and median over the pairs of d(G(p(t)), G(p(t + ε)))/ε². */
export interface PathLength {
  mean: number;
  median: number;
  values: Float64Array;
}

/** Perceptual path length of a handle's space (see the module comment). */
export function perceptualPathLength(g: GeneratorHandle, options: PathLengthOptions = {}): PathLength {
  const pairs = options.pairs ?? 256;
  const eps = options.epsilon ?? 1e-4;
  const step = (options.interpolation ?? (g.fromZ ? 'lerp' : 'slerp')) === 'slerp' ? slerp : lerp;
  const rng = new Rng(options.seed ?? 0, STREAMS.pathLength);
  const d = g.latentDim;
  const z = drawLatents(rng, 2 * pairs, zWidth(g));
  const t = rng.uniform(pairs);
  const ends = codesOf(g, z);
  const points = new Float32Array(2 * pairs * d);
  for (let i = 0; i < pairs; i++) {
    const a = ends.subarray(2 * i * d, (2 * i + 1) * d);
    const b = ends.subarray((2 * i + 1) * d, (2 * i + 2) * d);
    // t ≤ 1 − ε, so both points lie on the path.
    const ti = t[i] * (1 - eps);
    points.set(step(a, b, ti), 2 * i * d);
    points.set(step(a, b, ti + eps), (2 * i + 1) * d);
  }
  const { data, shape } = renderLatents(g, points);
  const distances = tf.tidy(() => {
    const images = tf.tensor4d(data, [2 * pairs, ...shape]);
    const x = options.features ? options.features.features(images) : tf.reshape(images, [2 * pairs, -1]);
    // Rows 2i and 2i + 1 are the two ends of step i.
    const pairsOf = tf.reshape(x, [pairs, 2, -1]);
    const [first, second] = tf.unstack(pairsOf, 1);
    return tf.div(tf.mean(tf.squaredDifference(first, second), 1), eps * eps);
  });
  const values = Float64Array.from(distances.dataSync());
  distances.dispose();
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return {
    mean: values.reduce((s, v) => s + v, 0) / values.length,
    median: sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2,
    values,
  };
}

/** The RMS pixel distance between consecutive frames of a rendered path, and how even it is. */
export function stepDistances(
  images: Float32Array,
  frames: number,
): { steps: Float64Array; mean: number; cv: number } {
  const size = images.length / frames;
  const steps = new Float64Array(frames - 1);
  for (let k = 0; k < frames - 1; k++) {
    let s = 0;
    for (let p = 0; p < size; p++) s += (images[(k + 1) * size + p] - images[k * size + p]) ** 2;
    steps[k] = Math.sqrt(s / size);
  }
  const mean = steps.reduce((s, v) => s + v, 0) / steps.length;
  const variance = steps.reduce((s, v) => s + (v - mean) ** 2, 0) / steps.length;
  return { steps, mean, cv: mean > 0 ? Math.sqrt(variance) / mean : 0 };
}
