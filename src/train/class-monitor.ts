/**
 * The collapse monitor's class-histogram signal (seed 001) for labelled data sets: a classifier labels
 * the fixed-noise samples, and a generator whose samples fall into fewer than `minClasses` classes is
 * collapsing onto a few modes even when its pixel diversity still looks healthy (e.g. many styles of
 * one digit).
 */
import type { GanConfig } from '../config/types.js';
import { classCoverage } from '../metrics/classCoverage.js';
import type { FeatureExtractor } from '../metrics/extractors/types.js';
import { UsageError } from '../util/errors.js';
import { extractorInput, loadRunExtractor } from './evaluate.js';

/** Classes covered by a set of samples and the JSD of their class histogram to uniform. */
export interface ClassHistogram {
  modes: number;
  class_jsd: number;
}

/** Classifies generated samples for the monitor. */
export class ClassHistogramCheck {
  private constructor(
    private readonly config: GanConfig,
    private readonly extractor: FeatureExtractor,
  ) {}

  /** Loads the dataset's shipped classifier; `classes` is the data source's class count. */
  static async create(config: GanConfig, classes: number | undefined): Promise<ClassHistogramCheck> {
    const min = config.monitor?.minClasses;
    if (!classes) {
      throw new UsageError(
        `config: 'monitor.minClasses' needs a labelled dataset; '${config.data.dataset}' has no labels (remove minClasses)`,
      );
    }
    if (min !== undefined && min > classes) {
      throw new UsageError(
        `config: 'monitor.minClasses' is ${min} but the dataset has only ${classes} classes`,
      );
    }
    const extractor = await loadRunExtractor(config);
    if (!extractor.probabilities) {
      throw new UsageError(`the feature extractor ${extractor.name} gives no class probabilities`);
    }
    return new ClassHistogramCheck(config, extractor);
  }

  /** The class histogram of `n` samples (floats in the run's pixel range, shape `config.data.shape`). */
  async histogram(samples: Float32Array, n: number): Promise<ClassHistogram> {
    const x = extractorInput(this.extractor, this.config.data.range, samples, n, this.config.data.shape);
    try {
      const { modes, class_jsd } = classCoverage(await this.extractor.probabilities!(x));
      return { modes, class_jsd };
    } finally {
      x.dispose();
    }
  }
}
