import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../../src/backend/index.js';
import { gradientPenalty, makeRegularizer, r1Penalty, r2Penalty } from '../../src/losses/regularizers.js';
import { clipWeights, driftPenalty } from '../../src/losses/wasserstein.js';
import { UsageError } from '../../src/util/errors.js';
import { Rng } from '../../src/util/rng.js';
import { assertClose, runPython } from '../helpers/python-reference.js';

await initBackend('cpu');

/** Sets every weight of `model` to N(0, scale²) numbers from `rng`; returns them as plain arrays. */
function randomizeWeights(model: tfl.LayersModel, rng: Rng, scale = 0.5): number[][] {
  const weights = model.getWeights().map((w) => Array.from(rng.normal(w.size), (v) => v * scale));
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(weights[i], w.shape)));
  return weights;
}

function variablesOf(model: tfl.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

const randn = (rng: Rng, shape: number[]) => tf.tensor(rng.normal(shape.reduce((a, b) => a * b, 1)), shape);

test('gradient penalty of a linear critic is λ(‖w‖ − 1)², and its gradient is 2λ(‖w‖ − 1)·w/‖w‖', () => {
  const w = tf.variable(tf.tensor2d([[0.6], [1.2], [-0.4]]));
  const d = (x: tf.Tensor) => tf.matMul(x as tf.Tensor2D, w);
  const rng = new Rng(3);
  const real = randn(rng, [5, 3]);
  const fake = randn(rng, [5, 3]);
  const norm = Math.hypot(0.6, 1.2, -0.4);
  const { value, grads } = tf.variableGrads(() => gradientPenalty(d, real, fake, rng, { weight: 10 }), [w]);
  assertClose(value.dataSync(), [10 * (norm - 1) ** 2], 'GP value');
  const scale = (2 * 10 * (norm - 1)) / norm;
  assertClose(grads[w.name].dataSync(), [0.6 * scale, 1.2 * scale, -0.4 * scale], '∂GP/∂w');
});

test('the interpolation coefficient is drawn once per sample from the given rng', () => {
  const rng = new Rng(8);
  const real = randn(rng, [4, 3, 2, 1]);
  const fake = randn(rng, [4, 3, 2, 1]);
  let seen: Float32Array | null = null;
  const d = (x: tf.Tensor) => {
    seen = x.dataSync() as Float32Array;
    return tf.sum(tf.square(x), [1, 2, 3]);
  };
  const expectedEps = Rng.fromState(rng.state()).uniform(4);
  gradientPenalty(d, real, fake, rng).dispose();
  const r = real.dataSync();
  const f = fake.dataSync();
  const xHat = seen as unknown as Float32Array;
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 6; j++) {
      const k = i * 6 + j;
      const eps = expectedEps[i];
      assertClose([xHat[k]], [eps * r[k] + (1 - eps) * f[k]], `x̂[${i}, ${j}] uses ε of sample ${i}`);
    }
  }
  assert.throws(() => gradientPenalty(d, real, tf.zeros([4, 6]), rng), /one shape/);
});

test('R1 of D(x) = a·½‖x‖² is (γ/2)·a²·E‖x‖²; R2 is the same penalty on fakes', () => {
  const a = tf.variable(tf.scalar(1.5));
  const d = (x: tf.Tensor) => tf.mul(a, tf.mul(0.5, tf.sum(tf.square(x), 1)));
  const x = tf.tensor2d([
    [1, 2],
    [0, -3],
  ]);
  const meanSq = (5 + 9) / 2;
  const { value, grads } = tf.variableGrads(() => r1Penalty(d, x, 4), [a]);
  assertClose(value.dataSync(), [2 * 1.5 ** 2 * meanSq], 'R1 value');
  assertClose(grads[a.name].dataSync(), [2 * 2 * 1.5 * meanSq], '∂R1/∂a');
  assertClose(r2Penalty(d, x, 4).dataSync(), value.dataSync(), 'R2 = R1 formula');
});

