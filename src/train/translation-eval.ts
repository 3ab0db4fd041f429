/**
 * Is a translator doing its job? Figures on held-out test images that an untrained or broken model
 * fails, as `gankit eval` reports them for pix2pix and CycleGAN runs:
 * - paired data: `l1` = E|G(a) − b| against the true target, next to two baselines a useless model
 *   reaches — `l1_input` (output the input itself) and `l1_mean` (output the mean training target);
 * - labelled data with a shipped classifier for domain B (MNIST, Fashion-MNIST): `label_accuracy` = the
 *   fraction of G(a) the classifier gives the class G(a) should have (the source digit's for
 *   edges → digits; domain B's class for sneaker → ankle boot), next to `label_accuracy_input` for the
 *   untranslated inputs; for a two-way model the same for B→A (`…_BA`, domain A's class).
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { GanConfig } from '../config/types.js';
import { imageSize } from '../data/dataset.js';
import { createTranslationSource } from '../data/translation/registry.js';
import { predictedClasses } from '../metrics/classCoverage.js';
import type { FeatureExtractor } from '../metrics/extractors/types.js';
import type { TranslationBatch } from '../data/translation/types.js';
import type { ImageShape } from '../models/types.js';
import { extractorInput, loadRunExtractor, shippedExtractorPath } from './evaluate.js';
import { translate, withChannels } from './objectives/translation.js';

/** Generators of a run by direction (B→A for CycleGAN). */
export interface Translators {
  AtoB: tfl.LayersModel;
  BtoA?: tfl.LayersModel;
}

/** Mean absolute difference of two equally long arrays. */
export function meanAbs(x: Float32Array, y: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.abs(x[i] - y[i]);
  return s / x.length;
}

/** The per-pixel mean of `n` images. */
function meanImage(images: Float32Array, size: number): Float32Array {
  const n = images.length / size;
  const out = new Float32Array(size);
  for (let i = 0; i < n; i++) for (let j = 0; j < size; j++) out[j] += images[i * size + j] / n;
  return out;
}

/** The label every image of a domain has (a one-class domain), or undefined. */
function soleLabel(labels: Int32Array | undefined): number | undefined {
  return labels && labels.length > 0 && labels.every((l) => l === labels[0]) ? labels[0] : undefined;
}

/** The fraction of `images` the classifier `ex` assigns the class `want` gives each. */
export async function classifierAccuracy(
  ex: FeatureExtractor,
  config: GanConfig,
  images: Float32Array,
  shape: ImageShape,
  want: Int32Array,
): Promise<number> {
  const x = extractorInput(ex, config.data.range, images, want.length, shape);
  const p = await ex.probabilities!(x);
  x.dispose();
  const predicted = predictedClasses(p);
  return want.reduce((hits, k, i) => hits + (predicted[i] === k ? 1 : 0), 0) / want.length;
}

/** What a run is scored against: `n` fixed test examples, their labels, and the mean training target. */
interface Reference {
  fixed: TranslationBatch;
  labels: { a?: Int32Array; b?: Int32Array };
  shapeA: ImageShape;
  shapeB: ImageShape;
  paired: boolean;
  meanTarget?: Float32Array;
}

/**
 * The last reference built, by (data config, seed, n): `--eval-every` scores the same examples at every
 * evaluation, so the test and training sets are loaded once per run, not once per evaluation.
 */
let cached: { key: string; reference: Reference } | undefined;

function referenceFor(config: GanConfig, n: number): Reference {
  const key = JSON.stringify([config.data, config.train.seed, n]);
  if (cached?.key === key) return cached.reference;
  const test = createTranslationSource(
    { ...config.data, split: 'test', limit: undefined },
    1,
    config.train.seed,
  );
  const reference: Reference = {
    fixed: test.fixed(n),
    labels: test.fixedLabels(n),
    shapeA: test.shapeA,
    shapeB: test.shapeB,
    paired: test.paired,
  };
  if (test.paired) {
    const train = createTranslationSource(config.data, 1, config.train.seed);
    reference.meanTarget = meanImage(train.fixed(n).b, imageSize(test.shapeB));
  }
  cached = { key, reference };
  return reference;
}

/**
 * Scores `translators` on `n` test examples of the run's data (`split: test`), with the baselines
 * above. Classifier figures appear when the dataset has a shipped classifier and labels.
 */
export async function evaluateTranslation(
  config: GanConfig,
  translators: Translators,
  n: number,
): Promise<Record<string, number>> {
  const { fixed, labels, shapeA: a, shapeB: b, paired, meanTarget } = referenceFor(config, n);
  const count = fixed.a.length / imageSize(a);
  const run = (model: tfl.LayersModel, x: Float32Array, shape: ImageShape) =>
    tf.tidy(() => translate(model, tf.tensor4d(x, [count, ...shape])));
  const ab = run(translators.AtoB, fixed.a, a);
  const ba = translators.BtoA ? run(translators.BtoA, fixed.b, b) : undefined;
  const out: Record<string, number> = { n: count };
  if (paired) {
    out.l1 = meanAbs(ab, fixed.b);
    out.l1_input = meanAbs(withChannels(fixed.a, a[2], b[2]), fixed.b);
    out.l1_mean = meanAbs(tiled(meanTarget!, count), fixed.b);
  }
  if (shippedExtractorPath(config) && (labels.a || labels.b)) {
    const ex = await loadRunExtractor(config);
    // What class G(a) should have: the source's own (paired) or domain B's only class (unpaired).
    const targetB = paired ? labels.a : constant(soleLabel(labels.b), count);
    if (targetB) {
      out.label_accuracy = await classifierAccuracy(ex, config, ab, b, targetB);
      out.label_accuracy_input = await classifierAccuracy(ex, config, fixed.a, a, targetB);
    }
    const targetA = constant(soleLabel(labels.a), count);
    if (ba && targetA && !paired) {
      out.label_accuracy_BA = await classifierAccuracy(ex, config, ba, a, targetA);
      out.label_accuracy_input_BA = await classifierAccuracy(ex, config, fixed.b, b, targetA);
    }
  }
  return out;
}

function tiled(image: Float32Array, n: number): Float32Array {
  const out = new Float32Array(image.length * n);
  for (let i = 0; i < n; i++) out.set(image, i * image.length);
  return out;
}

function constant(label: number | undefined, n: number): Int32Array | undefined {
  return label === undefined ? undefined : new Int32Array(n).fill(label);
}
