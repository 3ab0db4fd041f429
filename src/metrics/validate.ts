/** Input checks shared by the metrics, so every metric rejects bad inputs with the same wording. */
import { UsageError } from '../util/errors.js';
import { sharedFloat64 } from './linalg/parallel.js';
import type { FeatureMatrix, MetricInputs } from './types.js';

/** Returns `inputs` after checking that every input in `needs` is present and has ≥ 2 rows. */
export function requireInputs(
  metric: string,
  inputs: MetricInputs,
  needs: readonly (keyof MetricInputs)[],
): MetricInputs {
  for (const key of needs) {
    const m = inputs[key];
    if (!m) throw new UsageError(`${metric} needs ${key}`);
    if (m.rows < 2) throw new UsageError(`${metric} needs at least 2 rows of ${key}, got ${m.rows}`);
    if (m.data.length !== m.rows * m.cols) {
      throw new UsageError(`${metric}: ${key} has ${m.data.length} values, not ${m.rows}×${m.cols}`);
    }
    for (let i = 0; i < m.data.length; i++) {
      if (!Number.isFinite(m.data[i])) {
        throw new UsageError(
          `${metric}: ${key} has a non-finite value (${m.data[i]}) at row ${Math.floor(i / m.cols)}`,
        );
      }
    }
  }
  return inputs;
}

/** Real and fake features must live in the same space. */
export function requireSameWidth(metric: string, real: FeatureMatrix, fake: FeatureMatrix): void {
  if (real.cols !== fake.cols) {
    throw new UsageError(
      `${metric}: real features have ${real.cols} columns but fake features have ${fake.cols}; ` +
        'both must come from the same feature extractor',
    );
  }
}

/**
 * The matrix data in float64, the precision every metric computes in, in shared memory so that the
 * threaded products (`parallelGemmNT`) can hand it to workers without copying it again.
 */
export function toFloat64(m: FeatureMatrix): Float64Array {
  if (m.data instanceof Float64Array && m.data.buffer instanceof SharedArrayBuffer) return m.data;
  const out = sharedFloat64(m.data.length);
  out.set(m.data);
  return out;
}
