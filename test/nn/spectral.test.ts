import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../../src/backend/index.js';
import { SpectralConv2D } from '../../src/nn/spectral-conv2d.js';
import { SpectralDense } from '../../src/nn/spectral-dense.js';
import { Rng } from '../../src/util/rng.js';
import { assertClose, runPython } from '../helpers/python-reference.js';

await initBackend('cpu');

const SCRIPT = `
import numpy as np
import torch
import torch.nn.functional as F
torch.set_default_dtype(torch.float64)
inp = json.load(sys.stdin)
t = lambda a, shape: torch.tensor(a, dtype=torch.float64).reshape(shape)
out = {}

def step(mod, name, p, forward):
    # One training-mode forward from a known u, then backward of sum(C * y).
    mod = torch.nn.utils.spectral_norm(mod, n_power_iterations=1)
    with torch.no_grad():
        mod.weight_u.copy_(torch.tensor(p['u']))
    mod.train()
    x = t(p['x'], p['xShape']).requires_grad_(True)
    y = forward(mod, x)
    (y * t(p['c'], y.shape)).sum().backward()
    return mod, {'y': y.detach().flatten().tolist(), 'u': mod.weight_u.tolist(), 'gx': x.grad.flatten().tolist(),
                 'gb': mod.bias.grad.tolist()}

d = inp['dense']
lin = torch.nn.Linear(d['shape'][0], d['shape'][1])
with torch.no_grad():
    lin.weight.copy_(t(d['w'], d['shape']).t()); lin.bias.copy_(torch.tensor(d['b']))
lin, out['dense'] = step(lin, 'dense', d, lambda m, x: m(x))
out['dense']['gw'] = lin.weight_orig.grad.t().flatten().tolist()

c = inp['conv']
kh, kw, cin, cout = c['shape']
conv = torch.nn.Conv2d(cin, cout, (kh, kw), stride=c['strides'][0], padding=0)
with torch.no_grad():
    conv.weight.copy_(t(c['w'], c['shape']).permute(3, 2, 0, 1)); conv.bias.copy_(torch.tensor(c['b']))
# TensorFlow's 'same' padding: pad (top, bottom, left, right) = c['pad'], NHWC <-> NCHW around the conv.
fwd = lambda m, x: m(F.pad(x.permute(0, 3, 1, 2), (c['pad'][2], c['pad'][3], c['pad'][0], c['pad'][1]))).permute(0, 2, 3, 1)
conv, out['conv'] = step(conv, 'conv', c, fwd)
out['conv']['gw'] = conv.weight_orig.grad.permute(2, 3, 1, 0).flatten().tolist()

# After many training calls: sigma_est = ||W u|| against the SVD, and inference with W / sigma_est.
for name, p in inp['converged'].items():
    W = np.array(p['w']).reshape(p['shape'])
    M = W.reshape(-1, p['shape'][-1])
    est = float(np.linalg.norm(M @ np.array(p['u'])))
    out[name]['svd'] = float(np.linalg.svd(M, compute_uv=False)[0])
    out[name]['est'] = est
    x = t(p['x'], p['xShape'])
    if name == 'dense':
        y = x @ torch.tensor(W / est) + torch.tensor(p['b'], dtype=torch.float64)
    else:
        y = F.conv2d(x.permute(0, 3, 1, 2), torch.tensor(W / est).permute(3, 2, 0, 1), torch.tensor(p['b'], dtype=torch.float64),
                     padding=p['torchPadding']).permute(0, 2, 3, 1)
    out[name]['inference'] = y.flatten().tolist()
print(json.dumps(out))
`;

const rng = new Rng(2024);
const normal = (shape: number[]) => Array.from(rng.normal(shape.reduce((a, b) => a * b, 1)));

interface StepResult {
  y: number[];
  u: number[];
  gx: number[];
  gw: number[];
  gb: number[];
}

