import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import { auxiliaryClassifierLoss } from '../../src/losses/auxiliary-classifier.js';
import { bceWithLogits } from '../../src/losses/bce.js';
import { featureMatchingLoss } from '../../src/losses/feature-matching.js';
import '../../src/losses/gradients.js';
import { l1Loss, l2Loss } from '../../src/losses/reconstruction.js';
import { losses, makeLoss } from '../../src/losses/registry.js';
import type { AdversarialLoss } from '../../src/losses/types.js';
import { UsageError } from '../../src/util/errors.js';
import { Rng } from '../../src/util/rng.js';
import { assertClose, runPython } from '../helpers/python-reference.js';

await initBackend('cpu');

const real = [2, -1];
const fake = [0.5, -3];
const sp = (x: number) => Math.log1p(Math.exp(x));
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** D and G loss values of `loss` on the fixed logits above. */
function values(loss: AdversarialLoss): [number, number] {
  return tf.tidy(() => {
    const r = tf.tensor1d(real);
    const f = tf.tensor1d(fake);
    return [loss.discriminator(r, f).dataSync()[0], loss.generator(f, r).dataSync()[0]];
  });
}

test('closed forms: BCE family', () => {
  assertClose([bceWithLogits(tf.zeros([3]), 1).dataSync()[0]], [Math.LN2], 'BCE(1, 0) = ln 2');
  const dNs = mean(real.map((r) => sp(-r))) + mean(fake.map((f) => sp(f)));
  assertClose(values(makeLoss('non-saturating')), [dNs, mean(fake.map((f) => sp(-f)))], 'non-saturating');
  assertClose(values(makeLoss('softplus')), [dNs, mean(fake.map((f) => sp(-f)))], 'softplus form');
  assertClose(
    values(makeLoss('minimax')),
    [dNs, mean(fake.map((f) => Math.log(1 - 1 / (1 + Math.exp(-f)))))],
    'minimax',
  );
  // One-sided smoothing: −0.9·log σ(r) − 0.1·log(1 − σ(r)) on reals, fakes untouched.
  const smooth = mean(real.map((r) => 0.9 * sp(-r) + 0.1 * sp(r))) + mean(fake.map((f) => sp(f)));
  assertClose([values(makeLoss('non-saturating', { realLabel: 0.9 }))[0]], [smooth], 'one-sided smoothing');
});

test('closed forms: least squares, Wasserstein, hinge (literal numbers)', () => {
  // ½·mean((2−1)², (−1−1)²) + ½·mean(0.5², 3²) = ½·2.5 + ½·4.625
  assertClose(values(makeLoss('least-squares')), [3.5625, 0.5 * mean([0.25, 16])], 'lsgan');
  // a = −1, b = 1, c = 0: ½·2.5 + ½·mean(1.5², 2²) ; G ½·mean(0.25, 9)
  assertClose(
    values(makeLoss('least-squares', { a: -1, b: 1, c: 0 })),
    [1.25 + 0.5 * 3.125, 2.3125],
    'lsgan abc',
  );
  // mean(fake) − mean(real) = −1.25 − 0.5
  assertClose(values(makeLoss('wasserstein')), [-1.75, 1.25], 'wgan');
  // relu(1−2)=0, relu(1+1)=2 → 1 ; relu(1.5)=1.5, relu(−2)=0 → 0.75
  assertClose(values(makeLoss('hinge')), [1.75, 1.25], 'hinge');
});

test('closed forms: relativistic losses', () => {
  const mr = mean(real);
  const mf = mean(fake);
  const cr = real.map((r) => r - mf);
  const cf = fake.map((f) => f - mr);
  assertClose(
    values(makeLoss('relativistic')),
    [mean(real.map((r, i) => sp(fake[i] - r))), mean(real.map((r, i) => sp(r - fake[i])))],
    'rsgan',
  );
  assertClose(
    values(makeLoss('relativistic-average')),
    [mean(cr.map((c) => sp(-c))) + mean(cf.map(sp)), mean(cf.map((c) => sp(-c))) + mean(cr.map(sp))],
    'rasgan',
  );
  assertClose(
    values(makeLoss('relativistic-average-ls')),
    [
      mean(cr.map((c) => (c - 1) ** 2)) + mean(cf.map((c) => (c + 1) ** 2)),
      mean(cf.map((c) => (c - 1) ** 2)) + mean(cr.map((c) => (c + 1) ** 2)),
    ],
    'ralsgan',
  );
  const h = (x: number) => Math.max(0, x);
  assertClose(
    values(makeLoss('relativistic-average-hinge')),
    [
      mean(cr.map((c) => h(1 - c))) + mean(cf.map((c) => h(1 + c))),
      mean(cf.map((c) => h(1 - c))) + mean(cr.map((c) => h(1 + c))),
    ],
    'rahinge',
  );
  assert.throws(() => makeLoss('relativistic-average').generator(tf.zeros([2])), UsageError);
});