test('gradient-penalty gradients w.r.t. D weights match central finite differences', () => {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 6, inputShape: [3], activation: 'tanh' }),
      tfl.layers.dense({ units: 1 }),
    ],
  });
  const rng = new Rng(21);
  randomizeWeights(model, rng, 0.8);
  const real = randn(rng, [6, 3]);
  const fake = randn(rng, [6, 3]);
  const d = (x: tf.Tensor) => model.apply(x) as tf.Tensor;
  const state = rng.state();
  const gp = () => gradientPenalty(d, real, fake, Rng.fromState(state));
  const vars = variablesOf(model);
  const { grads } = tf.variableGrads(gp, vars);
  const h = 1e-2;
  for (const v of vars) {
    // No entry means no path from the variable to the penalty (e.g. the output bias): gradient 0.
    const analytic = grads[v.name] ? grads[v.name].dataSync() : new Float32Array(v.size);
    const base = v.dataSync().slice();
    for (let k = 0; k < Math.min(base.length, 6); k++) {
      const at = (delta: number) => {
        const p = base.slice();
        p[k] += delta;
        v.assign(tf.tensor(p, v.shape));
        return gp().dataSync()[0];
      };
      const numeric = (at(h) - at(-h)) / (2 * h);
      v.assign(tf.tensor(base, v.shape));
      assertClose([analytic[k]], [numeric], `∂GP/∂${v.name}[${k}]`, 2e-3, 2e-2);
    }
  }
});

test('clipWeights clamps every weight into [−c, c]', () => {
  const v = tf.variable(tf.tensor1d([-0.5, 0.003, 0.2]));
  clipWeights([v], 0.01);
  assertClose(v.dataSync(), [-0.01, 0.003, 0.01], 'clipped');
  assert.throws(() => clipWeights([v], 0), RangeError);
});

const TORCH_SCRIPT = `
import torch
import torch.nn.functional as F
torch.set_default_dtype(torch.float64)
inp = json.load(sys.stdin)
def T(a, shape=None, grad=False):
    t = torch.tensor(a)
    if shape is not None: t = t.reshape(shape)
    return t.requires_grad_(grad)
out = {}

# MLP critic: Dense(8) - LeakyReLU(0.2) - Dense(8) - tanh - Dense(1); tfjs kernels are [in, out].
m = inp['mlp']
W = [T(w, s, True) for w, s in zip(m['weights'], m['shapes'])]
def mlp(x):
    h = F.leaky_relu(x @ W[0] + W[1], 0.2)
    h = torch.tanh(h @ W[2] + W[3])
    return h @ W[4] + W[5]
real, fake = T(m['real'], m['shape']), T(m['fake'], m['shape'])
eps = T(m['eps']).reshape(-1, 1)
xh = (eps * real + (1 - eps) * fake).requires_grad_(True)
g, = torch.autograd.grad(mlp(xh).sum(), xh, create_graph=True)
gp = 10 * ((g.reshape(len(g), -1).norm(2, dim=1) - 1) ** 2).mean()
def grads_of(v, ws):
    gs = torch.autograd.grad(v, ws, allow_unused=True)
    return [(torch.zeros_like(w) if g is None else g).flatten().tolist() for g, w in zip(gs, ws)]
out['gp'] = {'value': gp.item(), 'grads': grads_of(gp, W)}

# Conv critic: Conv2D(3x3, same, 4) - LeakyReLU(0.2) - AvgPool(2) - Flatten(NHWC order) - Dense(1).
c = inp['conv']
K = [T(w, s, True) for w, s in zip(c['weights'], c['shapes'])]
def conv(x_nhwc):
    x = x_nhwc.permute(0, 3, 1, 2)
    h = F.conv2d(x, K[0].permute(3, 2, 0, 1), K[1], padding=1)
    h = F.avg_pool2d(F.leaky_relu(h, 0.2), 2)
    h = h.permute(0, 2, 3, 1).reshape(len(x), -1)
    return h @ K[2] + K[3]
for name, key in (('r1', 'real'), ('r2', 'fake')):
    x = T(c[key], c['shape'], True)
    g, = torch.autograd.grad(conv(x).sum(), x, create_graph=True)
    r = 5 * (g.reshape(len(g), -1) ** 2).sum(1).mean()
    out[name] = {'value': r.item(), 'grads': grads_of(r, K)}

# Second-order gradients of activations: ∂/∂w Σ (∂/∂x Σ act(w ⊙ x))².
a = inp['act']
acts = {
  'tanh': torch.tanh, 'sigmoid': torch.sigmoid, 'exp': torch.exp, 'elu': F.elu,
  'softmax': lambda z: torch.softmax(z, -1) * torch.arange(1., 5.),
}
for name, act in acts.items():
    w = T(a['w'], [3, 4], True)
    x = T(a['x'], [3, 4], True)
    g, = torch.autograd.grad(act(w * x).sum(), x, create_graph=True)
    v = (g ** 2).sum()
    out['act/' + name] = {'value': v.item(), 'grads': grads_of(v, [w])}
print(json.dumps(out))
`;

