import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import { SpectralNorm, spectralNormalize } from '../../src/losses/spectral-norm.js';
import { Rng } from '../../src/util/rng.js';
import { assertClose, runPython } from '../helpers/python-reference.js';

await initBackend('cpu');

const SCRIPT = `
import numpy as np
import torch
inp = json.load(sys.stdin)
out = {}
for name, k in inp['kernels'].items():
    W = np.array(k['data'], dtype=np.float64).reshape(k['shape'])
    M = W.reshape(-1, k['shape'][-1])
    out[name] = float(np.linalg.svd(M, compute_uv=False)[0])
    N = np.array(inp['normalized'][name], dtype=np.float64).reshape(M.shape)
    out[name + '/normalized'] = float(np.linalg.svd(N, compute_uv=False)[0])
# PyTorch's spectral_norm on a Linear layer: weight [out, in] is the transpose of the tfjs [in, out] kernel.
d = inp['dense']
lin = torch.nn.Linear(d['shape'][0], d['shape'][1], bias=False).double()
with torch.no_grad():
    lin.weight.copy_(torch.tensor(d['data']).reshape(d['shape']).t())
lin = torch.nn.utils.spectral_norm(lin, n_power_iterations=1)
with torch.no_grad():
    lin.weight_u.copy_(torch.tensor(d['u0']))
lin.train()
lin(torch.zeros(1, d['shape'][0], dtype=torch.float64))
loss = (lin.weight.t() * torch.tensor(d['c']).reshape(d['shape'])).sum()
loss.backward()
out['torch'] = {'normalized': lin.weight.t().flatten().tolist(), 'grad': lin.weight_orig.grad.t().flatten().tolist(),
                'u': lin.weight_u.tolist()}
print(json.dumps(out))
`;

test('σ matches the top singular value (NumPy SVD) and W/σ has spectral norm 1; one step matches PyTorch', (t) => {
  const rng = new Rng(12);
  const shapes: Record<string, number[]> = { dense: [30, 20], conv: [3, 3, 4, 8] };
  const kernels: Record<string, { data: number[]; shape: number[] }> = {};
  const normalized: Record<string, number[]> = {};
  const sigmas: Record<string, number> = {};
  for (const [name, shape] of Object.entries(shapes)) {
    const data = Array.from(rng.normal(shape.reduce((a, b) => a * b, 1)));
    kernels[name] = { data, shape };
    const sn = new SpectralNorm(shape[shape.length - 1], rng);
    const w = tf.tensor(data, shape);
    // One power iteration per training step, as in training; 60 steps converge on these sizes.
    for (let i = 0; i < 60; i++) sn.apply(w).dispose();
    const out = sn.apply(w);
    normalized[name] = Array.from(out.dataSync());
    sigmas[name] = sn.sigma;
    tf.dispose([out, w]);
    sn.dispose();
  }
  // One training-mode step from a known u, against torch.nn.utils.spectral_norm.
  const u0 = Array.from(rng.normal(20));
  const c = Array.from(rng.normal(600));
  const dense = tf.tensor(kernels.dense.data, [30, 20]);
  const { value: stepResult, grads } = tf.tidy(() => {
    const f = (k: tf.Tensor) => spectralNormalize(k, tf.tensor2d(u0, [20, 1])).kernel;
    const g = tf.grad((k: tf.Tensor) => tf.sum(tf.mul(f(k), tf.tensor(c, [30, 20]))))(dense);
    const r = spectralNormalize(dense, tf.tensor2d(u0, [20, 1]));
    return {
      value: [Array.from(r.kernel.dataSync()), Array.from(r.u.dataSync())],
      grads: Array.from(g.dataSync()),
    };
  });
  const ref = runPython<
    Record<string, number> & { torch: { normalized: number[]; grad: number[]; u: number[] } }
  >(SCRIPT, { kernels, normalized, dense: { ...kernels.dense, u0, c } }, ['numpy', 'torch']);
  if (!ref.ok) {
    t.skip(ref.reason);
    return;
  }
  for (const name of Object.keys(shapes)) {
    assertClose([sigmas[name]], [ref.value[name]], `σ(${name})`, 0, 1e-4);
    assertClose([ref.value[`${name}/normalized`]], [1], `‖W/σ‖₂ (${name})`, 0, 1e-4);
  }
  assertClose(stepResult[0], ref.value.torch.normalized, 'W/σ after one step', 1e-5, 1e-4);
  assertClose(stepResult[1], ref.value.torch.u, 'u after one step', 1e-5, 1e-4);
  assertClose(grads, ref.value.torch.grad, '∂/∂W Σ C ⊙ W/σ', 1e-5, 1e-3);
});

test('σ is exact for a diagonal kernel, and inference does not advance the power iteration', () => {
  const w = tf.tensor2d([
    [3, 0],
    [0, -5],
    [0, 0],
  ]);
  const sn = new SpectralNorm(2, new Rng(1), 20);
  sn.apply(w).dispose();
  assertClose([sn.sigma], [5], 'σ of diag(3, −5)');
  const state = sn.getState();
  sn.apply(w, false).dispose();
  assert.deepEqual(sn.getState(), state);
  sn.dispose();
});

test('getState / setState resume the power iteration exactly', () => {
  const rng = new Rng(4);
  const w = tf.tensor(rng.normal(12 * 6), [12, 6]);
  const a = new SpectralNorm(6, new Rng(100));
  for (let i = 0; i < 3; i++) a.apply(w).dispose();
  const saved = JSON.parse(JSON.stringify(a.getState()));
  const b = new SpectralNorm(6, new Rng(200));
  b.setState(saved);
  for (let i = 0; i < 2; i++) {
    const oa = a.apply(w);
    const ob = b.apply(w);
    assert.deepEqual(oa.dataSync(), ob.dataSync());
    assert.equal(a.sigma, b.sigma);
    tf.dispose([oa, ob]);
  }
  assert.throws(() => b.setState({ u: [1, 2] }), RangeError);
  const before = tf.memory().numTensors;
  a.apply(w).dispose();
  assert.equal(tf.memory().numTensors, before, 'apply leaks nothing');
  a.dispose();
  b.dispose();
});

test('inside tf.variableGrads the kernel gets its gradient and u advances', () => {
  const rng = new Rng(9);
  const kernel = tf.variable(tf.tensor(rng.normal(8 * 5), [8, 5]));
  const x = tf.tensor(rng.normal(3 * 8), [3, 8]);
  const sn = new SpectralNorm(5, rng);
  const u0 = sn.getState().u;
  const { value, grads } = tf.variableGrads(
    () => tf.sum(tf.square(tf.matMul(x, sn.apply(kernel) as tf.Tensor2D))) as tf.Scalar,
    [kernel],
  );
  assert.notDeepEqual(sn.getState().u, u0);
  // The same step as a pure function of the kernel, from the same u.
  const expected = tf.grad((k: tf.Tensor) =>
    tf.sum(tf.square(tf.matMul(x, spectralNormalize(k, tf.tensor2d(u0, [5, 1])).kernel as tf.Tensor2D))),
  )(kernel);
  assertClose(grads[kernel.name].dataSync(), expected.dataSync(), 'gradient through W/σ');
  assert.ok(Number.isFinite(value.dataSync()[0]));
  sn.dispose();
});
