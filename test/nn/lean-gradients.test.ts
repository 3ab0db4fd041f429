/**
 * The re-registered gradients of src/nn/lean-gradients.ts: Mean, LeakyRelu and Relu bit for bit equal
 * to tfjs's own (the activations as one fused kernel on native, to second order), FusedBatchNorm equal
 * to tfjs's to rounding, and a training-mode batch norm's first- and second-order gradients equal to
 * torch.nn.BatchNorm2d's autograd in float64, on the cpu and native backends.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { type BackendName, initBackend } from '../../src/backend/index.js';
import { Rng } from '../../src/util/rng.js';
import { assertClose, runPython } from '../helpers/python-reference.js';

const KERNELS = [tf.Mean, tf.FusedBatchNorm, tf.LeakyRelu, tf.Relu] as const;
type Kernel = (typeof KERNELS)[number];
// tfjs's own gradients, taken before the module replaces them.
const TFJS = Object.fromEntries(KERNELS.map((k) => [k, tf.getGradient(k)!])) as Record<Kernel, tf.GradConfig>;
const { ACTIVATION_GRAD } = await import('../../src/nn/lean-gradients.js');
const LEAN = Object.fromEntries(KERNELS.map((k) => [k, tf.getGradient(k)!])) as Record<Kernel, tf.GradConfig>;

/** Runs `f` with tfjs's original gradient of `kernel` registered, then restores the lean one. */
function withTfjsGradient<T>(kernel: Kernel, f: () => T): T {
  tf.registerGradient(TFJS[kernel]);
  try {
    return f();
  } finally {
    tf.registerGradient(LEAN[kernel]);
  }
}

const rng = new Rng(11);
const normal = (n: number, scale = 1, shift = 0) =>
  Float32Array.from(rng.normal(n), (v) => v * scale + shift);
const SHAPE: [number, number, number, number] = [3, 4, 5, 3];
const SIZE = SHAPE.reduce((a, b) => a * b, 1);
// Channel means and spreads far from 0 / 1, so a reduction over the wrong axes shows.
const X = normal(SIZE, 2.5, 1.5);
const DY = normal(SIZE);
const GAMMA = [0.7, -1.3, 2.1];
const BETA = [0.2, -0.4, 0.9];
const BACKENDS: BackendName[] = ['cpu', 'native'];

test('Mean: rank 5 to second order as tfjs (to rounding), and no per-repetition Slice/Add loop (a Tile gradient)', async () => {
  for (const backend of BACKENDS) {
    await initBackend(backend);
    const x5 = tf.reshape(tf.tensor4d(X, SHAPE), [3, 4, 5, 3, 1]);
    const f = (v: tf.Tensor) => tf.sum(tf.square(tf.mean(tf.square(v), [0, 3])));
    const g = () =>
      tf.tidy(() =>
        tf
          .grad((v: tf.Tensor) => tf.sum(tf.square(tf.grad(f)(v))))(x5)
          .dataSync(),
      );
    // Second order to rounding: Σ(ddx)/n here, Σ(ddx/n) in tfjs's.
    assertClose(g(), withTfjsGradient(tf.Mean, g), backend, 1e-6, 1e-5);
    x5.dispose();
  }
  // StyleGAN's minibatch deviation under R1: the mean over 1,024 elements per sample, differentiated twice.
  const x = tf.randomNormal([8, 4, 4, 64]);
  const f = (v: tf.Tensor) => tf.sum(tf.square(tf.mean(tf.square(v), [1, 2, 3])));
  const { kernels } = await tf.profile(() =>
    tf.tidy(() => tf.grad((v: tf.Tensor) => tf.sum(tf.square(tf.grad(f)(v))))(x)),
  );
  const slices = kernels.filter((k) => k.name === 'Slice').length;
  assert.ok(kernels.length < 100 && slices === 0, `${kernels.length} kernels, ${slices} Slice`);
  x.dispose();
});

test('Mean: the same gradient as tfjs, bit for bit, for every axis set', async () => {
  for (const backend of BACKENDS) {
    await initBackend(backend);
    for (const [axis, keepDims] of [
      [[0, 1, 2], false],
      [[1, 2], true],
      [[3], false],
      [[0], true],
      [undefined, false],
    ] as const) {
      const grad = () =>
        tf.tidy(() =>
          tf
            .grad((v: tf.Tensor) =>
              tf.sum(tf.mul(tf.square(tf.mean(v, axis as number[] | undefined, keepDims)), 3)),
            )(tf.tensor4d(X, SHAPE))
            .dataSync(),
        );
      assert.deepEqual(
        grad(),
        withTfjsGradient('Mean', grad),
        `${backend}, axis ${axis}, keepDims ${keepDims}`,
      );
    }
  }
});

