/**
 * gankit's SGD with momentum (src/train/sgd.ts) follows torch.optim.SGD step for step — with the
 * learning rate changed before every step, as the trainer's schedules do (here DANN's annealing
 * μ₀/(1 + 10p)^0.75) — and its state round-trips through a checkpoint exactly.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import { Sgd } from '../../src/train/sgd.js';
import { scheduleFactor } from '../../src/train/trainer.js';
import { runPython } from '../helpers/python-reference.js';

await initBackend('cpu');

const STEPS = 10;
const SCHEDULE = { type: 'inv', alpha: 10, beta: 0.75 } as const;

/** f(w) = Σ (w·x − 1)² + 0.1·Σ w⁴ from a fixed start, `STEPS` steps at lr·factor(step / STEPS). */
function trajectory(lr: number, momentum: number): number[][] {
  const w = tf.variable(tf.tensor1d([0.5, -1.5, 2.0, 0.01]));
  const x = tf.tensor1d([1, 2, -1, 3]);
  const opt = new Sgd(lr, momentum);
  const out: number[][] = [];
  for (let i = 0; i < STEPS; i++) {
    opt.learningRate = lr * scheduleFactor(SCHEDULE, i / STEPS);
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

const TORCH = `
a = json.load(sys.stdin)
w = torch.tensor([0.5, -1.5, 2.0, 0.01], requires_grad=True)
x = torch.tensor([1., 2., -1., 3.])
opt = torch.optim.SGD([w], lr=a['lr'], momentum=a['momentum'])
out = []
for i in range(a['steps']):
    for g in opt.param_groups:
        g['lr'] = a['lr'] * (1 + 10 * i / a['steps']) ** -0.75
    opt.zero_grad()
    f = ((w * x - 1) ** 2).sum() + 0.1 * (w ** 4).sum()
    f.backward()
    opt.step()
    out.append(w.detach().tolist())
print(json.dumps(out))
`;

test('SGD (momentum 0.9 and 0) follows torch.optim.SGD under the inv schedule', (t) => {
  for (const p of [
    { lr: 0.01, momentum: 0.9 },
    { lr: 0.02, momentum: 0 },
  ]) {
    const res = runPython<number[][]>(TORCH, { ...p, steps: STEPS }, ['torch']);
    if (!res.ok) return t.skip(res.reason);
    trajectory(p.lr, p.momentum).forEach((row, i) =>
      row.forEach((v, j) => {
        const ref = res.value[i][j];
        assert.ok(
          Math.abs(v - ref) <= 1e-5 * Math.max(1, Math.abs(ref)),
          `step ${i} w[${j}]: ${v} vs ${ref}`,
        );
      }),
    );
  }
});

test('the inv schedule is (1 + αp)^−β', () => {
  assert.equal(scheduleFactor(SCHEDULE, 0), 1);
  assert.ok(Math.abs(scheduleFactor(SCHEDULE, 1) - 11 ** -0.75) < 1e-15);
  assert.ok(Math.abs(scheduleFactor(SCHEDULE, 0.25) - 3.5 ** -0.75) < 1e-15);
});

test('SGD momentum state round-trips through getWeights/setWeights exactly', async () => {
  const w = tf.variable(tf.tensor1d([1, 2, 3]));
  const step = (opt: Sgd) => {
    const { grads, value } = tf.variableGrads(() => tf.sum(tf.square(tf.mul(w, w))) as tf.Scalar);
    opt.applyGradients(grads);
    tf.dispose([value, ...Object.values(grads)]);
  };
  const a = new Sgd(0.01, 0.9);
  for (let i = 0; i < 3; i++) step(a);
  const saved = await a.getWeights();
  assert.equal(saved.length, 2, 'iterations and one momentum buffer');
  const b = new Sgd(0.01, 0.9);
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
});
