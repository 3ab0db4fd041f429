/** Exact metrics for the toy worlds (src/data/toy): the truth is known, so no feature network is needed. */
export { histogramDivergences, wasserstein1Samples, wasserstein1ToDensity } from './one-d.js';
export type { Binning, HistogramDivergences } from './one-d.js';
export { modeCoverage } from './mixture-2d.js';
export type { ModeCoverage, ModeCoverageOptions } from './mixture-2d.js';
export { quadraticError } from './quadratic.js';
export { toyMetrics } from './toy-metrics.js';
