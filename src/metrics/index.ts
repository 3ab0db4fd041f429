/**
 * The evaluation API (what `gankit eval` and `gankit metric` use):
 *
 * - {@link computeMetrics}(names, inputs, options) → `{ fid: 12.3, precision: 0.7, … }`, with
 *   {@link metrics} the registry (one file per metric) and {@link bootstrapMetric} for intervals;
 * - {@link gaussianStats} / {@link frechetDistance} to cache the real set's FID statistics once;
 * - {@link setMetricLinalg} / {@link describeMetricLinalg}: FID's and KID's float64 linear algebra on
 *   OpenBLAS (the optional linalg addon, default when built) or in JavaScript;
 * - feature extractors: {@link FeatureExtractor}, {@link loadModelExtractor} for a user tfjs model
 *   (LayersModel or GraphModel),
 *   {@link buildClassifier} / {@link trainClassifier} for the shipped feature networks (MNIST family, emoji).
 *
 * FID and KID are only comparable between numbers computed with the same extractor: values from a
 * non-Inception network are not comparable to published FIDs.
 */
export { bootstrapMetric, type BootstrapOptions, type Interval } from './bootstrap.js';
export {
  buildClassifier,
  type ClassifierSpec,
  DIGIT_CLASSIFIER,
  EMOJI_CLASSIFIER,
  FEATURE_LAYER,
  trainClassifier,
} from './extractors/classifier.js';
export { graphModelExtractor, type GraphExtractorOptions } from './extractors/graphModel.js';
export { layersModelExtractor, type LayersExtractorOptions } from './extractors/layersModel.js';
export {
  type LoadExtractorOptions,
  loadModelExtractor,
  type ModelFormat,
  modelFormat,
} from './extractors/load.js';
export type { FeatureExtractor, ModelExtractorOptions } from './extractors/types.js';
export { frechetDistance, type GaussianStats, gaussianStats } from './fid.js';
export { describeMetricLinalg, type LinalgChoice, setMetricLinalg } from './linalg/dispatch.js';
export { computeMetrics, getMetric, metrics } from './registry.js';
export type { FeatureMatrix, Metric, MetricInputs, MetricOptions, MetricValue } from './types.js';
