/**
 * Seed 004's quadratic distribution: pairs (x, x²) with x uniform on [low, high]. The data lie on a curve,
 * so a generator's error is measurable per sample as |y − x²| (metrics/exact/quadratic.ts).
 */
import type { Rng } from '../../util/rng.js';
import type { Density1D, ToyBatch, ToyDistribution } from './types.js';

export interface QuadraticOptions {
  /** Lower end of x's range. Default −0.5 (the usual classroom version of this exercise). */
  low?: number;
  /** Upper end of x's range. Default 0.5. */
  high?: number;
}

export type Quadratic = ToyDistribution & {
  readonly low: number;
  readonly high: number;
  /** The law of x, U[low, high]: a generator must also cover the range, not only stay on the curve. */
  readonly xMarginal: Density1D;
};

/** U[a, b] with its closed forms; G(x) = ∫_{−∞}^x F is (x − a)²/(2(b − a)) on [a, b], x − (a + b)/2 above. */
export function uniformDensity(a: number, b: number): Density1D {
  const w = b - a;
  return {
    mean: (a + b) / 2,
    pdf: (x) => (x >= a && x <= b ? 1 / w : 0),
    cdf: (x) => Math.min(1, Math.max(0, (x - a) / w)),
    quantile: (p) => a + p * w,
    integratedCdf: (x) => (x <= a ? 0 : x >= b ? x - (a + b) / 2 : (x - a) ** 2 / (2 * w)),
  };
}

/** Points (x, x²), x ∼ U[low, high]. */
export function quadratic(options: QuadraticOptions = {}): Quadratic {
  const { low = -0.5, high = 0.5 } = options;
  if (!(high > low)) throw new RangeError(`need low < high, got [${low}, ${high}]`);
  return {
    name: 'quadratic',
    dim: 2,
    low,
    high,
    xMarginal: uniformDensity(low, high),
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
