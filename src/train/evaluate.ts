/**
 * Evaluation of a generator against its run's data: generated and real images go through one feature
 * extractor (the dataset's shipped classifier, or a user tfjs model) and the metric registry; toy worlds
 * use their exact metrics instead. Real features are computed once per evaluator and reused.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type { GanConfig } from '../config/types.js';
import { type ImageDataset, gatherScaled } from '../data/dataset.js';
import { loadDataset } from '../data/registry.js';
import { makeToy } from '../data/toy/index.js';
import { type GeneratorHandle, renderLatents, sampleLabels } from '../latent/render.js';
import { codesOf, drawLatents, zWidth } from '../latent/sampling.js';
import { toyMetrics } from '../metrics/exact/index.js';
import { FEATURE_LAYER } from '../metrics/extractors/classifier.js';
import { type LoadExtractorOptions, loadModelExtractor } from '../metrics/extractors/load.js';
import type { FeatureExtractor } from '../metrics/extractors/types.js';
import { labelAccuracy } from '../metrics/labelAccuracy.js';
import { computeMetrics } from '../metrics/registry.js';
import type { FeatureMatrix, MetricValue } from '../metrics/types.js';
import { UsageError } from '../util/errors.js';
import { Rng } from '../util/rng.js';
import { STREAMS } from './streams.js';

/** The package's models folder (dist/src/train → package root). */
export const MODELS_DIR = fileURLToPath(new URL('../../../models/', import.meta.url));

/**
 * The set whose shipped classifier scores a dataset's images: its own, or for translation data the set
 * its images come from (edges2mnist's digits, sneaker2boot's Fashion-MNIST classes).
 */
const CLASSIFIED_AS: Record<string, 'mnist' | 'fashion-mnist' | 'emoji'> = {
  mnist: 'mnist',
  'fashion-mnist': 'fashion-mnist',
  emoji: 'emoji',
  edges2mnist: 'mnist',
  sneaker2boot: 'fashion-mnist',
  'fashion-footwear': 'fashion-mnist',
};

/** The model.json of the classifier gankit ships for a dataset name, if any. */
export function shippedClassifierPath(dataset: string): string | undefined {
  const name = CLASSIFIED_AS[dataset];
  if (!name) return undefined;
  const file = path.join(MODELS_DIR, `${name}-classifier`, 'model.json');
  return existsSync(file) ? file : undefined;
}

/** The classifier gankit ships for a run's dataset, if any. */
export function shippedExtractorPath(config: GanConfig): string | undefined {
  return shippedClassifierPath(config.data.dataset);
}

export interface EvaluatorOptions {
  /** Metric names (registry): default fid, kid, is, pr, classes for classifiers. */
  metrics?: string[];
  /** Samples per side. */
  n: number;
  /** A user extractor: a tfjs model.json (LayersModel or GraphModel) and the layer or node to read. */
  extractor?: UserExtractor;
  seed?: number;
  /** Truncate z at this threshold when drawing the samples (see src/latent/sampling.ts). */
  truncation?: number;
}

export type { GeneratorHandle } from '../latent/render.js';

/** A user's feature extractor: the model.json path and how to read it (see {@link loadModelExtractor}). */
export interface UserExtractor extends Pick<LoadExtractorOptions, 'layer' | 'inputRange' | 'inputSize'> {
  path: string;
}

const STREAM = STREAMS.evaluation;

/**
 * Generates `n` samples (row-major floats) from the evaluation stream of `seed`, z truncated at
 * `truncation` when given; conditional models get labels cycling 0, 1, …, K−1, returned alongside.
 */
export function generateSamples(
  g: GeneratorHandle,
  n: number,
  seed: number,
  truncation?: number,
): { data: Float32Array; shape: number[]; labels?: Int32Array } {
  // On a handle on StyleGAN's W (its ψ-truncated codes, src/latent/space.ts), z's codes in W.
  const z = codesOf(g, drawLatents(new Rng(seed, STREAM), n, zWidth(g), truncation));
  const labels = sampleLabels(g, n);
  return { ...renderLatents(g, z, labels), labels };
}

/** The extractor for a run: the user's tfjs model (either format) or the dataset's shipped classifier. */
export async function loadRunExtractor(config: GanConfig, user?: UserExtractor): Promise<FeatureExtractor> {
  if (user) {
    const { path: file, ...options } = user;
    return loadModelExtractor(file, options);
  }
  const file = shippedExtractorPath(config);
  if (!file) {
    throw new UsageError(
      `no feature extractor for dataset '${config.data.dataset}': pass --extractor MODEL.json --layer NAME (a tfjs LayersModel or GraphModel, e.g. an Inception-v3 converted to tfjs)`,
    );
  }
  return loadShippedClassifier(file);
}

/** Loads a shipped classifier's model.json as a feature extractor (its penultimate layer). */
export function loadShippedClassifier(file: string): Promise<FeatureExtractor> {
  return loadModelExtractor(file, { layer: FEATURE_LAYER });
}

/**
 * Turns `n` images (floats in the run's pixel `range`) into an extractor's input shape and value range:
 * channels averaged or repeated, sizes that are integer multiples of the input average-pooled, others
 * resized bilinearly.
 */
