/**
 * Drawing from a trained StyleGAN generator beyond plain sampling: the truncation trick in W and the
 * style-mixing grid of the paper's figure 3 (Karras et al. 2019), on the parts of a composite generator
 * ({@link StyleParts}).
 */
import * as tf from '@tensorflow/tfjs-core';
import { withNoiseMode } from '../../nn/noise-injection.js';
import { forward } from '../forward.js';
import type { StyleParts } from './generator.js';
import { broadcastStyles, mixStyles, truncateStyles } from './styles.js';

export interface StyleSampleOptions {
  /** Truncation ψ in [0, 1] (1: none). */
  psi?: number;
  /** Layers below this index are truncated (default every layer). */
  cutoff?: number;
  /** Fresh noise per sample (default) or the stored fixed noise images. */
  randomizeNoise?: boolean;
}

/** Per-layer styles of latents `z` ([N, latentDim]), truncated towards w̄. */
export function stylesOf(parts: StyleParts, z: tf.Tensor2D, psi = 1, cutoff?: number): tf.Tensor3D {
  return tf.tidy(() => {
    const w = forward(parts.mapping, z, { training: false }) as tf.Tensor2D;
    const ws = broadcastStyles(w, parts.numLayers);
    return truncateStyles(ws, parts.broadcast.wAverage as tf.Tensor as tf.Tensor1D, psi, cutoff);
  });
}

/** Images of per-layer styles `ws` ([N, L, D]). */
export function synthesize(parts: StyleParts, ws: tf.Tensor3D, randomizeNoise = true): tf.Tensor4D {
  return withNoiseMode(
    parts.synthesis,
    randomizeNoise,
    () => forward(parts.synthesis, ws, { training: false }) as tf.Tensor4D,
  );
}

/** Images of latents `z` with the truncation trick. */
export function sampleStyled(
  parts: StyleParts,
  z: tf.Tensor2D,
  options: StyleSampleOptions = {},
): tf.Tensor4D {
  return tf.tidy(() =>
    synthesize(parts, stylesOf(parts, z, options.psi, options.cutoff), options.randomizeNoise ?? true),
  );
}

/**
 * The style-mixing grid, (R + 1) × (C + 1) images row-major: the top row shows the C column sources,
 * the left column the R row sources (the corner is left blank, `blank` in every pixel), and cell (r, c)
 * takes the coarse styles (layers below `crossover`) of row source r and the fine ones of column
 * source c. Fixed noise throughout, so that only the styles differ.
 */
export function mixingGrid(
  parts: StyleParts,
  rows: tf.Tensor2D,
  columns: tf.Tensor2D,
  crossover: number,
  options: { psi?: number; cutoff?: number; blank: number },
): { images: Float32Array; count: number; columns: number } {
  const out = tf.tidy(() => {
    const r = rows.shape[0];
    const c = columns.shape[0];
    const wr = stylesOf(parts, rows, options.psi, options.cutoff);
    const wc = stylesOf(parts, columns, options.psi, options.cutoff);
    const [, l, d] = wr.shape;
    // Every (row, column) pair: row styles repeated along columns, column styles tiled along rows.
    const coarse = tf.reshape(tf.tile(tf.expandDims(wr, 1), [1, c, 1, 1]), [r * c, l, d]) as tf.Tensor3D;
    const fine = tf.tile(wc, [r, 1, 1]) as tf.Tensor3D;
    const cells = synthesize(parts, mixStyles(coarse, fine, crossover), false);
    const top = synthesize(parts, wc, false);
    const left = synthesize(parts, wr, false);
    const [, h, w, ch] = cells.shape;
    const corner = tf.fill([1, h, w, ch], options.blank);
    const body = tf.reshape(cells, [r, c, h, w, ch]);
    const withLeft = tf.concat([tf.expandDims(left, 1), body], 1); // [r, c + 1, …]
    const header = tf.expandDims(tf.concat([corner, top], 0), 0); // [1, c + 1, …]
    return tf.reshape(tf.concat([header, withLeft], 0), [(r + 1) * (c + 1), h, w, ch]);
  });
  const images = out.dataSync() as Float32Array;
  const count = out.shape[0];
  out.dispose();
  return { images, count, columns: columns.shape[0] + 1 };
}
