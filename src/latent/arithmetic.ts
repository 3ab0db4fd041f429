/**
 * Latent vector arithmetic (Radford et al. 2016, DCGAN §6.3; seed 003's "man with glasses − man +
 * woman"): the mean latent of each group of samples, a signed sum of those means, and its image. One
 * sample's latent is noisy; averaging over a group keeps what the group shares (a class, thick strokes).
 */
import { type Term, evaluateExpression } from './expression.js';
import { type GroupSpec, meanLatent, selectGroup } from './groups.js';
import type { Rng } from '../util/rng.js';

/** A group's members and mean latent. */
export interface ResolvedGroup {
  spec: GroupSpec;
  members: number[];
  mean: Float32Array;
}

/** The groups of `specs` over a pool of latents `z` ([pool, dim]) with the samples' classes and ink. */
export function resolveGroups(
  specs: GroupSpec[],
  z: Float32Array,
  dim: number,
  classes: Int32Array | undefined,
  ink: Float64Array,
): ResolvedGroup[] {
  const pool = z.length / dim;
  return specs.map((spec) => {
    const members = selectGroup(spec, pool, classes, ink);
    return { spec, members, mean: meanLatent(z, dim, members) };
  });
}

/** The expression's value on the groups' mean latents. */
export function arithmeticLatent(terms: Term[], groups: ResolvedGroup[]): Float32Array {
  return evaluateExpression(terms, Object.fromEntries(groups.map((g) => [g.spec.name, g.mean])));
}

/**
 * `rows` rows of latents, each [mean of every term's group…, result]: row 0 over the whole groups,
 * the others over random halves of them (seeded) — how much the result depends on which samples were
 * averaged.
 */
export function arithmeticRows(
  terms: Term[],
  groups: ResolvedGroup[],
  z: Float32Array,
  dim: number,
  rows: number,
  rng: Rng,
): Float32Array[][] {
  const out: Float32Array[][] = [];
  for (let r = 0; r < rows; r++) {
    const subsets = groups.map((g) => {
      if (r === 0 || g.members.length < 2) return g;
      const half = Array.from(rng.permutation(g.members.length).subarray(0, Math.ceil(g.members.length / 2)));
      return {
        ...g,
        mean: meanLatent(
          z,
          dim,
          half.map((k) => g.members[k]),
        ),
      };
    });
    const byName = Object.fromEntries(subsets.map((g) => [g.spec.name, g]));
    out.push([...terms.map((t) => byName[t.name].mean), arithmeticLatent(terms, subsets)]);
  }
  return out;
}
