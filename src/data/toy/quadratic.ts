/**
 * Seed 004's quadratic distribution: pairs (x, x²) with x uniform on [low, high]. The data lie on a curve,
 * so a generator's error is measurable per sample as |y − x²| (metrics/exact/quadratic.ts).
 */
import type { Rng } from '../../util/rng.js';
import type { ToyBatch, ToyDistribution } from './types.js';

export interface QuadraticOptions {
  /** Lower end of x's range. Default −0.5 (the usual classroom version of this exercise). */
  low?: number;
  /** Upper end of x's range. Default 0.5. */
  high?: number;
}

export type Quadratic = ToyDistribution & { readonly low: number; readonly high: number };

/** Points (x, x²), x ∼ U[low, high]. */
export function quadratic(options: QuadraticOptions = {}): Quadratic {
  const { low = -0.5, high = 0.5 } = options;
  if (!(high > low)) throw new RangeError(`need low < high, got [${low}, ${high}]`);
  return {
    name: 'quadratic',
    dim: 2,
    low,
    high,
    sample(n: number, rng: Rng): ToyBatch {
      const u = rng.uniform(n);
      const data = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const x = Math.fround(low + (high - low) * u[i]);
        data[2 * i] = x;
        data[2 * i + 1] = x * x;
      }
      return { data, dim: 2 };
    },
  };
}