test('closed forms: reconstruction, feature matching, auxiliary classifier', () => {
  const a = tf.tensor2d([
    [1, 2],
    [3, 4],
  ]);
  const b = tf.tensor2d([
    [0, 2],
    [5, 1],
  ]);
  assertClose([l1Loss(a, b).dataSync()[0], l2Loss(a, b).dataSync()[0]], [6 / 4, 14 / 4], 'l1/l2');
  // batch means [2, 3] vs [2.5, 1.5]: 0.25 + 2.25
  assertClose([featureMatchingLoss(a, b).dataSync()[0]], [2.5], 'feature matching');
  assertClose([featureMatchingLoss([a, a], [b, a]).dataSync()[0]], [2.5], 'feature matching, two layers');
  // Uniform logits over 4 classes: cross-entropy ln 4 whatever the labels; one-hot rows give the same.
  assertClose(
    [auxiliaryClassifierLoss(tf.zeros([3, 4]), [0, 3, 1]).dataSync()[0]],
    [Math.log(4)],
    'ce uniform',
  );
  const logits = tf.tensor2d([[2, 0, 0]]);
  const ce = Math.log(Math.exp(2) + 2) - 2;
  assertClose([auxiliaryClassifierLoss(logits, [0]).dataSync()[0]], [ce], 'ce int labels');
  assertClose([auxiliaryClassifierLoss(logits, tf.tensor2d([[1, 0, 0]])).dataSync()[0]], [ce], 'ce one-hot');
});

test('the saturating G loss has a vanishing gradient as D(G(z)) → 0; the non-saturating one does not', () => {
  const gradAt = (name: string, logit: number) =>
    tf.tidy(
      () =>
        tf
          .grad((f) => makeLoss(name).generator(f))(tf.tensor1d([logit]))
          .dataSync()[0],
    );
  // d/dl log(1 − σ(l)) = −σ(l);  d/dl −log σ(l) = −(1 − σ(l)).
  for (const l of [-5, -10, -20]) {
    const sigma = 1 / (1 + Math.exp(-l));
    assertClose([gradAt('minimax', l)], [-sigma], `minimax grad at ${l}`, 1e-9, 1e-3);
    assertClose([gradAt('non-saturating', l)], [-(1 - sigma)], `non-saturating grad at ${l}`);
  }
  assert.ok(Math.abs(gradAt('minimax', -10)) < 1e-4, 'saturating gradient ≈ 4.5e-5 when D(G(z)) ≈ 4.5e-5');
  assert.ok(Math.abs(gradAt('non-saturating', -10)) > 0.999, 'non-saturating gradient ≈ −1 there');
  // At D(G(z)) = ½ both are equally steep: the difference is only where G is losing.
  assertClose([gradAt('minimax', 0)], [gradAt('non-saturating', 0)], 'equal at D = ½');
});

test('noisy labels: flips are drawn from the given rng, reproducibly', () => {
  const r = tf.tensor1d([3, -2, 0.5, 1]);
  const f = tf.tensor1d([-1, 2, 0, -4]);
  // Flip probability 1 swaps the targets: BCE(0, D(x)) + BCE(1, D(G(z))).
  const swapped = makeLoss('non-saturating', { labelFlip: 1, rng: new Rng(1) }).discriminator(r, f);
  const expected = tf.add(bceWithLogits(r, 0), bceWithLogits(f, 1));
  assertClose(swapped.dataSync(), expected.dataSync(), 'flip = 1');
  const a = makeLoss('non-saturating', { labelFlip: 0.3, rng: new Rng(5) });
  const b = makeLoss('non-saturating', { labelFlip: 0.3, rng: new Rng(5) });
  for (let i = 0; i < 3; i++)
    assert.equal(a.discriminator(r, f).dataSync()[0], b.discriminator(r, f).dataSync()[0]);
  // ∂/∂lᵢ of the mean BCE is (σ(lᵢ) − yᵢ)/n, so at l = 0 the summed gradient is ½ − mean(y) = ½ − (1 − p).
  const n = 20000;
  const g = tf.grad((x) =>
    makeLoss('non-saturating', { labelFlip: 0.3, rng: new Rng(9) }).discriminator(x, tf.zeros([1])),
  )(tf.zeros([n]));
  assertClose([tf.sum(g).dataSync()[0]], [0.5 - 0.7], 'mean real target = 1 − p', 0.01, 0);
  assert.throws(() => makeLoss('non-saturating', { labelFlip: 0.1 }), UsageError);
  assert.throws(() => makeLoss('non-saturating', { realLable: 0.9 }), /unknown option 'realLable'/);
  assert.throws(() => makeLoss('least-squares', { a: 'x' }), UsageError);
  assert.throws(() => makeLoss('nope'), /valid losses: non-saturating/);
});

