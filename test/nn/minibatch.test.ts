import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../../src/backend/index.js';
import { MinibatchDiscrimination } from '../../src/nn/minibatch-discrimination.js';
import { MinibatchStdDev } from '../../src/nn/minibatch-stddev.js';
import { Rng } from '../../src/util/rng.js';
import { assertClose, runPython } from '../helpers/python-reference.js';

await initBackend('cpu');

const rng = new Rng(77);
const normal = (shape: number[]) => Array.from(rng.normal(shape.reduce((a, b) => a * b, 1)));

/** y = layer(x) and ∂/∂x Σ C ⊙ y (plus ∂/∂v for the variables `vars`). */
function forwardBackward(
  layer: tfl.layers.Layer,
  x: number[],
  shape: number[],
  c: number[],
  vars: tf.Variable[] = [],
) {
  const xv = tf.variable(tf.tensor(x, shape));
  let y: number[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const out = layer.apply(xv) as tf.Tensor;
    y = Array.from(out.dataSync());
    return tf.sum(tf.mul(out, tf.tensor(c, out.shape)));
  }, [xv, ...vars]);
  const result = {
    y,
    grads: [xv, ...vars].map((v) => Array.from(grads[v.name].dataSync())),
  };
  tf.dispose([xv, value, ...Object.values(grads)]);
  return result;
}

// StyleGAN2-ADA's MinibatchStdLayer (num_channels = 1) in NCHW, written from its definition.
const STDDEV_SCRIPT = `
import torch
torch.set_default_dtype(torch.float64)
def mbstd(x, G):
    N, C, H, W = x.shape
    y = x.reshape(G, -1, 1, C, H, W)
    y = y - y.mean(dim=0)
    y = y.square().mean(dim=0)
    y = (y + 1e-8).sqrt()
    y = y.mean(dim=[2, 3, 4]).reshape(-1, 1, 1, 1).repeat(G, 1, H, W)
    return torch.cat([x, y], dim=1)
out = []
for case in json.load(sys.stdin):
    s = case['shape']
    x = torch.tensor(case['x']).reshape(s)
    # NHWC -> NCHW; [N, F] is [N, F, 1, 1].
    x = (x.permute(0, 3, 1, 2) if len(s) == 4 else x.reshape(s[0], s[1], 1, 1)).requires_grad_(True)
    y = mbstd(x, case['G'])
    y = y.permute(0, 2, 3, 1) if len(s) == 4 else y.reshape(s[0], s[1] + 1)
    (y * torch.tensor(case['c']).reshape(y.shape)).sum().backward()
    g = x.grad.permute(0, 2, 3, 1) if len(s) == 4 else x.grad.reshape(s)
    out.append({'y': y.detach().flatten().tolist(), 'g': g.flatten().tolist()})
print(json.dumps(out))
`;

test('MinibatchStdDev equals StyleGAN2 MinibatchStdLayer (values and ∂/∂x), rank 4 and rank 2', (t) => {
  const cases = [
    { shape: [8, 3, 2, 5], groupSize: 4 as number | 'batch', G: 4 },
    { shape: [6, 4, 4, 2], groupSize: 'batch' as const, G: 6 },
    { shape: [3, 7], groupSize: 4, G: 3 },
    { shape: [8, 5], groupSize: 2, G: 2 },
  ].map((k) => {
    const outShape = [...k.shape.slice(0, -1), k.shape[k.shape.length - 1] + 1];
    return { ...k, x: normal(k.shape), c: normal(outShape) };
  });
  const ours = cases.map((k) =>
    forwardBackward(new MinibatchStdDev({ groupSize: k.groupSize }), k.x, k.shape, k.c),
  );
  const ref = runPython<{ y: number[]; g: number[] }[]>(STDDEV_SCRIPT, cases, ['torch']);
  if (!ref.ok) {
    t.skip(ref.reason);
    return;
  }
  cases.forEach((k, i) => {
    assertClose(ours[i].y, ref.value[i].y, `y ${k.shape} G=${k.G}`, 1e-6, 1e-5);
    assertClose(ours[i].grads[0], ref.value[i].g, `∂/∂x ${k.shape} G=${k.G}`, 1e-6, 1e-4);
  });
});

test('MinibatchStdDev: shapes in a model, batch not divisible by the group, no leaks', () => {
  const inp = tfl.input({ shape: [4, 4, 3] });
  const out = new MinibatchStdDev().apply(inp) as tfl.SymbolicTensor;
  assert.deepEqual(out.shape, [null, 4, 4, 4]);
  const layer = new MinibatchStdDev({ groupSize: 4 });
  const x = tf.randomNormal([6, 5]);
  assert.throws(() => layer.apply(x), /batch 6 is not a multiple of the group size 4/);
  assert.throws(() => new MinibatchStdDev({ groupSize: 0 }), RangeError);
  const x4 = tf.randomNormal([8, 5]);
  tf.dispose(layer.apply(x4) as tf.Tensor);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) tf.dispose(layer.apply(x4) as tf.Tensor);
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([x, x4]);
});

