/**
 * The gradient reversal layer (src/nn/gradient-reversal.ts) on DANN's own networks: the forward pass
 * is the identity, and the gradient the feature extractor receives from the domain head through it is
 * exactly −λ times the gradient it would receive without it, while the domain head's own gradient is
 * untouched (it still descends its loss) and the label head's path is unaffected.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import { auxiliaryClassifierLoss } from '../../src/losses/auxiliary-classifier.js';
import { buildDann, readDannSpec } from '../../src/models/dann/index.js';
import { forward } from '../../src/models/forward.js';
import { reverseGradient } from '../../src/nn/gradient-reversal.js';
import { classifierTerms, lambdaSchedule } from '../../src/train/objectives/dann.js';
import { trainableVariables } from '../../src/train/weights.js';
import { seeded } from '../backend/helpers.js';

await initBackend('cpu');

test('R_λ is the identity forward and scales the incoming gradient by −λ', () => {
  const x = seeded([3, 5], 1);
  const y = reverseGradient(x, 0.3);
  assert.deepEqual([...y.dataSync()], [...x.dataSync()]);
  const w = seeded([3, 5], 2);
  const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(reverseGradient(v, 0.3), w)))(x);
  assert.deepEqual([...g.dataSync()], [...tf.mul(w, -0.3).dataSync()]);
  tf.dispose([x, y, w, g]);
});

/** Gradients of the domain loss over the feature extractor's and the domain head's variables. */
function domainGrads(lambda: number | undefined) {
  const nets = buildDann(
    readDannSpec({ family: 'dann', conv: [4, 6], labelHidden: [8], domainHidden: [8] }),
    {
      imageShape: [20, 20, 3],
      classes: 10,
      seed: 7,
      withDomain: true,
    },
  );
  const x = seeded([6, 20, 20, 3], 3);
  const domains = tf.tensor1d([0, 0, 0, 1, 1, 1], 'int32');
  const fVars = trainableVariables(nets.features);
  const dVars = trainableVariables(nets.domain!);
  const { grads } = tf.variableGrads(() => {
    const f = forward(nets.features, x) as tf.Tensor;
    const logits = forward(
      nets.domain!,
      lambda === undefined ? f : reverseGradient(f, lambda),
    ) as tf.Tensor2D;
    return auxiliaryClassifierLoss(logits, domains);
  }, [...fVars, ...dVars]);
  const read = (vars: tf.Variable[]) => vars.map((v) => grads[v.name].dataSync() as Float32Array);
  const out = { features: read(fVars), domain: read(dVars) };
  tf.dispose([x, domains, ...Object.values(grads)]);
  for (const net of Object.values(nets)) net?.dispose();
  return out;
}

test('the feature extractor receives exactly −λ × the plain gradient of the domain loss', () => {
  const plain = domainGrads(undefined);
  assert.ok(
    plain.features.some((g) => g.some((v) => v !== 0)),
    'the plain gradient is not zero',
  );
  // λ = 0.5 (a power of two): scaling is exact in float32, so the gradients match bit for bit.
  const half = domainGrads(0.5);
  // (=== rather than deepEqual, which tells −0 from +0 where a ReLU is inactive.)
  half.features.forEach((g, i) =>
    g.forEach((v, j) => assert.ok(v === -0.5 * plain.features[i][j], `feature weight ${i}[${j}]`)),
  );
  // The schedule's λ at p = 0.3 (not a power of two): equal up to float32 rounding (the backward sums round differently).
  const lambda = lambdaSchedule(0.3);
  const scheduled = domainGrads(lambda);
  // Tolerance relative to the weight's largest gradient: entries that are sums with cancellation carry
  // the rounding of their larger addends.
  scheduled.features.forEach((g, i) => {
    const scale = plain.features[i].reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    g.forEach((v, j) => {
      const want = -lambda * plain.features[i][j];
      assert.ok(Math.abs(v - want) <= 1e-5 * scale, `feature weight ${i}[${j}]: ${v} vs ${want}`);
    });
  });
  // The domain head itself still descends its own loss: its gradient is not reversed.
  for (const r of [half, scheduled])
    r.domain.forEach((g, i) => assert.deepEqual([...g], [...plain.domain[i]], `domain weight ${i}`));
});

test("DANN's terms: the label term is the source-only model's, the domain term adds only through R_λ", () => {
  const spec = readDannSpec({ family: 'dann', conv: [4], labelHidden: [8], domainHidden: [8] });
  const opts = { imageShape: [28, 28, 3] as [number, number, number], classes: 10, seed: 9 };
  const dann = buildDann(spec, { ...opts, withDomain: true });
  const base = buildDann(spec, { ...opts, withDomain: false });
  const xs = seeded([4, 28, 28, 3], 4);
  const xt = seeded([4, 28, 28, 3], 5);
  const labels = tf.tensor1d([1, 2, 3, 4], 'int32');
  const fVars = trainableVariables(dann.features);
  const bVars = trainableVariables(base.features);
  // Same seed → same initial weights: the baseline is DANN without its domain head.
  fVars.forEach((v, i) => assert.deepEqual([...v.dataSync()], [...bVars[i].dataSync()]));
  const label = (nets: typeof dann, target?: tf.Tensor4D, lambda = 0) =>
    tf.variableGrads(
      () => classifierTerms(nets, xs as tf.Tensor4D, labels, target, lambda).label,
      [...trainableVariables(nets.features), ...trainableVariables(nets.label)],
    );
  const a = label(dann, xt as tf.Tensor4D, 0.7);
  const b = label(base);
  assert.ok(Math.abs(a.value.dataSync()[0] - b.value.dataSync()[0]) < 1e-6, 'same label loss');
  fVars.forEach((v, i) => {
    const ga = a.grads[v.name].dataSync();
    const gb = b.grads[bVars[i].name].dataSync();
    ga.forEach((x, j) =>
      assert.ok(Math.abs(x - gb[j]) <= 1e-5 * Math.abs(gb[j]) + 1e-7, `weight ${i}[${j}]`),
    );
  });
  tf.dispose([xs, xt, labels, a.value, b.value, ...Object.values(a.grads), ...Object.values(b.grads)]);
});

test('λ_p = 2/(1 + exp(−10p)) − 1: 0 at the start, ≈ 0.9866 at mid-run, ≈ 0.99991 at the end', () => {
  assert.equal(lambdaSchedule(0), 0);
  assert.ok(Math.abs(lambdaSchedule(0.5) - (2 / (1 + Math.exp(-5)) - 1)) < 1e-15);
  assert.ok(Math.abs(lambdaSchedule(0.5) - 0.98661429815) < 1e-10);
  assert.ok(Math.abs(lambdaSchedule(1) - 0.99990920426) < 1e-10);
  assert.ok(Math.abs(lambdaSchedule(1, 10, 0.5) - 0.5 * 0.99990920426) < 1e-10);
});
