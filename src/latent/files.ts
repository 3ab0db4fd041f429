/**
 * Latent codes on disk: every latent tool writes the codes it used as a 2-D float32 `.npy` ([n, dim],
 * the format `gankit metric` reads) and reads them back with their width checked against the run.
 */
import path from 'node:path';
import { readNpyMatrix, writeNpy } from '../io/npy.js';
import { InputError } from '../util/errors.js';

/** The `.npy` written beside an output image: `strip.png` → `strip.latents.npy`. */
export function latentsFile(output: string): string {
  const ext = path.extname(output);
  return `${ext ? output.slice(0, -ext.length) : output}.latents.npy`;
}

/** Reads `file` as latent rows of width `dim` (the run's latent size). */
export function readLatents(file: string, dim: number): Float32Array[] {
  const m = readNpyMatrix(file);
  if (m.cols !== dim) {
    throw new InputError(
      file,
      `holds latents of width ${m.cols}, but this run's generator takes ${dim}`,
      'Pass a .npy written by a gankit command on this run (or another run with the same latent size)',
    );
  }
  return Array.from({ length: m.rows }, (_, i) => Float32Array.from(m.data.subarray(i * dim, (i + 1) * dim)));
}

/** Writes latent rows as a [rows, dim] float32 `.npy`. */
export function writeLatents(file: string, rows: Float32Array[]): void {
  const dim = rows[0]?.length ?? 0;
  const data = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => data.set(r, i * dim));
  writeNpy(file, { shape: [rows.length, dim], data });
}