/** Sets W, b, u of a built layer, runs one training call and backprop of Σ C ⊙ y w.r.t. x, W and b. */
function trainingStep(layer: SpectralDense | SpectralConv2D, p: { [k: string]: number[] }): StepResult {
  const [w, b, u] = layer.getWeights().map((t) => t.shape);
  layer.setWeights([tf.tensor(p.w, w), tf.tensor(p.b, b), tf.tensor(p.u, u)]);
  // x as a variable: one forward (one advance of u) yields all three gradients.
  const x = tf.variable(tf.tensor(p.x, p.xShape));
  const [kernel, bias] = layer.trainableWeights.map((v) => v.read() as tf.Variable);
  let y: number[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const out = layer.apply(x, { training: true }) as tf.Tensor;
    y = Array.from(out.dataSync());
    return tf.sum(tf.mul(out, tf.tensor(p.c, out.shape)));
  }, [x, kernel, bias]);
  const result = {
    y,
    u: Array.from(layer.getWeights()[2].dataSync()),
    gx: Array.from(grads[x.name].dataSync()),
    gw: Array.from(grads[kernel.name].dataSync()),
    gb: Array.from(grads[bias.name].dataSync()),
  };
  tf.dispose([x, value, ...Object.values(grads)]);
  return result;
}

test('SpectralDense / SpectralConv2D: one training step equals torch spectral_norm; σ → SVD', (t) => {
  const dense = { shape: [12, 7], xShape: [5, 12] };
  // TensorFlow's 'same' with stride 2 on 8×8 pads one row/column at the end only: (top, bottom, left, right).
  const conv = { shape: [3, 3, 4, 6], xShape: [2, 8, 8, 4], strides: [2], pad: [0, 1, 0, 1] };
  const dIn = {
    ...dense,
    w: normal(dense.shape),
    b: normal([7]),
    u: normal([7, 1]),
    x: normal(dense.xShape),
    c: normal([5, 7]),
  };
  const cIn = {
    ...conv,
    w: normal(conv.shape),
    b: normal([6]),
    u: normal([6, 1]),
    x: normal(conv.xShape),
    c: normal([2, 4, 4, 6]),
  };
  // PyTorch normalises u before the iteration; so do our layers' initialisers — start both from a unit u.
  for (const p of [dIn, cIn]) {
    const n = Math.hypot(...p.u);
    p.u = p.u.map((v) => v / n);
  }
  const sd = new SpectralDense({ units: 7, seed: 1 });
  sd.apply(tf.zeros([1, 12]));
  const sc = new SpectralConv2D({ filters: 6, kernelSize: 3, strides: 2, padding: 'same', seed: 2 });
  sc.apply(tf.zeros([1, 8, 8, 4]));
  const ours = { dense: trainingStep(sd, dIn), conv: trainingStep(sc, cIn) };
  for (const r of Object.values(ours)) {
    for (const g of [r.gx, r.gw, r.gb]) assert.ok(g.every(Number.isFinite), 'gradients are finite');
  }

  // Converge: 80 training calls (one power iteration each) on fresh layers with valid padding.
  const sd2 = new SpectralDense({ units: 9, seed: 3 });
  const sc2 = new SpectralConv2D({ filters: 5, kernelSize: [3, 2], seed: 4 });
  const converged: Record<string, Record<string, unknown>> = {};
  for (const [name, layer, xShape] of [
    ['dense', sd2, [4, 20]],
    ['conv', sc2, [2, 6, 5, 3]],
  ] as const) {
    const x = tf.tensor(normal([...xShape]), [...xShape]);
    for (let i = 0; i < 80; i++) tf.dispose(layer.apply(x, { training: true }) as tf.Tensor);
    const y = layer.apply(x) as tf.Tensor;
    const [w, b, u] = layer.getWeights();
    converged[name] = {
      shape: w.shape,
      w: Array.from(w.dataSync()),
      b: Array.from(b.dataSync()),
      u: Array.from(u.dataSync()),
      x: Array.from(x.dataSync()),
      xShape,
      torchPadding: 0,
      y: Array.from(y.dataSync()),
    };
    tf.dispose([x, y]);
  }

  type Ref = StepResult & { svd: number; est: number; inference: number[] };
  const ref = runPython<Record<'dense' | 'conv', Ref>>(SCRIPT, { dense: dIn, conv: cIn, converged }, [
    'numpy',
    'torch',
  ]);
  if (!ref.ok) {
    t.skip(ref.reason);
    return;
  }
  for (const name of ['dense', 'conv'] as const) {
    const [o, r] = [ours[name], ref.value[name]];
    assertClose(o.y, r.y, `${name} y`, 1e-5, 1e-4);
    assertClose(o.u, r.u, `${name} u after the step`, 1e-5, 1e-4);
    assertClose(o.gx, r.gx, `${name} ∂/∂x`, 1e-5, 1e-3);
    assertClose(o.gw, r.gw, `${name} ∂/∂W`, 1e-5, 1e-3);
    assertClose(o.gb, r.gb, `${name} ∂/∂b`, 1e-5, 1e-4);
    assertClose([r.est], [r.svd], `${name} σ estimate vs SVD`, 0, 1e-4);
    assertClose(converged[name].y as number[], r.inference, `${name} inference with W/σ`, 1e-5, 1e-4);
  }
});

