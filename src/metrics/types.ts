/**
 * The contract between metrics, their registry and callers (`gankit metric`, `gankit eval`). Inputs
 * and outputs are plain arrays and records, as in torch-fidelity, so a metric can be checked against
 * an independent NumPy implementation on the same numbers.
 */
import type { FeatureMatrix } from './linalg/covariance.js';

export type { FeatureMatrix };

/** A metric's number, or the mean and (population) standard deviation over subsets/splits. */
export type MetricValue = number | { mean: number; std: number };

/** What a caller has to hand to {@link Metric.compute}; each metric says which ones it needs. */
export interface MetricInputs {
  /** Feature rows of real samples, [n, d]. */
  realFeatures?: FeatureMatrix;
  /** Feature rows of generated samples, [m, d]. */
  fakeFeatures?: FeatureMatrix;
  /** Class probabilities p(y|x) of generated samples, [m, classes]; rows sum to 1. */
  fakeProbabilities?: FeatureMatrix;
}

/** Every tunable of every metric; each metric reads the ones it documents and ignores the rest. */
export interface MetricOptions {
  /** KID: number of random subsets (default 100, as torch-fidelity). */
  subsets?: number;
  /** KID: rows per subset, drawn without replacement (default 1000, as torch-fidelity). */
  subsetSize?: number;
  /** IS: number of contiguous splits of the samples (default 10). */
  splits?: number;
  /** PR / DC: the k of the k-nearest-neighbour radii (defaults 3 for PR, 5 for DC). */
  k?: number;
  /** NDB: number of k-means bins fitted on the real features (default 100). */
  bins?: number;
  /** Seed of every random choice (KID subsets, NDB k-means initialisation); default 0. */
  seed?: number;
}

/** One metric, found by name in the registry. */
export interface Metric {
  /** Registry name (`fid`, `kid`, …). */
  readonly name: string;
  /** One line for help texts. */
  readonly summary: string;
  /** The inputs {@link compute} reads. */
  readonly needs: readonly (keyof MetricInputs)[];
  /** Computes the metric; the record's keys are the reported names (`pr` yields precision, recall). */
  compute(inputs: MetricInputs, options: MetricOptions): Record<string, MetricValue>;
}
