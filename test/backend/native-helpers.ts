/**
 * Shared by the native-backend parity tests: runs the same computation on tfjs's cpu backend and on
 * the native backend from identical input values, and compares the results.
 */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's node bundle registers no gradients; tfjs-layers' bundle registers them all.
import '@tensorflow/tfjs-layers';
import { initBackend } from '../../src/backend/index.js';
import { loadAddon } from '../../src/backend/native/addon.js';
import { Rng } from '../../src/util/rng.js';

/** Why the native tests are skipped (the addon was not built), or false when they run. */
export const skipNative: string | false = (() => {
  const loaded = loadAddon();
  if ('addon' in loaded) return false;
  console.log(`skipping native backend tests: ${loaded.reason}`);
  return loaded.reason;
})();

/** Input values for a parity case: shape plus data, created fresh on each backend. */
export interface Input {
  shape: number[];
  values: Float32Array | Int32Array | Uint8Array;
  dtype: tf.DataType;
}

const rng = new Rng(20240607);

/** Normal(0, 1) float32 input of `shape` (seeded, so failures reproduce). */
export function randn(...shape: number[]): Input {
  return { shape, values: rng.normal(shape.reduce((a, b) => a * b, 1)), dtype: 'float32' };
}

/** Int32 input of `shape` with values in [lo, hi). */
export function randint(lo: number, hi: number, ...shape: number[]): Input {
  const n = shape.reduce((a, b) => a * b, 1);
  return { shape, values: Int32Array.from({ length: n }, () => lo + rng.int(hi - lo)), dtype: 'int32' };
}

type Out = tf.Tensor | tf.Tensor[];

/** Runs `fn` on `backend` with `inputs` as tensors; returns every output's values and shape. */
export async function runOn(
  backend: 'cpu' | 'native',
  inputs: Input[],
  fn: (...xs: tf.Tensor[]) => Out,
): Promise<{ shape: number[]; dtype: tf.DataType; values: number[] }[]> {
  await initBackend(backend);
  const before = tf.memory().numTensors;
  const outs = tf.tidy(() => {
    const xs = inputs.map((i) => tf.tensor(i.values, i.shape, i.dtype));
    const out = fn(...xs);
    return Array.isArray(out) ? out : [out];
  });
  const res = outs.map((t) => ({ shape: t.shape, dtype: t.dtype, values: Array.from(t.dataSync()) }));
  tf.dispose(outs);
  assert.equal(tf.memory().numTensors, before, `${backend}: the computation leaked tensors`);
  return res;
}

/**
 * Asserts native matches cpu: same shapes and dtypes, and |native − cpu| ≤ tol · max(1, max|cpu|)
 * per output (a tolerance relative to the output's magnitude).
 */
export async function assertParity(
  inputs: Input[],
  fn: (...xs: tf.Tensor[]) => Out,
  tol = 1e-4,
): Promise<void> {
  const want = await runOn('cpu', inputs, fn);
  const got = await runOn('native', inputs, fn);
  assert.equal(got.length, want.length, 'number of outputs');
  want.forEach((w, k) => {
    const g = got[k];
    assert.deepEqual(g.shape, w.shape, `output ${k} shape`);
    assert.equal(g.dtype, w.dtype, `output ${k} dtype`);
    // A loop, not Math.max(...values): spreading a large output overflows the call stack.
    const scale = w.values.reduce((m, v) => Math.max(m, Math.abs(v)), 1);
    for (let i = 0; i < w.values.length; i++) {
      const ok =
        g.values[i] === w.values[i] || // also equal infinities (a max pool window wholly in the padding)
        Math.abs(g.values[i] - w.values[i]) <= tol * scale ||
        (Number.isNaN(g.values[i]) && Number.isNaN(w.values[i]));
      if (!ok) assert.fail(`output ${k}[${i}]: native ${g.values[i]} vs cpu ${w.values[i]} (scale ${scale})`);
    }
  });
}
