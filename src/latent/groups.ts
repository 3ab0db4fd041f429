/**
 * Groups of generated samples chosen by an attribute, for latent arithmetic: a class (the shipped
 * classifier's verdict, or a conditional model's own label), a list of ids from a numbered grid
 * (`gankit sample --numbered`, same seed), and the amount of ink — the mean distance of the pixels from
 * the image's background colour (its corner pixel), a stroke-thickness measure for digits and a
 * size/fill measure for other images. Filters are written `class:7,ink:high`, `ids:3+17+42` (or just
 * `3,17,42`).
 */
import { UsageError } from '../util/errors.js';

/** One group's selection rule, parsed from the command line. */
export interface GroupSpec {
  name: string;
  ids?: number[];
  classIndex?: number;
  ink?: 'high' | 'low';
}

/** The fraction of a group kept by `ink:high` / `ink:low` (the top or bottom quarter). */
export const INK_QUANTILE = 0.25;

/** Parses `NAME=FILTERS` (see the module comment). */
export function parseGroup(text: string): GroupSpec {
  const eq = text.indexOf('=');
  const name = text.slice(0, eq).trim();
  const body = text.slice(eq + 1).trim();
  if (eq < 1 || !/^[A-Za-z_][\w-]*$/.test(name) || body === '') {
    throw new UsageError(
      `--group '${text}': write NAME=FILTERS, e.g. thick7=class:7,ink:high or mine=ids:3+17+42 (NAME a word)`,
    );
  }
  const spec: GroupSpec = { name };
  if (/^\d+(\s*,\s*\d+)*$/.test(body)) {
    spec.ids = body.split(',').map(Number);
    return spec;
  }
  for (const filter of body.split(',')) {
    const [key, value = ''] = filter.split(':').map((s) => s.trim());
    if (key === 'ids' && /^\d+(\+\d+)*$/.test(value)) spec.ids = value.split('+').map(Number);
    else if (key === 'class' && /^\d+$/.test(value)) spec.classIndex = Number(value);
    else if (key === 'ink' && (value === 'high' || value === 'low')) spec.ink = value;
    else {
      throw new UsageError(
        `--group '${text}': unknown filter '${filter}'; use class:K, ink:high|low or ids:A+B+C`,
      );
    }
  }
  return spec;
}

/** Per-sample ink of `n` images (HWC floats): mean |pixel − corner pixel| over pixels and channels. */
export function inkOf(data: Float32Array, n: number, [h, w, c]: readonly number[]): Float64Array {
  const size = h * w * c;
  const ink = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const img = data.subarray(i * size, (i + 1) * size);
    let s = 0;
    for (let p = 0; p < size; p++) s += Math.abs(img[p] - img[p % c]);
    ink[i] = s / size;
  }
  return ink;
}

/**
 * The members (pool indices) of a group: the ids or the samples of the class, then the top or bottom
 * quarter of those by ink. `classes[i]` is sample i's class; `ink[i]` its ink.
 */
export function selectGroup(
  spec: GroupSpec,
  pool: number,
  classes: Int32Array | undefined,
  ink: Float64Array,
): number[] {
  let members = spec.ids ?? Array.from({ length: pool }, (_, i) => i);
  const outside = members.filter((i) => i >= pool);
  if (outside.length > 0) {
    throw new UsageError(
      `--group ${spec.name}: ids ${outside.join(', ')} are beyond the pool of ${pool} samples; raise --pool`,
    );
  }
  if (spec.classIndex !== undefined) {
    if (!classes) throw new UsageError(`--group ${spec.name}: class:K needs a classifier for this dataset`);
    members = members.filter((i) => classes[i] === spec.classIndex);
  }
  if (spec.ink) {
    const sorted = [...members].sort((a, b) => ink[a] - ink[b]);
    const k = Math.max(1, Math.round(sorted.length * INK_QUANTILE));
    members = spec.ink === 'low' ? sorted.slice(0, k) : sorted.slice(-k);
  }
  if (members.length === 0) {
    throw new UsageError(
      `--group ${spec.name} selects no sample of the pool of ${pool}; raise --pool or loosen it`,
    );
  }
  return members.sort((a, b) => a - b);
}

/** The mean of the rows `members` of `z` ([pool, dim]). */
export function meanLatent(z: Float32Array, dim: number, members: readonly number[]): Float32Array {
  const out = new Float32Array(dim);
  for (const i of members) for (let j = 0; j < dim; j++) out[j] += z[i * dim + j];
  for (let j = 0; j < dim; j++) out[j] /= members.length;
  return out;
}