/** A training-mode BatchNormalization layer (batch statistics) with γ, β set, as gankit's models build it. */
function batchNorm(): tfl.layers.Layer {
  const layer = tfl.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 });
  layer.build(SHAPE);
  layer.setWeights([tf.tensor1d(GAMMA), tf.tensor1d(BETA), tf.zeros([3]), tf.ones([3])]);
  return layer;
}

/**
 * For L = Σ dy ⊙ BN(x): ∂L/∂x, ∂L/∂γ, ∂L/∂β; and the second-order term a gradient penalty takes,
 * P = Σ (∂L/∂x)², differentiated with respect to x and γ.
 */
function gradients(layer: tfl.layers.Layer) {
  return tf.tidy(() => {
    const [gamma, beta] = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const x = tf.tensor4d(X, SHAPE);
    const dy = tf.tensor4d(DY, SHAPE);
    const loss = (v: tf.Tensor) =>
      tf.sum(tf.mul(layer.apply(v, { training: true }) as tf.Tensor, dy)) as tf.Scalar;
    const first = tf.variableGrads(() => loss(x), [gamma, beta]).grads;
    const penalty = (v: tf.Tensor) => tf.sum(tf.square(tf.grad(loss)(v))) as tf.Scalar;
    return {
      gx: tf.grad(loss)(x).dataSync(),
      gGamma: first[gamma.name].dataSync(),
      gBeta: first[beta.name].dataSync(),
      px: tf.grad(penalty)(x).dataSync(),
      pGamma: tf.variableGrads(() => penalty(x), [gamma]).grads[gamma.name].dataSync(),
    };
  });
}

const SCRIPT = `
import torch
p = json.load(sys.stdin)
n, h, w, c = p['shape']
bn = torch.nn.BatchNorm2d(c, eps=1e-5, momentum=0.1).double().train()
with torch.no_grad():
    bn.weight.copy_(torch.tensor(p['gamma'])); bn.bias.copy_(torch.tensor(p['beta']))
x = torch.tensor(p['x'], dtype=torch.float64).reshape(n, h, w, c).permute(0, 3, 1, 2).requires_grad_(True)
dy = torch.tensor(p['dy'], dtype=torch.float64).reshape(n, h, w, c).permute(0, 3, 1, 2)
loss = (bn(x) * dy).sum()
gx, gg, gb = torch.autograd.grad(loss, [x, bn.weight, bn.bias], create_graph=True)
px, pg = torch.autograd.grad((gx ** 2).sum(), [x, bn.weight])
nhwc = lambda t: t.detach().permute(0, 2, 3, 1).flatten().tolist()
print(json.dumps({'gx': nhwc(gx), 'gGamma': gg.tolist(), 'gBeta': gb.tolist(), 'px': nhwc(px), 'pGamma': pg.tolist()}))
`;

test('BatchNormalization in training: first- and second-order gradients equal torch autograd', async (t) => {
  const input = { shape: SHAPE, x: Array.from(X), dy: Array.from(DY), gamma: GAMMA, beta: BETA };
  const ref = runPython<Record<string, number[]>>(SCRIPT, input, ['torch']);
  if (!ref.ok) {
    console.log(`skipped: ${ref.reason}`);
    t.skip(ref.reason);
    return;
  }
  for (const backend of BACKENDS) {
    await initBackend(backend);
    const got = gradients(batchNorm());
    for (const k of ['gx', 'gGamma', 'gBeta'] as const)
      assertClose(got[k], ref.value[k], `${backend} ${k}`, 2e-5, 2e-4);
    // Second order: small differences of large terms, so a looser bound.
    for (const k of ['px', 'pGamma'] as const)
      assertClose(got[k], ref.value[k], `${backend} ${k}`, 2e-4, 2e-3);
  }
});

test("BatchNormalization: the lean gradients equal tfjs's to rounding", async () => {
  for (const backend of BACKENDS) {
    await initBackend(backend);
    const lean = gradients(batchNorm());
    const tfjs = withTfjsGradient('FusedBatchNorm', () =>
      withTfjsGradient('Mean', () => gradients(batchNorm())),
    );
    for (const k of Object.keys(lean) as (keyof typeof lean)[])
      assertClose(lean[k], tfjs[k], `${backend} ${k}`, 1e-5, 1e-4);
  }
});

