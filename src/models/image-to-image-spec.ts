/**
 * Reading an image-to-image family's `model` section: known keys only, numbers where numbers belong,
 * and the networks' own range errors turned into config errors that name the key.
 */
import { NORM_KINDS, type NormKind } from '../nn/norm.js';
import { UsageError } from '../util/errors.js';

/** Network options of one side (`model.generator` or `model.discriminator`): numbers by name. */
export type NetSpec = Record<string, number | undefined>;

/** The checked parts of a family's `model` section. */
export interface ImageToImageSpec {
  norm?: NormKind;
  generator: NetSpec;
  discriminator: NetSpec;
}

/** Checks one network's options section `at` (numbers under `keys`; absent → {}). */
export function netSpec(v: unknown, at: string, keys: readonly string[]): NetSpec {
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new UsageError(`config: '${at}' must be an object, got ${JSON.stringify(v)}`);
  for (const [k, x] of Object.entries(v)) {
    if (!keys.includes(k))
      throw new UsageError(`config: unknown key '${at}.${k}'; valid keys of '${at}': ${keys.join(', ')}`);
    if (typeof x !== 'number' || !Number.isFinite(x))
      throw new UsageError(`config: '${at}.${k}' must be a number, got ${JSON.stringify(x)}`);
  }
  return v as NetSpec;
}

/** Checks `spec` (the model section) against the keys a family's generator and discriminator take. */
export function readImageToImageSpec(
  spec: Record<string, unknown>,
  keys: { generator: readonly string[]; discriminator: readonly string[] },
): ImageToImageSpec {
  const top = ['family', 'norm', 'generator', 'discriminator'];
  for (const k of Object.keys(spec)) {
    if (!top.includes(k))
      throw new UsageError(
        `config: unknown key 'model.${k}' for family '${spec.family}'; valid: ${top.join(', ')}`,
      );
  }
  const norm = spec.norm;
  if (norm !== undefined && !NORM_KINDS.includes(norm as NormKind))
    throw new UsageError(
      `config: 'model.norm' must be one of ${NORM_KINDS.join(', ')}, got ${JSON.stringify(norm)}`,
    );
  return {
    norm: norm as NormKind | undefined,
    generator: netSpec(spec.generator, 'model.generator', keys.generator),
    discriminator: netSpec(spec.discriminator, 'model.discriminator', keys.discriminator),
  };
}

/** Runs a network builder, reporting its range errors (bad sizes, depths) as config errors. */
export function buildChecked<T>(build: () => T): T {
  try {
    return build();
  } catch (err) {
    if (err instanceof RangeError) throw new UsageError(`config: model: ${err.message}`);
    throw err;
  }
}
