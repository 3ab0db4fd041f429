/**
 * Latent vector arithmetic (Radford et al. 2016, DCGAN §6.3; seed 003's "man with glasses − man +
 * woman"): the mean latent of each group of samples, a signed sum of those means, and its image. One
 * sample's latent is noisy; averaging over a group keeps what the group shares (a class, thick strokes).
 */
import { type Term, evaluateExpression } from './expression.js';
import { type GroupSpec, meanLatent, selectGroup } from './groups.js';
import { UsageError } from '../util/errors.js';
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

/**
 * The DCGAN paper's figure 7: `count` neighbours of a result latent `y`, each y plus noise drawn
 * uniformly from [−scale, scale] per coordinate (the paper: scale 0.25, 8 neighbours) — whether what the
 * arithmetic found is a region of the latent space or a single lucky point.
 */
export function jitteredNeighbours(y: Float32Array, count: number, scale: number, rng: Rng): Float32Array[] {
  if (!(Number.isInteger(count) && count >= 1))
    throw new UsageError(`the neighbour count must be a positive integer, got ${count}`);
  if (!(scale > 0 && Number.isFinite(scale)))
    throw new UsageError(`the neighbours' jitter must be a positive number, got ${scale}`);
  return Array.from({ length: count }, () => {
    const u = rng.uniform(y.length);
    return y.map((v, i) => v + scale * (2 * u[i] - 1));
  });
}

/**
 * The DCGAN paper's figure 8 (its "turn" vector): each of the `bases` ([n, dim] row-major) moved along
 * `direction` — row r is [b_r + α·direction for α in `alphas`]. The direction is an expression's value
 * on group means, e.g. thick7 − thin7, applied to samples outside the groups.
 */
export function directionWalk(
  bases: Float32Array,
  direction: Float32Array,
  alphas: number[],
): Float32Array[][] {
  const dim = direction.length;
  if (bases.length % dim !== 0)
    throw new Error(`directionWalk: ${bases.length} values are not rows of width ${dim}`);
  const rows: Float32Array[][] = [];
  for (let r = 0; r < bases.length / dim; r++) {
    const base = bases.subarray(r * dim, (r + 1) * dim);
    rows.push(alphas.map((a) => base.map((v, i) => v + a * direction[i])));
  }
  return rows;
}
