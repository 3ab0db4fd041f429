/**
 * ProGAN's growth schedule (Karras et al. 2018 §3; the official `TrainingSchedule`): training starts at
 * the first resolution, stabilises there for `stableImages` real images, then fades in the next
 * resolution's block over `fadeImages` images while α ramps linearly from 0 to 1, stabilises at it, and
 * so on until the last resolution, where it stays. Images are counted as the official code counts them:
 * one minibatch per discriminator step.
 *
 * A growth state is the pair (level, α): level k is the resolution 4·2^k, α the weight of its newest
 * block. During a fade of level k the networks blend level k's path (weight α) with level k − 1's
 * (weight 1 − α); α = 1 is the plain level-k network, α = 0 the plain level-(k − 1) one (the fade-in
 * tests check both ends exactly).
 */
import { UsageError } from '../../util/errors.js';

/** The growth schedule of a config (`model.growth`). */
export interface GrowthSchedule {
  /** Level of the first resolution (0 for 4×4, 1 for 8×8, …). */
  startLevel: number;
  /** Level of the final resolution (the image size): 3 for 32×32. */
  finalLevel: number;
  /** Real images shown at each resolution before the next one fades in. */
  stableImages: number;
  /** Real images over which each new resolution's α ramps from 0 to 1. */
  fadeImages: number;
  /**
   * Reset both optimizers' state when a fade starts and when it ends (the official
   * `reset_opt_for_new_lod`, default true): Adam's moments from a smaller network do not fit the grown one.
   */
  resetOptimizers: boolean;
}

/** Where the growth is: the newest level and its weight α ∈ [0, 1]. */
export interface GrowthState {
  level: number;
  alpha: number;
}

/** Resolution (side in pixels) of a level. */
export function levelResolution(level: number): number {
  return 4 * 2 ** level;
}

/**
 * The schedule of `model.growth` for square images of side `size`:
 * `{ resolutions: [4, 8, 16, 32], stableImages, fadeImages, resetOptimizers? }`, where the resolutions
 * double from 4 (or a later power of two) up to `size`. Bad values are usage errors naming the key.
 */
export function parseGrowth(spec: unknown, size: number): GrowthSchedule {
  const key = 'model.growth';
  if (typeof spec !== 'object' || spec === null)
    throw new UsageError(
      `config: '${key}' is required by the progan family: { resolutions: [4, 8, 16, ${size}], stableImages: N, fadeImages: N }`,
    );
  const g = spec as Record<string, unknown>;
  const known = ['resolutions', 'stableImages', 'fadeImages', 'resetOptimizers'];
  for (const k of Object.keys(g))
    if (!known.includes(k))
      throw new UsageError(`config: unknown key '${key}.${k}'; valid: ${known.join(', ')}`);
  const res = g.resolutions;
  const finalLevel = Math.log2(size / 4);
  if (!Number.isInteger(finalLevel) || finalLevel < 0)
    throw new UsageError(`config: progan needs square images whose side is 4, 8, 16, 32, …; got ${size}`);
  const doubling =
    Array.isArray(res) &&
    res.length >= 1 &&
    res.every((r, i) => (i === 0 ? Number.isInteger(Math.log2(r / 4)) && r >= 4 : r === 2 * res[i - 1]));
  if (!doubling || res[res.length - 1] !== size)
    throw new UsageError(
      `config: '${key}.resolutions' must double from 4 (or a later power of two) up to the image size ${size}, e.g. [4, 8, 16, ${size}]; got ${JSON.stringify(res)}`,
    );
  const count = (k: string): number => {
    const v = g[k];
    if (!Number.isInteger(v) || (v as number) < 1)
      throw new UsageError(
        `config: '${key}.${k}' must be a positive integer (real images); got ${String(v)}`,
      );
    return v as number;
  };
  if (g.resetOptimizers !== undefined && typeof g.resetOptimizers !== 'boolean')
    throw new UsageError(`config: '${key}.resetOptimizers' must be true or false`);
  return {
    startLevel: Math.log2((res as number[])[0] / 4),
    finalLevel,
    stableImages: count('stableImages'),
    fadeImages: count('fadeImages'),
    resetOptimizers: g.resetOptimizers ?? true,
  };
}

/** The growth state after `images` real images (the official schedule, with α = 1 − frac(lod)). */
export function growthAt(schedule: GrowthSchedule, images: number): GrowthState {
  const { startLevel, finalLevel, stableImages, fadeImages } = schedule;
  const period = stableImages + fadeImages;
  const phase = Math.floor(images / period);
  const level = startLevel + phase;
  if (level >= finalLevel) return { level: finalLevel, alpha: 1 };
  const within = images - phase * period;
  if (within < stableImages) return { level, alpha: 1 };
  return { level: level + 1, alpha: (within - stableImages) / fadeImages };
}

/**
 * Whether the optimizers are reset between the states before and after (the official condition: the
 * floor or the ceiling of the level of detail changed), i.e. a fade starts or a stabilisation starts.
 */
export function growthStageChanged(before: GrowthState, after: GrowthState): boolean {
  const fading = (s: GrowthState) => s.alpha < 1;
  return before.level !== after.level || fading(before) !== fading(after);
}
