/**
 * InstanceNormalization against torch.nn.InstanceNorm2d (values and autograd, with and without affine),
 * its gradient against central differences, and the training / inference sameness the official
 * `track_running_stats=False` configuration implies.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import { InstanceNormalization } from '../../src/nn/instance-norm.js';
import { normLayer } from '../../src/nn/norm.js';
import { Rng } from '../../src/util/rng.js';
import { numericalGradient } from '../helpers/numerical-gradient.js';
import { assertClose, runPython } from '../helpers/python-reference.js';

await initBackend('cpu');

const rng = new Rng(5);
const normal = (n: number, scale = 1, shift = 0) =>
  Float32Array.from(rng.normal(n), (v) => v * scale + shift);
const SHAPE: [number, number, number, number] = [2, 4, 5, 3];
const SIZE = SHAPE.reduce((a, b) => a * b, 1);
// Per-channel offsets and scales far from 0 / 1, so a normalisation over the wrong axes shows.
const X = normal(SIZE, 3, 2);
const DY = normal(SIZE);
const GAMMA = [0.5, 1.5, -2];
const BETA = [0.1, -0.3, 0.7];

/** The layer (built, affine weights set) applied to x, and ∂(Σ dy ⊙ y)/∂x. */
function run(affine: boolean, training: boolean) {
  const layer = new InstanceNormalization({ affine });
  layer.build(SHAPE);
  if (affine) layer.setWeights([tf.tensor1d(GAMMA), tf.tensor1d(BETA)]);
  const [y, gx] = tf.tidy(() => {
    const x = tf.tensor4d(X, SHAPE);
    const dy = tf.tensor4d(DY, SHAPE);
    const f = (v: tf.Tensor) => layer.apply(v, { training }) as tf.Tensor;
    return [
      f(x).dataSync(),
      tf
        .grad((v: tf.Tensor) => tf.sum(tf.mul(f(v), dy)))(x)
        .dataSync(),
    ];
  });
  return { y, gx, layer };
}

const SCRIPT = `
import torch
p = json.load(sys.stdin)
n, h, w, c = p['shape']
out = {}
for affine in (False, True):
    m = torch.nn.InstanceNorm2d(c, affine=affine, track_running_stats=False).double()
    if affine:
        with torch.no_grad():
            m.weight.copy_(torch.tensor(p['gamma'])); m.bias.copy_(torch.tensor(p['beta']))
    x = torch.tensor(p['x'], dtype=torch.float64).reshape(n, h, w, c).permute(0, 3, 1, 2).requires_grad_(True)
    y = m(x)
    y.backward(torch.tensor(p['dy'], dtype=torch.float64).reshape(n, h, w, c).permute(0, 3, 1, 2))
    out[str(affine).lower()] = {'y': y.detach().permute(0, 2, 3, 1).flatten().tolist(),
                        'gx': x.grad.permute(0, 2, 3, 1).flatten().tolist()}
print(json.dumps(out))
`;

test('values and gradient equal torch.nn.InstanceNorm2d (affine off and on)', (t) => {
  const input = { shape: SHAPE, x: Array.from(X), dy: Array.from(DY), gamma: GAMMA, beta: BETA };
  const ref = runPython<Record<string, { y: number[]; gx: number[] }>>(SCRIPT, input, ['torch']);
  if (!ref.ok) {
    console.log(`skipped: ${ref.reason}`);
    t.skip(ref.reason);
    return;
  }
  for (const affine of [false, true]) {
    const got = run(affine, true);
    assertClose(got.y, ref.value[String(affine)].y, `y (affine ${affine})`, 1e-5, 1e-4);
    assertClose(got.gx, ref.value[String(affine)].gx, `dx (affine ${affine})`, 1e-5, 1e-3);
  }
});

test('gradient equals central differences', () => {
  const layer = new InstanceNormalization();
  const dy = tf.tensor4d(DY, SHAPE);
  const loss = (v: tf.Tensor) => tf.sum(tf.mul(tf.square(layer.apply(v) as tf.Tensor), dy)) as tf.Scalar;
  const analytic = tf.tidy(() => tf.grad(loss)(tf.tensor4d(X, SHAPE)).dataSync());
  assertClose(analytic, numericalGradient(loss, X, SHAPE, 1e-2), 'dx', 5e-3, 1e-2);
  dy.dispose();
});

test('no weights without affine; training and inference compute the same', () => {
  const plain = run(false, true);
  assert.equal(plain.layer.countParams(), 0);
  assert.deepEqual(run(false, false).y, plain.y);
  const affine = run(true, true);
  assert.equal(affine.layer.countParams(), 2 * SHAPE[3]);
  assert.deepEqual(run(true, false).y, affine.y);
});

test("normLayer: torch's batch-norm constants, instance norm, none", () => {
  const bn = normLayer('batch', 'bn', 1)!.getConfig();
  assert.equal(bn.momentum, 0.9);
  assert.equal(bn.epsilon, 1e-5);
  assert.ok(normLayer('instance', 'in') instanceof InstanceNormalization);
  assert.equal(normLayer('none', 'x'), null);
});
