/**
 * Latent codes → images through a run's generator, in batches (bounded memory, every tensor freed): the
 * one rendering path of the latent tools, the evaluator and `gankit sample`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { UsageError } from '../util/errors.js';
import { oneHotLabels } from '../nn/one-hot.js';

/**
 * A generator to draw from: the model and what it takes. The latent tools work on its codes: z itself,
 * or — for a handle on an intermediate space such as StyleGAN's W (src/latent/space.ts) — codes that
 * z ~ N(0, I) reaches through `fromZ`.
 */
export interface GeneratorHandle {
  model: tfl.LayersModel;
  /** The width of the codes `model` takes (z's, or W's for a handle on W). */
  latentDim: number;
  /** Classes of a conditional generator (it takes a one-hot label as its second input). */
  numClasses?: number;
  /** A handle on an intermediate space: z's width and the codes of z rows ([n, zDim] → [n, latentDim]). */
  fromZ?: { zDim: number; codes(z: Float32Array): Float32Array };
  /**
   * Where the codes of random z lie, for an inversion's prior: rows of the centre's width (a W+ code
   * is several) with ‖c − centre‖² ≈ radius2. Absent: z's own shell, centre 0 and radius² = latentDim.
   */
  shell?: { centre: Float32Array; radius2: number };
}

const BATCH = 256;

/**
 * Images (row-major floats in the run's pixel range) for the rows of `z` ([n, latentDim]); conditional
 * generators take `labels[i]` for row i — class indices (Int32Array, n of them), or the label input
 * itself as rows of K class weights (Float32Array, n·K: one-hot rows, or blends of them on a path
 * between two classes). Returns the images and their shape [h, w, c].
 */
export function renderLatents(
  g: GeneratorHandle,
  z: Float32Array,
  labels?: Int32Array | Float32Array,
): { data: Float32Array; shape: [number, number, number] } {
  if (z.length % g.latentDim !== 0) {
    throw new Error(`renderLatents: ${z.length} values are not rows of width ${g.latentDim}`);
  }
  const n = z.length / g.latentDim;
  const soft = labels instanceof Float32Array;
  if (g.numClasses && (!labels || labels.length !== (soft ? n * g.numClasses : n))) {
    throw new Error(`renderLatents: a conditional generator needs one label per latent (${n})`);
  }
  const parts: Float32Array[] = [];
  let shape = [0, 0, 0] as [number, number, number];
  for (let start = 0; start < n; start += BATCH) {
    const m = Math.min(BATCH, n - start);
    const out = tf.tidy(() => {
      const rows = z.subarray(start * g.latentDim, (start + m) * g.latentDim);
      const inputs: tf.Tensor[] = [tf.tensor2d(rows, [m, g.latentDim])];
      if (g.numClasses) {
        const k = g.numClasses;
        inputs.push(
          soft
            ? tf.tensor2d(labels.subarray(start * k, (start + m) * k), [m, k])
            : oneHotLabels(labels!.subarray(start, start + m), k),
        );
      }
      return g.model.apply(inputs, { training: false }) as tf.Tensor;
    });
    shape = out.shape.slice(1) as [number, number, number];
    parts.push(out.dataSync() as Float32Array);
    out.dispose();
  }
  const data = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let off = 0;
  for (const p of parts) {
    data.set(p, off);
    off += p.length;
  }
  return { data, shape };
}

/**
 * Labels for `n` samples of a conditional generator: all `label` when given, else cycling 0…K−1 (as
 * `gankit sample` and the evaluator draw them); undefined for an unconditional one.
 */
export function sampleLabels(g: GeneratorHandle, n: number, label?: number): Int32Array | undefined {
  if (!g.numClasses) {
    if (label !== undefined) throw new UsageError('--label applies only to a conditional (cgan/acgan) run');
    return undefined;
  }
  if (label !== undefined && label >= g.numClasses) {
    throw new UsageError(`--label must be below ${g.numClasses} (the run's number of classes)`);
  }
  return Int32Array.from({ length: n }, (_, i) => label ?? i % g.numClasses!);
}

/** Class indices as rows of K class weights (one-hot), the form {@link renderLatents} also takes. */
export function oneHotRows(labels: Int32Array, numClasses: number): Float32Array {
  const rows = new Float32Array(labels.length * numClasses);
  labels.forEach((k, i) => {
    rows[i * numClasses + k] = 1;
  });
  return rows;
}