test('no loss leaks tensors', () => {
  const r = tf.tensor1d([1, 2]);
  const f = tf.tensor1d([0, -1]);
  for (const name of Object.keys(losses)) {
    const loss = makeLoss(name);
    const before = tf.memory().numTensors;
    tf.dispose([loss.discriminator(r, f), loss.generator(f, r)]);
    assert.equal(tf.memory().numTensors, before, name);
  }
});

/** Each case: a scalar function of named inputs, computed here and by PyTorch, with gradients. */
const TORCH_CASES: Record<string, { inputs: string[]; fn: (t: tf.Tensor[]) => tf.Scalar }> = {};
for (const name of Object.keys(losses)) {
  const loss = makeLoss(name);
  TORCH_CASES[`${name}/D`] = { inputs: ['real', 'fake'], fn: ([r, f]) => loss.discriminator(r, f) };
  // tf.grads refuses inputs the function does not use, so `real` is an input only where G uses it.
  TORCH_CASES[`${name}/G`] = {
    inputs: loss.needsRealLogitsForGenerator ? ['fake', 'real'] : ['fake'],
    fn: ([f, r]) => loss.generator(f, r),
  };
}
const smoothed = makeLoss('non-saturating', { realLabel: 0.9, fakeLabel: 0.1 });
TORCH_CASES['smoothed/D'] = { inputs: ['real', 'fake'], fn: ([r, f]) => smoothed.discriminator(r, f) };
const abc = makeLoss('least-squares', { a: -1, b: 1, c: 0 });
TORCH_CASES['lsgan-abc/D'] = { inputs: ['real', 'fake'], fn: ([r, f]) => abc.discriminator(r, f) };
TORCH_CASES['lsgan-abc/G'] = { inputs: ['fake'], fn: ([f]) => abc.generator(f) };
TORCH_CASES.l1 = { inputs: ['x', 'y'], fn: ([x, y]) => l1Loss(x, y) };
TORCH_CASES.l2 = { inputs: ['x', 'y'], fn: ([x, y]) => l2Loss(x, y) };
TORCH_CASES.fm = {
  inputs: ['fr1', 'fr2', 'ff1', 'ff2'],
  fn: ([a, b, c, d]) => featureMatchingLoss([a, b], [c, d]),
};
TORCH_CASES.acgan = {
  inputs: ['cls'],
  fn: ([c]) => auxiliaryClassifierLoss(c as tf.Tensor2D, [0, 3, 1, 1, 2, 0]),
};

