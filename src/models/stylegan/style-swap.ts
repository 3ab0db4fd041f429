/**
 * What swapping styles changes, measured (the claim of Karras et al. 2019, §3.1 and figure 3: coarse
 * styles carry layout — pose, shape — and fine styles carry colour and micro-structure). For pairs of
 * latents (a, b) and a crossover layer k, with x_a = g(w_a):
 *
 * - fine swap: g(a's styles below k, b's from k on) — a's coarse styles, b's fine ones;
 * - coarse swap: g(b's styles below k, a's from k on).
 *
 * Each swapped image is compared with x_a by two statistics (fixed noise throughout, so only the styles
 * differ):
 * - colour change: the Euclidean distance between the images' mean RGB colours (in the run's pixel
 *   units);
 * - layout change: 1 − the Pearson correlation of the two images' structure maps, a structure map being
 *   the grey image box-downsampled to 8×8 and centred (its own mean colour removed, so a global colour
 *   shift does not move it).
 *
 * The paper's claim in these terms: relative to the coarse swap, the fine swap moves colour more than
 * layout — colour(fine)/colour(coarse) > layout(fine)/layout(coarse).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { StyleParts } from './generator.js';
import { synthesize, stylesOf } from './sampling.js';
import { mixStyles } from './styles.js';

/** Mean colour and layout change of one kind of swap, averaged over the pairs. */
export interface SwapEffect {
  colour: number;
  layout: number;
}

/** Per-image mean colour, [N, C]. */
function meanColour(x: tf.Tensor4D): tf.Tensor2D {
  return tf.mean(x, [1, 2]) as tf.Tensor2D;
}

/** Per-image centred 8×8 grey structure map, flattened: [N, 64]. */
function structure(x: tf.Tensor4D): tf.Tensor2D {
  const [n, h] = x.shape;
  const grey = tf.mean(x, 3, true) as tf.Tensor4D;
  const small = h > 8 ? tf.avgPool(grey, h / 8, h / 8, 'valid') : grey;
  const flat = tf.reshape(small, [n, -1]) as tf.Tensor2D;
  return tf.sub(flat, tf.mean(flat, 1, true)) as tf.Tensor2D;
}

/** Colour and layout change of each image of `x` against the same row of `ref`, averaged. */
export function imageChange(x: tf.Tensor4D, ref: tf.Tensor4D): SwapEffect {
  return tf.tidy(() => {
    const colour = tf.mean(tf.norm(tf.sub(meanColour(x), meanColour(ref)), 'euclidean', 1));
    const [s, r] = [structure(x), structure(ref)];
    const dot = tf.sum(tf.mul(s, r), 1);
    const norms = tf.mul(tf.norm(s, 'euclidean', 1), tf.norm(r, 'euclidean', 1));
    const corr = tf.div(dot, tf.maximum(norms, 1e-12));
    return { colour: colour.dataSync()[0], layout: tf.mean(tf.sub(1, corr)).dataSync()[0] };
  });
}

/** The effects of the fine and the coarse swap for latents `a` and `b` ([N, latentDim] each). */
export function styleSwapEffects(
  parts: StyleParts,
  a: tf.Tensor2D,
  b: tf.Tensor2D,
  crossover: number,
): { fine: SwapEffect; coarse: SwapEffect } {
  const images = tf.tidy(() => {
    const wa = stylesOf(parts, a);
    const wb = stylesOf(parts, b);
    return [
      synthesize(parts, wa, false),
      synthesize(parts, mixStyles(wa, wb, crossover), false),
      synthesize(parts, mixStyles(wb, wa, crossover), false),
    ];
  });
  const [xa, fine, coarse] = images;
  const effects = { fine: imageChange(fine, xa), coarse: imageChange(coarse, xa) };
  tf.dispose(images);
  return effects;
}
