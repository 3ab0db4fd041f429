/**
 * Reading loss options out of a config record. Presets are plain data, so every option arrives as
 * `unknown`; a wrong type or range is a usage error that names the option, not a NaN in the loss.
 */
import { UsageError } from '../util/errors.js';
import { Rng } from '../util/rng.js';

/** A finite number option in [min, max], or `fallback` when absent. */
export function numberOption(
  options: Record<string, unknown>,
  key: string,
  fallback: number,
  min = Number.NEGATIVE_INFINITY,
  max = Number.POSITIVE_INFINITY,
): number {
  const v = options[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    throw new UsageError(`loss option '${key}' must be a number in [${min}, ${max}], got ${String(v)}`);
  }
  return v;
}

/** The `rng` option (an {@link Rng} the trainer passes and checkpoints), or undefined. */
export function rngOption(options: Record<string, unknown>): Rng | undefined {
  const v = options.rng;
  if (v === undefined) return undefined;
  if (!(v instanceof Rng)) throw new UsageError(`loss option 'rng' must be an Rng, got ${typeof v}`);
  return v;
}

/**
 * Rejects option keys a loss does not know, so that a typo in a preset (`realLable`) is an error instead
 * of a silently ignored setting. `rng` is always allowed: the trainer may offer it to every loss.
 */
export function checkOptionKeys(
  loss: string,
  options: Record<string, unknown>,
  known: readonly string[],
): void {
  const unknown = Object.keys(options).filter((k) => k !== 'rng' && !known.includes(k));
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')} for loss '${loss}'` +
        `; valid options: ${known.length ? known.join(', ') : 'none'}`,
    );
  }
}
