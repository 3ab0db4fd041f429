/**
 * Latent codes for the latent tools: the same z that `gankit sample --seed S` draws (row i of a draw of
 * n rows is row i of any longer draw with the same seed, so `--numbered` grids and the tools agree on
 * what "sample 17" is), optionally truncated.
 *
 * Truncation in z (Brock et al. 2019, BigGAN): every coordinate with |z_j| > t is redrawn until it falls
 * inside [−t, t] — samples from the high-density core, trading diversity for quality. Style-based
 * generators truncate in w instead (towards the mean w; {@link truncateTowardsMean}).
 */
import { STREAMS } from '../train/streams.js';
import type { GeneratorHandle } from './render.js';
import { UsageError } from '../util/errors.js';
import { Rng } from '../util/rng.js';

/** `n` latent rows of width `dim` from `rng`; with `truncation` t every |z_j| > t is redrawn. */
export function drawLatents(rng: Rng, n: number, dim: number, truncation?: number): Float32Array {
  const z = rng.normal(n * dim);
  if (truncation === undefined || !Number.isFinite(truncation)) return z;
  checkThreshold(truncation);
  // The redraws come from a stream of their own, so the coordinates that were inside stay the same
  // whatever the threshold.
  const redraw = rng.fork(STREAMS.truncation);
  const spare = new Float32Array(4);
  for (let i = 0; i < z.length; i++) {
    while (Math.abs(z[i]) > truncation) z[i] = redraw.normal(4, spare)[0];
  }
  return z;
}

/** The z of `gankit sample --seed seed`: rows 0…n−1 of that command's noise. */
export function sampleLatents(seed: number, n: number, dim: number, truncation?: number): Float32Array {
  return drawLatents(new Rng(seed, STREAMS.sampleCommand), n, dim, truncation);
}

/** The width of the z a handle's codes come from. */
export function zWidth(g: GeneratorHandle): number {
  return g.fromZ?.zDim ?? g.latentDim;
}

/** The codes of z rows in the handle's space (z itself unless the handle is on W). */
export function codesOf(g: GeneratorHandle, z: Float32Array): Float32Array {
  return g.fromZ ? g.fromZ.codes(z) : z;
}

/** `n` random codes of the handle's space: the codes of `n` N(0, I) rows drawn from `rng`. */
export function drawCodes(g: GeneratorHandle, rng: Rng, n: number): Float32Array {
  return codesOf(g, drawLatents(rng, n, zWidth(g)));
}

/** The codes of `gankit sample --seed seed`'s samples 0…n−1 in the handle's space. */
export function sampleCodes(g: GeneratorHandle, seed: number, n: number): Float32Array {
  return codesOf(g, sampleLatents(seed, n, zWidth(g)));
}

/** A z-truncation threshold must leave room to sample: t > 0 (below ~0.05 redraws take long). */
export function checkThreshold(t: number): void {
  if (!(t >= 0.05)) {
    throw new UsageError(
      `the z truncation threshold must be a number >= 0.05 (resampling |z| > t; 0.5–2 is usual), got ${t}`,
    );
  }
}

/**
 * The truncation trick in w (Karras et al. 2019, StyleGAN): w' = w̄ + ψ·(w − w̄) for each row of `w`
 * ([n, dim], row-major): ψ = 1 is the identity, ψ = 0 the mean latent w̄ for every row.
 */
export function truncateTowardsMean(w: Float32Array, mean: Float32Array, psi: number): Float32Array {
  if (!(psi >= 0 && psi <= 1)) throw new UsageError(`the truncation ψ must be in [0, 1], got ${psi}`);
  const dim = mean.length;
  if (w.length % dim !== 0) {
    throw new Error(`truncateTowardsMean: ${w.length} values are not rows of the mean's width ${dim}`);
  }
  return Float32Array.from(w, (v, i) => mean[i % dim] + psi * (v - mean[i % dim]));
}
