/** The 1-D Gaussian N(μ, σ²): the simplest target, on which a GAN's W₁ distance is exact. */
import type { Rng } from '../../util/rng.js';
import { normalCdf, normalIntegratedCdf, normalPdf, normalQuantile } from './normal.js';
import type { Density1D, ToyBatch, ToyDistribution } from './types.js';

export interface Gaussian1DOptions {
  /** μ. Default 0. */
  mean?: number;
  /** σ > 0. Default 1. */
  std?: number;
}

export type Gaussian1D = ToyDistribution & Density1D & { readonly std: number };

/** N(μ, σ²) with its density, CDF, quantile and integrated CDF. */
export function gaussian1d(options: Gaussian1DOptions = {}): Gaussian1D {
  const { mean = 0, std = 1 } = options;
  if (!(std > 0) || !Number.isFinite(mean))
    throw new RangeError(`need finite mean and std > 0, got ${mean}, ${std}`);
  return {
    name: 'gaussian-1d',
    dim: 1,
    mean,
    std,
    sample(n: number, rng: Rng): ToyBatch {
      const data = rng.normal(n);
      for (let i = 0; i < n; i++) data[i] = mean + std * data[i];
      return { data, dim: 1 };
    },
    pdf: (x) => normalPdf((x - mean) / std) / std,
    cdf: (x) => normalCdf((x - mean) / std),
    quantile: (p) => mean + std * normalQuantile(p),
    // G(x) = σ·G_std((x − μ)/σ): substitute t = μ + σs in ∫ Φ((t − μ)/σ) dt.
    integratedCdf: (x) => std * normalIntegratedCdf((x - mean) / std),
  };
}
