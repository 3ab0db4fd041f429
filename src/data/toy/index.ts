/** Toy distributions by config name (`data: { toy: ring, options: {…} }`). Adding one: a file and a line. */
import { UsageError } from '../../util/errors.js';
import { gaussian1d } from './gaussian-1d.js';
import { grid, ring } from './mixture-2d.js';
import { quadratic } from './quadratic.js';
import type { ToyDistribution } from './types.js';

export type { Density1D, GaussianMixture2D, ToyBatch, ToyDistribution } from './types.js';

// Options are plain config data; each factory validates the values it reads.
export const toyDistributions: Record<string, (options: Record<string, number>) => ToyDistribution> = {
  'gaussian-1d': (o) => gaussian1d(o),
  quadratic: (o) => quadratic(o),
  ring: (o) => ring(o),
  grid: (o) => grid(o),
};

/** Builds the toy distribution named `name`; an unknown name is a usage error listing the valid ones. */
export function makeToy(name: string, options: Record<string, number> = {}): ToyDistribution {
  const factory = toyDistributions[name];
  if (!factory) {
    throw new UsageError(
      `unknown toy distribution '${name}'; valid: ${Object.keys(toyDistributions).join(', ')}`,
    );
  }
  return factory(options);
}