test('FusedBatchNorm: rank-1 statistics as tfjs, rank-4 ones (where tfjs throws) the same values', async () => {
  for (const backend of BACKENDS) {
    await initBackend(backend);
    const f = (shape: number[]) =>
      tf.tidy(() => {
        const x = tf.tensor4d(X, SHAPE);
        const dy = tf.tensor4d(DY, SHAPE);
        const params = [[0.3, -0.2, 1.1], [0.5, 2.0, 1.5], BETA, GAMMA].map((p) => tf.tensor(p, shape));
        const g = tf.grads((a: tf.Tensor, m: tf.Tensor, v: tf.Tensor, o: tf.Tensor, s: tf.Tensor) =>
          tf.sum(tf.mul(tf.batchNorm(a, m, v, o, s, 1e-3), dy)),
        )([x, ...params]);
        return g.map((t) => t.dataSync());
      });
    const lean = f([3]);
    const tfjs = withTfjsGradient('FusedBatchNorm', () => f([3]));
    lean.forEach((g, i) => assertClose(g, tfjs[i], `${backend} input ${i}`));
    f([1, 1, 1, 3]).forEach((g, i) => assertClose(g, lean[i], `${backend} input ${i}, rank-4 statistics`));
  }
});

const W1 = normal(12 * 16);
const W2 = normal(16);
// Inputs with exact zeros, so the branch at x = 0 is compared too.
const XS = Float32Array.from(normal(8 * 12), (v, i) => (i % 7 === 0 ? 0 : v));

/** A 2-layer perceptron with `act` between, its input gradient, and a gradient penalty's gradients. */
function activationGradients(act: (t: tf.Tensor) => tf.Tensor) {
  return tf.tidy(() => {
    const w1 = tf.variable(tf.tensor2d(W1, [12, 16]));
    const w2 = tf.variable(tf.tensor2d(W2, [16, 1]));
    const x = tf.tensor2d(XS, [8, 12]);
    const f = (v: tf.Tensor) => tf.sum(tf.matMul(act(tf.matMul(v, w1)), w2)) as tf.Scalar;
    const penalty = () => tf.sum(tf.square(tf.grad(f)(x))) as tf.Scalar;
    const pg = tf.variableGrads(penalty, [w1, w2]).grads;
    const out = { gx: tf.grad(f)(x).dataSync(), pw1: pg[w1.name].dataSync(), pw2: pg[w2.name].dataSync() };
    tf.dispose([w1, w2]);
    return out;
  });
}

test('LeakyRelu and Relu: one fused kernel on native, the same bits as tfjs, to second order', async () => {
  const acts: [Kernel, (t: tf.Tensor) => tf.Tensor][] = [
    [tf.LeakyRelu, (t) => tf.leakyRelu(t, 0.2)],
    [tf.Relu, (t) => tf.relu(t)],
  ];
  for (const backend of BACKENDS) {
    await initBackend(backend);
    for (const [kernel, act] of acts) {
      const lean = activationGradients(act);
      const tfjs = withTfjsGradient(kernel, () => activationGradients(act));
      for (const k of Object.keys(lean) as (keyof typeof lean)[])
        assert.deepEqual(lean[k], tfjs[k], `${backend} ${kernel} ${k}`);
      const { kernels } = await tf.profile(() => activationGradients(act));
      const names = new Set(kernels.map((k) => k.name));
      assert.equal(names.has(ACTIVATION_GRAD), backend === 'native', `${backend} ${kernel}: ${[...names]}`);
    }
  }
});

test('the fused activation gradient keeps tfjs NaN semantics and refuses mismatched inputs', async () => {
  await initBackend('native');
  const x = tf.tensor1d([Number.NaN, -1, 0, 2]);
  const dy = tf.tensor1d([1, 2, 3, Number.NaN]);
  for (const [kernel, act] of [
    [tf.LeakyRelu, (t: tf.Tensor) => tf.leakyRelu(t, 0.1)],
    [tf.Relu, (t: tf.Tensor) => tf.relu(t)],
  ] as const) {
    const g = () =>
      tf.tidy(() =>
        tf
          .grad((v: tf.Tensor) => tf.sum(tf.mul(act(v), dy)))(x)
          .dataSync(),
      );
    assert.deepEqual(g(), withTfjsGradient(kernel, g), kernel);
  }
  assert.throws(
    () => tf.engine().runKernel(ACTIVATION_GRAD, { dy, x: tf.zeros([3]) }, { activation: 'Relu', alpha: 0 }),
    /float32 tensors of one shape/,
  );
  tf.dispose([x, dy]);
});