test('gradient penalty, R1 and R2 (values and double-backprop weight gradients) match PyTorch', (t) => {
  const rng = new Rng(77);
  const mlp = tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 8, inputShape: [5] }),
      tfl.layers.leakyReLU({ alpha: 0.2 }),
      tfl.layers.dense({ units: 8, activation: 'tanh' }),
      tfl.layers.dense({ units: 1 }),
    ],
  });
  const conv = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [6, 6, 2], filters: 4, kernelSize: 3, padding: 'same' }),
      tfl.layers.leakyReLU({ alpha: 0.2 }),
      tfl.layers.averagePooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 1 }),
    ],
  });
  const mlpWeights = randomizeWeights(mlp, rng);
  const convWeights = randomizeWeights(conv, rng);
  const real = randn(rng, [6, 5]);
  const fake = randn(rng, [6, 5]);
  const imgReal = randn(rng, [3, 6, 6, 2]);
  const imgFake = randn(rng, [3, 6, 6, 2]);
  const actW = randn(rng, [3, 4]);
  const actX = randn(rng, [3, 4]);
  const gpState = rng.state();
  const ref = runPython<Record<string, { value: number; grads: number[][] }>>(
    TORCH_SCRIPT,
    {
      mlp: {
        weights: mlpWeights,
        shapes: mlp.getWeights().map((w) => w.shape),
        real: Array.from(real.dataSync()),
        fake: Array.from(fake.dataSync()),
        shape: real.shape,
        eps: Array.from(Rng.fromState(gpState).uniform(6)),
      },
      conv: {
        weights: convWeights,
        shapes: conv.getWeights().map((w) => w.shape),
        real: Array.from(imgReal.dataSync()),
        fake: Array.from(imgFake.dataSync()),
        shape: imgReal.shape,
      },
      act: { w: Array.from(actW.dataSync()), x: Array.from(actX.dataSync()) },
    },
    ['torch'],
  );
  if (!ref.ok) {
    t.skip(ref.reason);
    return;
  }
  const check = (name: string, model: tfl.LayersModel, f: () => tf.Scalar) => {
    const vars = variablesOf(model);
    const { value, grads } = tf.variableGrads(f, vars);
    assertClose(value.dataSync(), [ref.value[name].value], `${name} value`);
    vars.forEach((v, i) => {
      // A variable with no path to the penalty (e.g. the last bias) gets no entry: its gradient is 0.
      const g = grads[v.name] ? grads[v.name].dataSync() : new Float32Array(v.size);
      assertClose(g, ref.value[name].grads[i], `∂${name}/∂${v.name}`, 1e-4, 1e-3);
    });
  };
  const dm = (x: tf.Tensor) => mlp.apply(x) as tf.Tensor;
  const dc = (x: tf.Tensor) => conv.apply(x) as tf.Tensor;
  check('gp', mlp, () => gradientPenalty(dm, real, fake, Rng.fromState(gpState)));
  check('r1', conv, () => r1Penalty(dc, imgReal, 10));
  check('r2', conv, () => r2Penalty(dc, imgFake, 10));
  // The activations whose tfjs gradients read saved outputs (re-registered in losses/gradients.ts).
  const weightsByClass = tf.tensor1d([1, 2, 3, 4]);
  const acts: Record<string, (z: tf.Tensor) => tf.Tensor> = {
    tanh: tf.tanh,
    sigmoid: tf.sigmoid,
    exp: tf.exp,
    elu: tf.elu,
    softmax: (z) => tf.mul(tf.softmax(z), weightsByClass),
  };
  const w = tf.variable(actW);
  for (const [name, act] of Object.entries(acts)) {
    const { value, grads } = tf.variableGrads(() => {
      const g = tf.grad((x: tf.Tensor) => tf.sum(act(tf.mul(w, x))))(actX);
      return tf.sum(tf.square(g)) as tf.Scalar;
    }, [w]);
    assertClose(value.dataSync(), [ref.value[`act/${name}`].value], `${name} value`);
    assertClose(
      grads[w.name].dataSync(),
      ref.value[`act/${name}`].grads[0],
      `${name} second-order`,
      1e-4,
      1e-3,
    );
  }
});

