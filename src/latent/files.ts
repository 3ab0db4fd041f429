/**
 * Latent codes on disk: every latent tool writes the codes it used as a 2-D float32 `.npy` ([n, dim],
 * the format `gankit metric` reads) and reads them back with their width checked against the run.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readNpyMatrix, writeNpy } from '../io/npy.js';
import { InputError } from '../util/errors.js';
import { oneHotRows } from './render.js';
import type { SpaceName } from './space.js';

/**
 * The name that says which space a file's codes are in (a StyleGAN run's z and w may have the same
 * width, so the width alone cannot tell them apart): `latents.npy` for z, `w-latents.npy` for w,
 * `wplus-latents.npy` for w+.
 */
const SUFFIX: Record<SpaceName, string> = { z: 'latents.npy', w: 'w-latents.npy', 'w+': 'wplus-latents.npy' };

/** The file of a folder's codes in `space`: `DIR/latents.npy`, `DIR/w-latents.npy`, … */
export function latentsIn(dir: string, space: SpaceName = 'z'): string {
  return path.join(dir, SUFFIX[space]);
}

/** The `.npy` written beside an output image: `strip.png` → `strip.latents.npy` (`strip.w-latents.npy` in w). */
export function latentsFile(output: string, space: SpaceName = 'z'): string {
  const ext = path.extname(output);
  return `${ext ? output.slice(0, -ext.length) : output}.${SUFFIX[space]}`;
}

/** The space a latents file's name declares (see {@link latentsFile}), or undefined for another name. */
export function spaceOfFile(file: string): SpaceName | undefined {
  const base = path.basename(file);
  // Longest suffix first: every name ends in `latents.npy`.
  for (const space of ['w+', 'w', 'z'] as const)
    if (base === SUFFIX[space] || base.endsWith(`.${SUFFIX[space]}`)) return space;
  return undefined;
}

/** Reads `file` as latent rows of width `dim` (the width of the codes of the run's space). */
export function readLatents(file: string, dim: number, space: SpaceName = 'z'): Float32Array[] {
  const m = readNpyMatrix(file);
  if (m.cols !== dim) {
    throw new InputError(
      file,
      `holds latents of width ${m.cols}, but this run's generator takes ${dim} in ${space}`,
      'Pass a .npy written by a gankit command on this run in the same space (or another run with the same latent size)',
    );
  }
  return Array.from({ length: m.rows }, (_, i) => Float32Array.from(m.data.subarray(i * dim, (i + 1) * dim)));
}

/**
 * The file of the labels that go with a conditional run's latents file: `strip.latents.npy` (or
 * `strip.w-latents.npy`) → `strip.labels.npy`, `DIR/latents.npy` → `DIR/labels.npy`. It holds the
 * generator's label input, one row of K class weights per latent (one-hot, or a blend on a path between
 * classes), so a latent read back by another tool is drawn in the class it was drawn in.
 */
export function labelsFileOf(latents: string): string {
  const base = path.basename(latents);
  const space = spaceOfFile(latents);
  const stem = space ? base.slice(0, -SUFFIX[space].length) : `${base.replace(/\.npy$/, '')}.`;
  return path.join(path.dirname(latents), `${stem}labels.npy`);
}

/**
 * Writes the labels that go with the latents file `latents` — class indices or rows of K class
 * weights, as {@link renderLatents} takes them — as [n, K] class weights.
 */
export function writeLabels(latents: string, labels: Int32Array | Float32Array, numClasses: number): void {
  const rows = labels instanceof Int32Array ? oneHotRows(labels, numClasses) : labels;
  writeNpy(labelsFileOf(latents), { shape: [rows.length / numClasses, numClasses], data: rows });
}

/**
 * The label rows that go with `latents` (`count` rows of `numClasses` weights), or undefined when no
 * labels file lies beside it (latents written by hand, or by a tool of an older gankit).
 */
export function readLabels(latents: string, count: number, numClasses: number): Float32Array | undefined {
  const file = labelsFileOf(latents);
  if (!existsSync(file)) return undefined;
  const m = readNpyMatrix(file);
  if (m.rows !== count || m.cols !== numClasses)
    throw new InputError(
      file,
      `holds ${m.rows}×${m.cols} label weights, but ${path.basename(latents)} has ${count} latents and this run ${numClasses} classes`,
      'Remove it (the tools then use --label K) or pass the latents it was written with',
    );
  return Float32Array.from(m.data);
}

/** Latent rows of one width as one row-major [rows, dim] array (what the renderers and `.npy` take). */
export function concatRows(rows: Float32Array[]): Float32Array {
  const dim = rows[0]?.length ?? 0;
  const data = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => data.set(r, i * dim));
  return data;
}

/** Writes latent rows as a [rows, dim] float32 `.npy`. */
export function writeLatents(file: string, rows: Float32Array[]): void {
  writeNpy(file, { shape: [rows.length, rows[0]?.length ?? 0], data: concatRows(rows) });
}