test('getWeights / setWeights carry u: a restored layer continues identically; inference keeps u', () => {
  const x = tf.tensor(normal([3, 7, 7, 2]), [3, 7, 7, 2]);
  const a = new SpectralConv2D({ filters: 4, kernelSize: 3, padding: 'same', seed: 10 });
  for (let i = 0; i < 3; i++) tf.dispose(a.apply(x, { training: true }) as tf.Tensor);
  const b = new SpectralConv2D({ filters: 4, kernelSize: 3, padding: 'same', seed: 11 });
  tf.dispose(b.apply(x) as tf.Tensor);
  const saved = a.getWeights().map((w) => tf.clone(w));
  b.setWeights(saved);
  tf.dispose(saved);
  const uBefore = Array.from(b.getWeights()[2].dataSync());
  tf.dispose(b.apply(x, { training: false }) as tf.Tensor);
  assert.deepEqual(Array.from(b.getWeights()[2].dataSync()), uBefore, 'inference does not advance u');
  for (let i = 0; i < 2; i++) {
    const ya = a.apply(x, { training: true }) as tf.Tensor;
    const yb = b.apply(x, { training: true }) as tf.Tensor;
    assert.deepEqual(ya.dataSync(), yb.dataSync());
    tf.dispose([ya, yb]);
  }
  assert.deepEqual(a.getWeights()[2].dataSync(), b.getWeights()[2].dataSync());
  assert.notDeepEqual(Array.from(b.getWeights()[2].dataSync()), uBefore, 'training advances u');

  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) {
    tf.dispose(a.apply(x, { training: true }) as tf.Tensor);
    tf.dispose(a.apply(x) as tf.Tensor);
  }
  assert.equal(tf.memory().numTensors, before, 'calls leak no tensors');
  tf.dispose(x);
});

test('the layers slot into a functional model; u is a non-trainable model weight; JSON round trip', async () => {
  const inp = tfl.input({ shape: [6, 6, 1] });
  const conv = new SpectralConv2D({ filters: 3, kernelSize: 3, strides: 2, padding: 'same', seed: 1 });
  let h = conv.apply(inp) as tfl.SymbolicTensor;
  h = tfl.layers.flatten().apply(h) as tfl.SymbolicTensor;
  const out = new SpectralDense({ units: 2, useBias: false, seed: 2 }).apply(h) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: inp, outputs: out });
  assert.deepEqual(out.shape, [null, 2]);
  assert.equal(model.weights.length, 5, 'conv kernel, bias, u; dense kernel, u');
  assert.equal(model.trainableWeights.length, 3);
  assert.deepEqual(
    model.nonTrainableWeights.map((w) => w.shape),
    [
      [3, 1],
      [2, 1],
    ],
  );
  const copy = await tfl.models.modelFromJSON({
    modelTopology: model.toJSON(null, false) as tf.io.ModelJSON['modelTopology'],
  });
  assert.deepEqual(
    copy.layers.map((l) => l.getClassName()),
    ['InputLayer', 'SpectralConv2D', 'Flatten', 'SpectralDense'],
  );
  copy.setWeights(model.getWeights());
  const x = tf.tensor(normal([2, 6, 6, 1]), [2, 6, 6, 1]);
  const [ya, yb] = [model.predict(x) as tf.Tensor, copy.predict(x) as tf.Tensor];
  assert.deepEqual(ya.dataSync(), yb.dataSync());
  // The trainer's model.apply(…, { training: true }) reaches the layers: u advances (both have ≥ 2
  // outputs: a 1-entry unit u is ±1 forever); predict leaves it.
  const us = () => model.nonTrainableWeights.map((w) => Array.from(w.read().dataSync()));
  const u0 = us();
  tf.dispose(model.predict(x) as tf.Tensor);
  assert.deepEqual(us(), u0);
  tf.dispose(model.apply(x, { training: true }) as tf.Tensor);
  us().forEach((u, i) => assert.notDeepEqual(u, u0[i], `u of spectral layer ${i} advanced`));
  tf.dispose([x, ya, yb]);
  model.dispose();
  copy.dispose();
});
