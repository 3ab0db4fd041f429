/**
 * ReflectionPadding2D: forward values and gradient against torch.nn.ReflectionPad2d's autograd on the same
 * input and upstream gradient, the gradient against central differences, and the reason the layer exists —
 * tfjs-core 4.22's own MirrorPad gradient drops the border contributions.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../../src/backend/index.js';
import { InstanceNormalization } from '../../src/nn/instance-norm.js';
import { ReflectionPadding2D, reflectionPad2d } from '../../src/nn/reflection-pad.js';
import { Rng } from '../../src/util/rng.js';
import { numericalGradient } from '../helpers/numerical-gradient.js';
import { assertClose, runPython } from '../helpers/python-reference.js';

await initBackend('cpu');

const rng = new Rng(77);
const normal = (shape: number[]) => Float32Array.from(rng.normal(shape.reduce((a, b) => a * b, 1)));

/** Shapes [N, H, W, C] and pads covering p = 1, 3 (CycleGAN's two) and p = H − 1, the largest allowed. */
const CASES = [
  { shape: [2, 5, 6, 3], p: 1 },
  { shape: [1, 4, 7, 2], p: 3 },
  { shape: [1, 6, 5, 1], p: 2 },
].map(({ shape, p }) => {
  const [n, h, w, c] = shape;
  return { shape, p, x: normal(shape), dy: normal([n, h + 2 * p, w + 2 * p, c]) };
});

/** y and ∂(Σ dy ⊙ y)/∂x of the layer's op. */
function ours(x: Float32Array, shape: number[], dy: Float32Array, p: number) {
  return tf.tidy(() => {
    const xt = tf.tensor4d(x, shape as [number, number, number, number]);
    const y = reflectionPad2d(xt, p);
    const g = tf.grad((v: tf.Tensor) =>
      tf.sum(tf.mul(reflectionPad2d(v as tf.Tensor4D, p), tf.tensor(dy, y.shape))),
    );
    return { y: y.dataSync(), gx: g(xt).dataSync() };
  });
}

const SCRIPT = `
import torch
out = []
for c in json.load(sys.stdin):
    n, h, w, ch = c['shape']
    x = torch.tensor(c['x'], dtype=torch.float64).reshape(n, h, w, ch).permute(0, 3, 1, 2).requires_grad_(True)
    y = torch.nn.ReflectionPad2d(c['p'])(x)
    dy = torch.tensor(c['dy'], dtype=torch.float64).reshape(n, h + 2 * c['p'], w + 2 * c['p'], ch).permute(0, 3, 1, 2)
    y.backward(dy)
    out.append({'y': y.detach().permute(0, 2, 3, 1).flatten().tolist(), 'gx': x.grad.permute(0, 2, 3, 1).flatten().tolist()})
print(json.dumps(out))
`;

test('forward and gradient equal torch.nn.ReflectionPad2d autograd', (t) => {
  const ref = runPython<{ y: number[]; gx: number[] }[]>(
    SCRIPT,
    CASES.map((c) => ({ shape: c.shape, p: c.p, x: Array.from(c.x), dy: Array.from(c.dy) })),
    ['torch'],
  );
  if (!ref.ok) {
    console.log(`skipped: ${ref.reason}`);
    t.skip(ref.reason);
    return;
  }
  CASES.forEach((c, i) => {
    const got = ours(c.x, c.shape, c.dy, c.p);
    assertClose(got.y, ref.value[i].y, `y (p=${c.p})`, 0, 0);
    assertClose(got.gx, ref.value[i].gx, `dx (p=${c.p})`, 1e-5, 1e-5);
  });
});

test('gradient equals central differences of a nonlinear loss', () => {
  for (const c of CASES) {
    const weight = tf.tensor(c.dy, [c.shape[0], c.shape[1] + 2 * c.p, c.shape[2] + 2 * c.p, c.shape[3]]);
    const loss = (v: tf.Tensor) =>
      tf.sum(tf.mul(weight, tf.square(reflectionPad2d(v as tf.Tensor4D, c.p)))) as tf.Scalar;
    const analytic = tf.tidy(() => tf.grad(loss)(tf.tensor(c.x, c.shape)).dataSync());
    assertClose(analytic, numericalGradient(loss, c.x, c.shape), `dx (p=${c.p})`, 2e-3, 1e-3);
    weight.dispose();
  }
});

test("tfjs's stock MirrorPad gradient drops the border cells (why the layer exists)", () => {
  const c = CASES[0];
  const pads: [number, number][] = [
    [0, 0],
    [c.p, c.p],
    [c.p, c.p],
    [0, 0],
  ];
  const stock = tf.tidy(() => {
    const dy = tf.tensor(c.dy, [c.shape[0], c.shape[1] + 2, c.shape[2] + 2, c.shape[3]]);
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.mirrorPad(v, pads, 'reflect'), dy)));
    return {
      gx: g(tf.tensor(c.x, c.shape)).dataSync(),
      centre: tf.slice(dy, [0, 1, 1, 0], c.shape).dataSync(),
    };
  });
  // The stock gradient is exactly the centre slice of dy, so it differs from the true one near every edge.
  assert.deepEqual(stock.gx, stock.centre);
  const fixed = ours(c.x, c.shape, c.dy, c.p).gx;
  const [, h, w, ch] = c.shape;
  // With p = 1 the reflected copies come from rows 1 and h − 2 and columns 1 and w − 2: only those differ.
  const copied = (i: number) => {
    const row = Math.floor(i / (w * ch)) % h;
    const col = Math.floor(i / ch) % w;
    return row === 1 || row === h - 2 || col === 1 || col === w - 2;
  };
  fixed.forEach((v, i) => {
    assert.equal(Math.abs(v - stock.gx[i]) > 1e-6, copied(i), `cell ${i}`);
  });
});

test('layer: output shape, leaves no tensors, round-trips through the model JSON', () => {
  const model = tfl.sequential({
    layers: [new ReflectionPadding2D({ padding: 2, inputShape: [5, 6, 3] }), new InstanceNormalization()],
  });
  assert.deepEqual(model.outputShape, [null, 9, 10, 3]);
  const x = tf.tensor(CASES[0].x, CASES[0].shape);
  const before = tf.memory().numTensors;
  const y = model.predict(x) as tf.Tensor;
  assert.equal(tf.memory().numTensors, before + 1);
  const copy = tfl.models.modelFromJSON(model.toJSON(null, false) as tf.serialization.ConfigDict);
  return copy.then((m) => {
    assert.deepEqual((m.predict(x) as tf.Tensor).dataSync(), y.dataSync());
  });
});