export function extractorInput(
  ex: Pick<FeatureExtractor, 'inputShape' | 'inputRange'>,
  range: GanConfig['data']['range'],
  data: Float32Array,
  n: number,
  shape: number[],
): tf.Tensor4D {
  return tf.tidy(() => toExtractorInput(ex, range, tf.tensor4d(data, [n, shape[0], shape[1], shape[2]])));
}

/**
 * The same mapping on a tensor, differentiably (rescale to the extractor's range, match its channels,
 * resize bilinearly): what a loss through the extractor needs.
 */
export function toExtractorInput(
  ex: Pick<FeatureExtractor, 'inputShape' | 'inputRange'>,
  range: GanConfig['data']['range'],
  images: tf.Tensor4D,
): tf.Tensor4D {
  const [lo, hi] = ex.inputRange;
  const [srcLo, srcHi] = range === '0,1' ? [0, 1] : [-1, 1];
  return tf.tidy(() => {
    let x = tf.add(tf.mul(tf.sub(images, srcLo), (hi - lo) / (srcHi - srcLo)), lo) as tf.Tensor4D;
    const [h, w, c] = ex.inputShape;
    const [, ih, iw, ic] = images.shape;
    if (ic !== c) x = (c === 1 ? tf.mean(x, 3, true) : tf.tile(x, [1, 1, 1, c])) as tf.Tensor4D;
    if (ih !== h || iw !== w) {
      // An integer reduction averages each block (as the datasets are downscaled: 64×64 emoji runs reach
      // the 32×32 emoji classifier as the 32×32 dataset would); any other size is resized bilinearly.
      const fy = ih / h;
      const fx = iw / w;
      x =
        Number.isInteger(fy) && Number.isInteger(fx)
          ? tf.avgPool(x, [fy, fx], [fy, fx], 'valid')
          : tf.image.resizeBilinear(x, [h, w]);
    }
    return x;
  });
}

/** Evaluates generators of one run configuration. */
export class Evaluator {
  private realFeatures?: FeatureMatrix;

  private constructor(
    readonly config: GanConfig,
    readonly options: EvaluatorOptions,
    readonly extractor?: FeatureExtractor,
    private readonly real?: ImageDataset,
  ) {}

  /** Prepares the extractor and real data; a dataset without a shipped classifier needs `options.extractor`. */
  static async create(config: GanConfig, options: EvaluatorOptions): Promise<Evaluator> {
    if (config.data.dataset === 'toy') return new Evaluator(config, options);
    const extractor = await loadRunExtractor(config, options.extractor);
    // Real images come from the test split when there is one: the generator never saw them.
    const data = {
      ...config.data,
      split: config.data.dataset === 'path' ? config.data.split : 'test',
    } as const;
    const { limit: _, ...unlimited } = data;
    return new Evaluator(config, options, extractor, loadDataset(unlimited));
  }

  private async features(data: Float32Array, n: number, shape: number[], withProbabilities: boolean) {
    const x = extractorInput(this.extractor!, this.config.data.range, data, n, shape);
    try {
      const features = await this.extractor!.features(x);
      const probabilities =
        withProbabilities && this.extractor!.probabilities
          ? await this.extractor!.probabilities(x)
          : undefined;
      return { features, probabilities };
    } finally {
      x.dispose();
    }
  }

  /** Metric values of `g` (flattened: `kid` → `kid_mean`, `kid_std`). */
  async evaluate(g: GeneratorHandle): Promise<Record<string, number>> {
    const seed = this.options.seed ?? 0;
    const fake = generateSamples(g, this.options.n, seed, this.options.truncation);
    if (!this.extractor) {
      const { name, ...opts } = this.config.data.toy!;
      return toyMetrics(makeToy(name, opts as Record<string, number>), fake.data);
    }
    const names = this.options.metrics ?? ['fid', 'kid', 'is', 'pr', 'classes'];
    if (!this.realFeatures) {
      const ds = this.real!;
      const n = Math.min(this.options.n, ds.n);
      const idx = new Rng(seed, STREAM + 1).permutation(ds.n).subarray(0, n);
      this.realFeatures = (
        await this.features(gatherScaled(ds, idx, this.config.data.range), n, ds.shape, false)
      ).features;
    }
    // Conditional generators are also scored on obeying their labels, which needs the class probabilities.
    const wantsProbabilities = fake.labels !== undefined || names.some((m) => m === 'is' || m === 'classes');
    const f = await this.features(fake.data, this.options.n, fake.shape, wantsProbabilities);
    const kidSize = Math.min(1000, this.options.n, this.realFeatures.rows);
    const values = computeMetrics(
      names,
      { realFeatures: this.realFeatures, fakeFeatures: f.features, fakeProbabilities: f.probabilities },
      { seed, subsetSize: kidSize },
    );
    const p = f.probabilities;
    const obeys = fake.labels && p && p.cols === g.numClasses ? labelAccuracy(p, fake.labels) : {};
    return { ...flatten(values), ...obeys };
  }
}

function flatten(values: Record<string, MetricValue>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(values)) {
    if (typeof v === 'number') out[k] = v;
    else {
      out[`${k}_mean`] = v.mean;
      out[`${k}_std`] = v.std;
    }
  }
  return out;
}