test('regularisers leave no tensors behind', () => {
  const w = tf.variable(tf.tensor2d([[0.5], [-1]]));
  const d = (x: tf.Tensor) => tf.tanh(tf.matMul(x as tf.Tensor2D, w));
  const x = tf.tensor2d([
    [1, 2],
    [3, 4],
  ]);
  const y = tf.neg(x);
  const before = tf.memory().numTensors;
  tf.dispose([gradientPenalty(d, x, y, new Rng(1)), r1Penalty(d, x), r2Penalty(d, y)]);
  const { grads, value } = tf.variableGrads(() => r1Penalty(d, x), [w]);
  tf.dispose([value, ...Object.values(grads)]);
  assert.equal(tf.memory().numTensors, before);
});

test('regularisers by name equal the functions they wrap', () => {
  const w = tf.variable(tf.tensor2d([[0.5], [-1]]));
  const d = (x: tf.Tensor) => tf.tanh(tf.matMul(x as tf.Tensor2D, w));
  const real = tf.tensor2d([
    [1, 2],
    [3, 4],
  ]);
  const fake = tf.tensor2d([
    [0, 1],
    [-2, 1],
  ]);
  const v = (s: tf.Scalar) => s.dataSync()[0];
  assert.equal(
    v(makeRegularizer('gp', { weight: 3 })(d, real, fake, new Rng(2))),
    v(gradientPenalty(d, real, fake, new Rng(2), { weight: 3 })),
  );
  assert.equal(v(makeRegularizer('r1', { gamma: 2 })(d, real, fake, new Rng(2))), v(r1Penalty(d, real, 2)));
  assert.equal(v(makeRegularizer('r2')(d, real, fake, new Rng(2))), v(r2Penalty(d, fake, 10)));
  assert.throws(() => makeRegularizer('r3'), /valid: gp, r1, r2/);
  assert.throws(() => makeRegularizer('r1', { weight: 1 }), UsageError);
  assert.throws(() => makeRegularizer('gp', { weight: -1 }), UsageError);
});

test("ProGAN's drift term is ε·mean(D(x)²) on the real logits", () => {
  const logits = tf.tensor2d([[1], [-2], [3], [0.5]]);
  // (1 + 4 + 9 + 0.25) / 4 = 3.5625
  assert.ok(Math.abs(driftPenalty(logits).dataSync()[0] - 0.001 * 3.5625) < 1e-9);
  assert.ok(Math.abs(driftPenalty(logits, 0.5).dataSync()[0] - 0.5 * 3.5625) < 1e-6);
  logits.dispose();
});