const MBD_SCRIPT = `
import torch
torch.set_default_dtype(torch.float64)
out = []
for case in json.load(sys.stdin):
    N, A = case['shape']
    B, C = case['B'], case['C']
    x = torch.tensor(case['x']).reshape(N, A).requires_grad_(True)
    T = torch.tensor(case['T']).reshape(A, B * C).requires_grad_(True)
    M = (x @ T).reshape(N, B, C)
    cb = torch.exp(-(M[:, None] - M[None, :]).abs().sum(3))          # [N, N, B]: c_b(i, j)
    if not case['includeSelf']:
        cb = cb * (1 - torch.eye(N))[:, :, None]
    y = torch.cat([x, cb.sum(1)], 1)
    (y * torch.tensor(case['c']).reshape(y.shape)).sum().backward()
    out.append({'y': y.detach().flatten().tolist(), 'gx': x.grad.flatten().tolist(), 'gT': T.grad.flatten().tolist()})
print(json.dumps(out))
`;

test('MinibatchDiscrimination equals the paper formula (values, ∂/∂x, ∂/∂T) with and without j = i', (t) => {
  // The same x, C and (seeded) T for both forms, so that they differ only by the self term.
  const [x, c] = [normal([6, 10]), normal([6, 14])];
  const cases = [true, false].map((includeSelf) => ({
    shape: [6, 10],
    B: 4,
    C: 3,
    includeSelf,
    x,
    c,
    T: [] as number[],
  }));
  const ours = cases.map((k) => {
    const layer = new MinibatchDiscrimination({
      kernels: k.B,
      kernelDim: k.C,
      includeSelf: k.includeSelf,
      seed: 5,
    });
    tf.dispose(layer.apply(tf.zeros(k.shape)) as tf.Tensor);
    // Scale T up from its initial N(0, 0.05²) so that the exp(−L1) terms are neither ≈ 0 nor ≈ 1 everywhere.
    const [t0] = layer.getWeights();
    k.T = Array.from(t0.dataSync(), (v) => v * 4);
    layer.setWeights([tf.tensor(k.T, t0.shape)]);
    const r = forwardBackward(layer, k.x, k.shape, k.c, [layer.trainableWeights[0].read() as tf.Variable]);
    const before = tf.memory().numTensors;
    const xx = tf.tensor(k.x, k.shape);
    tf.dispose(layer.apply(xx) as tf.Tensor);
    xx.dispose();
    assert.equal(tf.memory().numTensors, before, 'apply leaks nothing');
    return r;
  });
  // With j = i each o_b is exactly 1 larger; the gradients are the same.
  for (let i = 0; i < 6; i++) {
    for (let b = 0; b < 4; b++) {
      assertClose(
        [ours[0].y[i * 14 + 10 + b] - 1],
        [ours[1].y[i * 14 + 10 + b]],
        'self term = 1',
        1e-6,
        1e-6,
      );
    }
  }
  const ref = runPython<{ y: number[]; gx: number[]; gT: number[] }[]>(MBD_SCRIPT, cases, ['torch']);
  if (!ref.ok) {
    t.skip(ref.reason);
    return;
  }
  cases.forEach((k, i) => {
    const what = k.includeSelf ? 'Σ_j' : 'Σ_{j≠i}';
    assertClose(ours[i].y, ref.value[i].y, `${what} y`, 1e-5, 1e-4);
    assertClose(ours[i].grads[0], ref.value[i].gx, `${what} ∂/∂x`, 1e-5, 1e-3);
    assertClose(ours[i].grads[1], ref.value[i].gT, `${what} ∂/∂T`, 1e-5, 1e-3);
  });
});

test('MinibatchDiscrimination in a functional model: output shape and JSON round trip', async () => {
  const inp = tfl.input({ shape: [12] });
  const out = new MinibatchDiscrimination({ kernels: 5, kernelDim: 3, seed: 1 }).apply(
    inp,
  ) as tfl.SymbolicTensor;
  assert.deepEqual(out.shape, [null, 17]);
  const model = tfl.model({ inputs: inp, outputs: out });
  const copy = await tfl.models.modelFromJSON({
    modelTopology: model.toJSON(null, false) as tf.io.ModelJSON['modelTopology'],
  });
  copy.setWeights(model.getWeights());
  const x = tf.randomNormal([4, 12]);
  const [ya, yb] = [model.predict(x) as tf.Tensor, copy.predict(x) as tf.Tensor];
  assert.deepEqual(ya.dataSync(), yb.dataSync());
  tf.dispose([x, ya, yb]);
  model.dispose();
  copy.dispose();
});
