/**
 * Toy worlds: low-dimensional distributions whose truth is known exactly, so that a GAN's output can be
 * scored with exact metrics (src/metrics/exact/) instead of a learned feature network.
 */
import type { Rng } from '../../util/rng.js';

/** A batch of n points in `dim` dimensions, row-major: point i is data[i·dim … i·dim + dim − 1]. */
export interface ToyBatch {
  data: Float32Array;
  dim: number;
}

/** A distribution that can be sampled reproducibly: the same rng state gives the same batch. */
export interface ToyDistribution {
  readonly name: string;
  readonly dim: number;
  /** n points drawn with `rng` (which advances, so successive calls give fresh batches). */
  sample(n: number, rng: Rng): ToyBatch;
}

/** A 1-D distribution with the closed forms the exact metrics integrate against. */
export interface Density1D {
  readonly mean: number;
  pdf(x: number): number;
  cdf(x: number): number;
  /** F⁻¹(p), p in (0, 1). */
  quantile(p: number): number;
  /** G(x) = ∫_{−∞}^{x} F(t) dt = E[(x − X)⁺], used for the exact Wasserstein-1 distance. */
  integratedCdf(x: number): number;
}

/** A 2-D mixture of isotropic Gaussians of one standard deviation, for mode-coverage metrics. */
export interface GaussianMixture2D {
  /** Mode centres (x, y). */
  readonly modes: ReadonlyArray<readonly [number, number]>;
  /** Standard deviation of every component, per coordinate. */
  readonly std: number;
}
