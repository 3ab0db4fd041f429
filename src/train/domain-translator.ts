/**
 * Using a trained multi-domain (StarGAN v2) model: a style for a target domain comes either from the
 * mapping network, s = F_y(z) with z ~ N(0, I) (latent-guided), or from the style encoder applied to a
 * reference image of that domain, s = E_y(x_ref) (reference-guided); the generator then translates,
 * G(x, s). The objective's sample pictures, `--eval-every`, `gankit eval` and `gankit translate` all go
 * through these functions, with the EMA copies of G, F and E when the run kept them.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { imageSize } from '../data/dataset.js';
import { forward } from '../models/forward.js';
import { pickDomain } from '../models/stargan-v2/index.js';
import type { ImageShape } from '../models/types.js';
import type { Visual } from './objective.js';

/** G, F and E of a multi-domain model, and what feeding them takes. */
export interface DomainTranslator {
  readonly generator: tfl.LayersModel;
  readonly mapping: tfl.LayersModel;
  readonly styleEncoder: tfl.LayersModel;
  readonly latentDim: number;
  readonly domains: readonly string[];
  readonly shape: ImageShape;
}

/** Images per forward pass (bounds activation memory at 64×64). */
const CHUNK = 32;

/** Styles F_y(z) of latent codes `z` ([n · latentDim]) for target domains `y`: [n, styleDim]. */
export function latentStyles(t: DomainTranslator, z: Float32Array, y: Int32Array): tf.Tensor2D {
  return tf.tidy(() => {
    const out = forward(t.mapping, tf.tensor2d(z, [y.length, t.latentDim])) as tf.Tensor;
    return pickDomain(out, y, t.domains.length);
  });
}

/** Styles E_y(x_ref) of reference images `refs` ([n, ...shape] flattened) for their domains `y`. */
export function referenceStyles(t: DomainTranslator, refs: Float32Array, y: Int32Array): tf.Tensor2D {
  return tf.tidy(() => {
    const out = forward(t.styleEncoder, tf.tensor4d(refs, [y.length, ...t.shape])) as tf.Tensor;
    return pickDomain(out, y, t.domains.length);
  });
}

/** G(x, s) of images `x` ([n, ...shape] flattened) under styles `s` ([n, styleDim]), in chunks. */
export function translateWithStyles(t: DomainTranslator, x: Float32Array, s: tf.Tensor2D): Float32Array {
  const n = s.shape[0];
  const size = imageSize(t.shape);
  const out = new Float32Array(n * size);
  for (let start = 0; start < n; start += CHUNK) {
    const k = Math.min(CHUNK, n - start);
    const y = tf.tidy(() => {
      const xs = tf.tensor4d(x.subarray(start * size, (start + k) * size), [k, ...t.shape]);
      return forward(t.generator, [xs, tf.slice(s, [start, 0], [k, -1])]) as tf.Tensor;
    });
    out.set(y.dataSync() as Float32Array, start * size);
    y.dispose();
  }
  return out;
}

/** `count` copies of one image, side by side. */
function repeat(image: Float32Array, count: number): Float32Array {
  const out = new Float32Array(image.length * count);
  for (let i = 0; i < count; i++) out.set(image, i * image.length);
  return out;
}

/**
 * The picture of inputs × target domains: a header row with one reference image per domain over the
 * reference-guided columns, then per input: the input | G(x, F_k(z_k)) for every domain k (one fixed z
 * per domain, so a column is one style) | G(x, E_k(ref_k)) for every domain k.
 * @param inputs `rows` images; @param references one per domain, in domain order;
 * @param z one latent code per domain.
 */
export function domainGrid(
  t: DomainTranslator,
  inputs: Float32Array,
  rows: number,
  references: Float32Array,
  z: Float32Array,
): Visual {
  const k = t.domains.length;
  const size = imageSize(t.shape);
  const columns = 1 + 2 * k;
  const images = new Float32Array((rows + 1) * columns * size).fill(1);
  images.set(references, (1 + k) * size);
  const everyDomain = Int32Array.from({ length: k }, (_, i) => i);
  const cells = (styles: tf.Tensor2D): Float32Array => {
    // Every input once per domain: input i, domain j at row i · k + j.
    const x = new Float32Array(rows * k * size);
    for (let i = 0; i < rows; i++) x.set(repeat(inputs.subarray(i * size, (i + 1) * size), k), i * k * size);
    const out = translateWithStyles(t, x, styles);
    styles.dispose();
    return out;
  };
  // One style per domain, the same for every row.
  const tiled = (s: tf.Tensor2D) => {
    const out = tf.tile(s, [rows, 1]) as tf.Tensor2D;
    s.dispose();
    return out;
  };
  const latent = cells(tiled(latentStyles(t, z, everyDomain)));
  const reference = cells(tiled(referenceStyles(t, references, everyDomain)));
  for (let i = 0; i < rows; i++) {
    const row = (i + 1) * columns;
    images.set(inputs.subarray(i * size, (i + 1) * size), row * size);
    images.set(latent.subarray(i * k * size, (i + 1) * k * size), (row + 1) * size);
    images.set(reference.subarray(i * k * size, (i + 1) * k * size), (row + 1 + k) * size);
  }
  return { kind: 'grid', images, count: (rows + 1) * columns, columns, shape: t.shape };
}