const TORCH_SCRIPT = `
import torch
import torch.nn.functional as F
torch.set_default_dtype(torch.float64)
inp = json.load(sys.stdin)
bce = F.binary_cross_entropy_with_logits
def mean(x): return x.mean()
def nsD(r, f, yr=1.0, yf=0.0): return bce(r, torch.full_like(r, yr)) + bce(f, torch.full_like(f, yf))
def ra(r, f): return r - f.mean(), f - r.mean()
def rasD(r, f):
    cr, cf = ra(r, f); return bce(cr, torch.ones_like(cr)) + bce(cf, torch.zeros_like(cf))
def ralsD(r, f):
    cr, cf = ra(r, f); return ((cr - 1) ** 2).mean() + ((cf + 1) ** 2).mean()
def rahD(r, f):
    cr, cf = ra(r, f); return F.relu(1 - cr).mean() + F.relu(1 + cf).mean()
cases = {
  'non-saturating/D': lambda r, f: nsD(r, f),
  'non-saturating/G': lambda f, r=None: bce(f, torch.ones_like(f)),
  'softplus/D': lambda r, f: F.softplus(-r).mean() + F.softplus(f).mean(),
  'softplus/G': lambda f, r=None: F.softplus(-f).mean(),
  'minimax/D': lambda r, f: nsD(r, f),
  'minimax/G': lambda f, r=None: torch.log(1 - torch.sigmoid(f)).mean(),
  'smoothed/D': lambda r, f: nsD(r, f, 0.9, 0.1),
  'least-squares/D': lambda r, f: 0.5 * F.mse_loss(r, torch.ones_like(r)) + 0.5 * F.mse_loss(f, torch.zeros_like(f)),
  'least-squares/G': lambda f, r=None: 0.5 * F.mse_loss(f, torch.ones_like(f)),
  'lsgan-abc/D': lambda r, f: 0.5 * ((r - 1) ** 2).mean() + 0.5 * ((f + 1) ** 2).mean(),
  'lsgan-abc/G': lambda f, r=None: 0.5 * (f ** 2).mean(),
  'wasserstein/D': lambda r, f: f.mean() - r.mean(),
  'wasserstein/G': lambda f, r=None: -f.mean(),
  'hinge/D': lambda r, f: F.relu(1 - r).mean() + F.relu(1 + f).mean(),
  'hinge/G': lambda f, r=None: -f.mean(),
  'relativistic/D': lambda r, f: bce(r - f, torch.ones_like(r)),
  'relativistic/G': lambda f, r=None: bce(f - r, torch.ones_like(f)),
  'relativistic-average/D': rasD,
  'relativistic-average/G': lambda f, r=None: rasD(f, r),
  'relativistic-average-ls/D': ralsD,
  'relativistic-average-ls/G': lambda f, r=None: ralsD(f, r),
  'relativistic-average-hinge/D': rahD,
  'relativistic-average-hinge/G': lambda f, r=None: rahD(f, r),
  'l1': lambda x, y: F.l1_loss(x, y),
  'l2': lambda x, y: F.mse_loss(x, y),
  'fm': lambda a, b, c, d: ((a.mean(0) - c.mean(0)) ** 2).sum() + ((b.mean(0) - d.mean(0)) ** 2).sum(),
  'acgan': lambda c: F.cross_entropy(c, torch.tensor([0, 3, 1, 1, 2, 0])),
}
out = {}
for name, spec in inp['cases'].items():
    ts = [torch.tensor(inp['tensors'][k]['data']).reshape(inp['tensors'][k]['shape']).requires_grad_() for k in spec]
    v = cases[name](*ts)
    v.backward()
    out[name] = {'value': v.item(), 'grads': [t.grad.flatten().tolist() for t in ts]}
print(json.dumps(out))
`;

test('every loss and its gradients match PyTorch', (t) => {
  const rng = new Rng(2024);
  const shapes: Record<string, number[]> = {
    real: [7, 1],
    fake: [7, 1],
    x: [3, 4],
    y: [3, 4],
    fr1: [5, 3],
    fr2: [5, 2, 2],
    ff1: [4, 3],
    ff2: [4, 2, 2],
    cls: [6, 4],
  };
  const tensors: Record<string, { data: number[]; shape: number[] }> = {};
  for (const [k, shape] of Object.entries(shapes)) {
    const n = shape.reduce((a, b) => a * b, 1);
    tensors[k] = { data: Array.from(rng.normal(n), (v) => 2 * v), shape };
  }
  const cases = Object.fromEntries(Object.entries(TORCH_CASES).map(([k, c]) => [k, c.inputs]));
  const ref = runPython<Record<string, { value: number; grads: number[][] }>>(
    TORCH_SCRIPT,
    { cases, tensors },
    ['torch'],
  );
  if (!ref.ok) {
    t.skip(ref.reason);
    return;
  }
  assert.equal(Object.keys(ref.value).length, Object.keys(TORCH_CASES).length);
  for (const [name, c] of Object.entries(TORCH_CASES)) {
    tf.tidy(() => {
      const xs = c.inputs.map((k) => tf.tensor(tensors[k].data, tensors[k].shape));
      const { value, grads } = tf.valueAndGrads((...args: tf.Tensor[]) => c.fn(args))(xs);
      assertClose([value.dataSync()[0]], [ref.value[name].value], `${name} value`);
      grads.forEach((g, i) =>
        assertClose(g.dataSync(), ref.value[name].grads[i], `${name} ∂/∂${c.inputs[i]}`),
      );
    });
  }
});
