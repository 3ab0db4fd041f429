/**
 * The shared bench of the optimizer tests (Adam, SGD against torch.optim): the same small objective
 * f(w) = Σ (w·x − 1)² + 0.1·Σ w⁴ from the same start on both sides, and a checkpoint round trip.
 */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';

/** The objective's start and data in Python, for the torch side (defines `w` and `x`). */
export const TORCH_PROBLEM = `
w = torch.tensor([0.5, -1.5, 2.0, 0.01], requires_grad=True)
x = torch.tensor([1., 2., -1., 3.])
def objective():
    return ((w * x - 1) ** 2).sum() + 0.1 * (w ** 4).sum()
`;

/** w after each of `steps` steps of `opt` on the objective; `beforeStep(i)` runs before step i. */
export function trajectory(opt: tf.Optimizer, steps: number, beforeStep?: (i: number) => void): number[][] {
  const w = tf.variable(tf.tensor1d([0.5, -1.5, 2.0, 0.01]));
  const x = tf.tensor1d([1, 2, -1, 3]);
  const out: number[][] = [];
  for (let i = 0; i < steps; i++) {
    beforeStep?.(i);
    const { grads, value } = tf.variableGrads(
      () =>
        tf.add(tf.sum(tf.square(tf.sub(tf.mul(w, x), 1))), tf.mul(0.1, tf.sum(tf.pow(w, 4)))) as tf.Scalar,
    );
    opt.applyGradients(grads);
    tf.dispose([value, ...Object.values(grads)]);
    out.push([...w.dataSync()]);
  }
  opt.dispose();
  tf.dispose([w, x]);
  return out;
}

/** Asserts two trajectories agree to 1e-5 (relative above 1). */
export function assertSameTrajectory(ours: number[][], ref: number[][]): void {
  ours.forEach((row, i) =>
    row.forEach((v, j) =>
      assert.ok(
        Math.abs(v - ref[i][j]) <= 1e-5 * Math.max(1, Math.abs(ref[i][j])),
        `step ${i} w[${j}]: ${v} vs ${ref[i][j]}`,
      ),
    ),
  );
}

/**
 * Three steps of `make()`, its state saved and loaded into a fresh one: the next step of both is the
 * same bit for bit. Returns the saved weights' count.
 */
export async function assertExactRoundTrip(make: () => tf.Optimizer): Promise<number> {
  const w = tf.variable(tf.tensor1d([1, 2, 3]));
  const step = (opt: tf.Optimizer) => {
    const { grads, value } = tf.variableGrads(() => tf.sum(tf.square(tf.mul(w, w))) as tf.Scalar);
    opt.applyGradients(grads);
    tf.dispose([value, ...Object.values(grads)]);
  };
  const a = make();
  for (let i = 0; i < 3; i++) step(a);
  const saved = await a.getWeights();
  assert.equal(a.iterations, 3);
  const b = make();
  await b.setWeights(saved.map((s) => ({ name: s.name, tensor: s.tensor.clone() })));
  assert.equal(b.iterations, 3);
  const start = [...w.dataSync()];
  step(a);
  const afterA = [...w.dataSync()];
  w.assign(tf.tensor1d(start));
  step(b);
  assert.deepEqual([...w.dataSync()], afterA);
  a.dispose();
  b.dispose();
  w.dispose();
  return saved.length;
}
