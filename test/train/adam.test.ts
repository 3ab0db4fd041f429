import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import { Adam } from '../../src/train/adam.js';
import { runPython } from '../helpers/python-reference.js';

/** Ten Adam steps on f(w) = Σ (w·x − 1)² + 0.1·Σ w⁴ from a fixed start. */
await initBackend('cpu');

function gankitTrajectory(lr: number, b1: number, b2: number, eps: number): number[][] {
  const w = tf.variable(tf.tensor1d([0.5, -1.5, 2.0, 0.01]));
  const x = tf.tensor1d([1, 2, -1, 3]);
  const opt = new Adam(lr, b1, b2, eps);
  const out: number[][] = [];
  for (let i = 0; i < 10; i++) {
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
opt = torch.optim.Adam([w], lr=a['lr'], betas=(a['b1'], a['b2']), eps=a['eps'])
out = []
for _ in range(10):
    opt.zero_grad()
    f = ((w * x - 1) ** 2).sum() + 0.1 * (w ** 4).sum()
    f.backward()
    opt.step()
    out.append(w.detach().tolist())
print(json.dumps(out))
`;

test('Adam follows torch.optim.Adam step for step', (t) => {
  for (const p of [
    { lr: 0.1, b1: 0.9, b2: 0.999, eps: 1e-8 },
    { lr: 2e-4, b1: 0.5, b2: 0.999, eps: 1e-8 },
  ]) {
    const res = runPython<number[][]>(TORCH, p, ['torch']);
    if (!res.ok) return t.skip(res.reason);
    const ref = res.value;
    const ours = gankitTrajectory(p.lr, p.b1, p.b2, p.eps);
    ours.forEach((row, i) =>
      row.forEach((v, j) =>
        assert.ok(
          Math.abs(v - ref[i][j]) <= 1e-5 * Math.max(1, Math.abs(ref[i][j])),
          `step ${i} w[${j}]: ${v} vs ${ref[i][j]}`,
        ),
      ),
    );
  }
});

test('Adam state round-trips through getWeights/setWeights exactly', async () => {
  const w = tf.variable(tf.tensor1d([1, 2, 3]));
  const step = (opt: Adam) => {
    const { grads, value } = tf.variableGrads(() => tf.sum(tf.square(tf.mul(w, w))) as tf.Scalar);
    opt.applyGradients(grads);
    tf.dispose([value, ...Object.values(grads)]);
  };
  const a = new Adam(0.01);
  for (let i = 0; i < 3; i++) step(a);
  const saved = await a.getWeights();
  assert.equal(a.iterations, 3);
  const b = new Adam(0.01);
  await b.setWeights(saved.map((s) => ({ name: s.name, tensor: s.tensor.clone() })));
  assert.equal(b.iterations, 3);
  const start = [...w.dataSync()];
  step(a);
  const afterA = [...w.dataSync()];
  w.assign(tf.tensor1d(start));
  step(b);
  assert.deepEqual([...w.dataSync()], afterA);
});
