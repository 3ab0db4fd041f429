/**
 * The 2-D mixtures used to study mode collapse (Metz et al. 2017 unrolled GAN; VEEGAN, PacGAN and
 * PyTorch-StudioGAN's toy experiments): a ring of 8 Gaussians and a 5×5 grid of Gaussians, each component
 * equally likely, all with one small standard deviation.
 */
import type { Rng } from '../../util/rng.js';
import type { GaussianMixture2D, ToyBatch, ToyDistribution } from './types.js';

export type Mixture2D = ToyDistribution & GaussianMixture2D;

/** An equally weighted mixture of isotropic Gaussians N(modeₖ, std²·I). */
export function gaussianMixture2d(
  name: string,
  modes: ReadonlyArray<readonly [number, number]>,
  std: number,
): Mixture2D {
  if (!(std > 0) || modes.length === 0) throw new RangeError('a mixture needs modes and std > 0');
  return {
    name,
    dim: 2,
    modes,
    std,
    sample(n: number, rng: Rng): ToyBatch {
      // One uniform per point picks its component, then two normals per point offset it.
      const pick = rng.uniform(n);
      const noise = rng.normal(2 * n);
      const data = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const [mx, my] = modes[Math.min(modes.length - 1, Math.floor(pick[i] * modes.length))];
        data[2 * i] = mx + std * noise[2 * i];
        data[2 * i + 1] = my + std * noise[2 * i + 1];
      }
      return { data, dim: 2 };
    },
  };
}

export interface RingOptions {
  /** Number of components. Default 8. */
  modes?: number;
  /** Radius of the ring. Default 2. */
  radius?: number;
  /** Standard deviation of each component. Default 0.02. */
  std?: number;
}

/** Components at radius·(cos 2πk/K, sin 2πk/K), k = 0…K−1 (default: 8 modes, radius 2, σ = 0.02). */
export function ring(options: RingOptions = {}): Mixture2D {
  const { modes = 8, radius = 2, std = 0.02 } = options;
  const centres = Array.from(
    { length: modes },
    (_, k) =>
      [radius * Math.cos((2 * Math.PI * k) / modes), radius * Math.sin((2 * Math.PI * k) / modes)] as const,
  );
  return gaussianMixture2d('ring', centres, std);
}

export interface GridOptions {
  /** Components per side. Default 5. */
  size?: number;
  /** Distance between neighbouring centres. Default 2 (centres at −4, −2, 0, 2, 4). */
  spacing?: number;
  /** Standard deviation of each component. Default 0.02. */
  std?: number;
}

/** A size×size grid of components centred on the origin (default 5×5, spacing 2, σ = 0.02). */
export function grid(options: GridOptions = {}): Mixture2D {
  const { size = 5, spacing = 2, std = 0.02 } = options;
  const offset = ((size - 1) * spacing) / 2;
  const centres: [number, number][] = [];
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) centres.push([i * spacing - offset, j * spacing - offset]);
  }
  return gaussianMixture2d('grid', centres, std);
}
