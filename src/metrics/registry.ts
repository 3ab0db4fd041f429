/**
 * Metrics by name (the layout of stylegan2-ada's `metric_main`): adding a metric is one file and
 * one line here. {@link computeMetrics} is the library entry point `gankit metric` and `gankit eval`
 * call.
 */
import { UsageError } from '../util/errors.js';
import { classCoverageMetric } from './classCoverage.js';
import { densityCoverageMetric } from './densityCoverage.js';
import { fidMetric } from './fid.js';
import { inceptionScoreMetric } from './inceptionScore.js';
import { kidMetric } from './kid.js';
import { ndbMetric } from './ndb.js';
import { precisionRecallMetric } from './precisionRecall.js';
import type { Metric, MetricInputs, MetricOptions, MetricValue } from './types.js';

export const metrics: Record<string, Metric> = {
  fid: fidMetric,
  kid: kidMetric,
  is: inceptionScoreMetric,
  pr: precisionRecallMetric,
  dc: densityCoverageMetric,
  ndb: ndbMetric,
  classes: classCoverageMetric,
};

/** The metric named `name`; an unknown name is a usage error listing the valid ones. */
export function getMetric(name: string): Metric {
  const metric = metrics[name];
  if (!metric) {
    throw new UsageError(`unknown metric '${name}'; valid metrics: ${Object.keys(metrics).join(', ')}`);
  }
  return metric;
}

/**
 * Computes the named metrics on the same inputs and merges their results, e.g.
 * `computeMetrics(['fid', 'pr'], { realFeatures, fakeFeatures })` →
 * `{ fid: 12.3, precision: 0.71, recall: 0.52 }`.
 */
export function computeMetrics(
  names: readonly string[],
  inputs: MetricInputs,
  options: MetricOptions = {},
): Record<string, MetricValue> {
  const out: Record<string, MetricValue> = {};
  for (const name of names) Object.assign(out, getMetric(name).compute(inputs, options));
  return out;
}
