/**
 * What StyleGAN does between the mapping network and the synthesis network (Karras et al. 2019, §3.1,
 * §3.3 and the official `G_style`), on per-layer styles `ws` of shape [N, L, D] (one w per synthesis
 * layer, L = 2·log2(resolution) − 2):
 *
 * - style mixing: layers below a crossover take the styles of one latent, the rest those of another;
 *   as a regulariser the crossover is drawn once per batch, uniformly from 1 … L − 1 with probability p
 *   (0.9), else L (no mixing);
 * - truncation in W: w' = w̄ + ψ·(w − w̄) for the layers below `cutoff`, w̄ the tracked mean w; ψ = 1
 *   changes nothing, ψ = 0 gives every latent the mean style;
 * - the tracked mean: w̄ ← β·w̄ + (1 − β)·mean of the batch's w (β = 0.995), updated whenever the
 *   generator runs in training.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../util/rng.js';

/** [N, D] → [N, L, D]: the same w for every layer. */
export function broadcastStyles(w: tf.Tensor2D, numLayers: number): tf.Tensor3D {
  return tf.tidy(() => tf.tile(tf.expandDims(w, 1), [1, numLayers, 1]) as tf.Tensor3D);
}

/** Per-layer weights [1, L, 1]: 1 for layers below `crossover`, else 0. */
function layerMask(numLayers: number, below: number): tf.Tensor3D {
  return tf.tensor3d(
    Float32Array.from({ length: numLayers }, (_, i) => (i < below ? 1 : 0)),
    [1, numLayers, 1],
  );
}

/**
 * Styles of `first` for layers 0 … crossover − 1 and of `second` from layer `crossover` on: the coarse
 * (low-resolution) layers come first, so a small crossover keeps only `first`'s coarse styles.
 */
export function mixStyles(first: tf.Tensor3D, second: tf.Tensor3D, crossover: number): tf.Tensor3D {
  const numLayers = first.shape[1];
  if (!(Number.isInteger(crossover) && crossover >= 0 && crossover <= numLayers))
    throw new RangeError(`style crossover must be an integer in [0, ${numLayers}], got ${crossover}`);
  return tf.tidy(() => {
    const m = layerMask(numLayers, crossover);
    return tf.add(tf.mul(first, m), tf.mul(second, tf.sub(1, m))) as tf.Tensor3D;
  });
}

/**
 * The crossover of one batch of the mixing regulariser: with probability `probability` uniform in
 * 1 … L − 1 (both latents contribute), else L (no mixing). Always draws two numbers, so the stream
 * advances the same way whatever the outcome.
 */
export function drawCrossover(rng: Rng, numLayers: number, probability: number): number {
  const u = rng.uniform(1)[0];
  const layer = 1 + rng.int(Math.max(1, numLayers - 1));
  return numLayers > 1 && u < probability ? layer : numLayers;
}

/** The truncation trick: w̄ + ψ·(w − w̄) for the layers below `cutoff` (default all), in W. */
export function truncateStyles(
  ws: tf.Tensor3D,
  wAverage: tf.Tensor1D,
  psi: number,
  cutoff: number = ws.shape[1],
): tf.Tensor3D {
  if (!(psi >= 0 && psi <= 1)) throw new RangeError(`truncation ψ must be in [0, 1], got ${psi}`);
  if (psi === 1) return tf.clone(ws);
  return tf.tidy(() => {
    const avg = tf.reshape(wAverage, [1, 1, -1]);
    const truncated = tf.add(avg, tf.mul(tf.sub(ws, avg), psi)) as tf.Tensor3D;
    // Truncated styles below the cutoff, the untouched ones (exactly) from it on.
    return mixStyles(truncated, ws, Math.min(cutoff, ws.shape[1]));
  });
}

/** The tracked mean's update: β·w̄ + (1 − β)·mean over the batch of `w` ([N, D]). */
export function updatedAverage(wAverage: tf.Tensor1D, w: tf.Tensor2D, beta: number): tf.Tensor1D {
  return tf.tidy(() => tf.add(tf.mul(wAverage, beta), tf.mul(tf.mean(w, 0), 1 - beta)) as tf.Tensor1D);
}
