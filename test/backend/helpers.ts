/**
 * Helpers for backend tests: run the same computation on two backends and compare, seeded inputs,
 * and the kernel-coverage assertion.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs-core';
import { kernelsMissingOn } from '../../src/backend/kernel-usage.js';
import { ADAM_KERNEL } from '../../src/backend/native/kernels/adam.js';
import { Adam } from '../../src/train/adam.js';
import { Rng } from '../../src/util/rng.js';

/** Uniform values in [−1, 1) of the given shape from a Philox stream. */
export function seeded(shape: number[], seed: number): tf.Tensor {
  const u = new Rng(seed).uniform(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < u.length; i++) u[i] = u[i] * 2 - 1;
  return tf.tensor(u, shape);
}

/** Shapes and values of tensors, read back to plain arrays. */
export interface Result {
  shapes: number[][];
  values: Float32Array[];
}

/**
 * Runs `compute` with `backendName` active (inside a tidy) and reads its outputs back. Inputs created
 * outside are moved between backends by tfjs on first use.
 */
export async function runOn(backendName: string, compute: () => tf.Tensor | tf.Tensor[]): Promise<Result> {
  await tf.setBackend(backendName);
  return tf.tidy(() => {
    const out = compute();
    const list = Array.isArray(out) ? out : [out];
    return { shapes: list.map((t) => t.shape), values: list.map((t) => t.dataSync() as Float32Array) };
  });
}

/**
 * Asserts `actual` matches `expected` with max |a − e| ≤ rtol · max |e| per output (a relative
 * tolerance on the scale of the tensor, since sums in another order differ most where values cancel).
 */
export function assertClose(actual: Result, expected: Result, rtol: number, what: string): void {
  assert.deepEqual(actual.shapes, expected.shapes, `${what}: shapes`);
  expected.values.forEach((e, j) => {
    const a = actual.values[j];
    let diff = 0;
    let scale = 0;
    for (let i = 0; i < e.length; i++) {
      diff = Math.max(diff, Math.abs(a[i] - e[i]));
      scale = Math.max(scale, Math.abs(e[i]));
    }
    assert.ok(
      Number.isFinite(diff) && diff <= rtol * scale,
      `${what}[${j}]: max diff ${diff} vs scale ${scale}`,
    );
  });
}

/**
 * Fails, naming them, when `work` (a training step) invokes kernels that `backendName` does not
 * register. The kernels are recorded on the cpu backend, which has them all, so every missing one is
 * listed at once instead of the first that would throw.
 */
export async function assertBackendCovers(backendName: string, work: () => unknown): Promise<void> {
  const missing = await kernelsMissingOn(backendName, work);
  assert.deepEqual(
    missing,
    [],
    `kernels the step uses that ${backendName} does not register: ${missing.join(', ')}`,
  );
}

/** Whether Debian's PyTorch is importable at /usr/bin/python3 (tests against it skip otherwise). */
export function torchAvailable(): string | true {
  const r = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' });
  if (r.error) return `no /usr/bin/python3 (${r.error.message})`;
  return r.status === 0
    ? true
    : `torch is not importable by /usr/bin/python3: ${r.stderr.trim().split('\n').pop()}`;
}

/** Weights after `steps` Adam steps (β 0.5, 0.9 as WGAN-GP) from seeded gradients, on the current backend. */
function adamTrajectory(shape: number[], steps: number): Float32Array {
  const w = tf.variable(tf.randomNormal(shape, 0, 1, 'float32', 1));
  const opt = new Adam(1e-3, 0.5, 0.9);
  for (let i = 0; i < steps; i++) {
    const g = tf.randomNormal(shape, 0, 1, 'float32', 100 + i);
    opt.applyGradients([{ name: w.name, tensor: g }]);
    g.dispose();
  }
  const out = w.dataSync() as Float32Array;
  opt.dispose();
  w.dispose();
  return out;
}

/**
 * Asserts that the fused `GankitAdam` kernel of `backendName` (the current backend) moves the weights
 * and gives the bits of the composite update it replaces, for each [shape, steps] of `cases`.
 */
export function assertFusedAdamExact(backendName: string, cases: [number[], number][]): void {
  const fusedKernel = tf.getKernel(ADAM_KERNEL, backendName);
  assert.ok(fusedKernel, `the ${backendName} backend registers the fused Adam kernel`);
  const fused = cases.map(([shape, steps]) => adamTrajectory(shape, steps));
  tf.unregisterKernel(ADAM_KERNEL, backendName);
  try {
    cases.forEach(([shape, steps], i) => {
      assert.notDeepEqual(fused[i], adamTrajectory(shape, 0), 'the weights moved');
      assert.deepEqual(fused[i], adamTrajectory(shape, steps), `[${shape}], ${steps} steps`);
    });
  } finally {
    tf.registerKernel(fusedKernel);
  }
}
