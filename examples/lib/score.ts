/**
 * How the image examples show that they learned: the shipped classifier of the dataset scores 1,000
 * samples (FID in its feature space against the test set, its Inception Score, how many of the 10 classes
 * it sees), next to the same figures for the generator before training — numbers an untrained model fails.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { Evaluator, type GanConfig, type GeneratorHandle } from '../../src/index.js';

export interface ImageScore {
  fid: number;
  is: number;
  classes: number;
}

/** Scores generators of one dataset (the config's `data`): real features are computed once. */
export class ImageScorer {
  private constructor(private readonly evaluator: Evaluator) {}

  static async create(config: GanConfig, n = 1000): Promise<ImageScorer> {
    return new ImageScorer(await Evaluator.create(config, { n, metrics: ['fid', 'is', 'classes'] }));
  }

  async score(g: GeneratorHandle): Promise<ImageScore> {
    const m = await this.evaluator.evaluate(g);
    return { fid: m.fid, is: m.is_mean, classes: m.modes };
  }
}

/** `FID 123.4, IS 5.67, 10/10 classes` */
export function formatScore(s: ImageScore): string {
  return `FID ${s.fid.toFixed(1)}, IS ${s.is.toFixed(2)}, ${s.classes}/10 classes`;
}

/** A generator handle for a plain tfjs-layers model fed with N(0, 1) noise. */
export function handleOf(model: tfl.LayersModel, latentDim: number, numClasses?: number): GeneratorHandle {
  return { model, latentDim, numClasses };
}
