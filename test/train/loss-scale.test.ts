import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import { LossScaler } from '../../src/train/loss-scale.js';
import { Rng } from '../../src/util/rng.js';

await initBackend('cpu');

const rng = new Rng(9);

test('power-of-two loss scaling gives bit-identical gradients and the unscaled loss', () => {
  const w = tf.variable(tf.tensor2d(rng.normal(12), [4, 3]));
  const x = tf.tensor2d(rng.normal(20), [5, 4]);
  const loss = () => tf.mean(tf.square(tf.tanh(tf.matMul(x, w)))) as tf.Scalar;
  const plain = tf.variableGrads(loss, [w]);
  const scaler = new LossScaler({ initialScale: 2 ** 12 });
  const scaled = scaler.variableGrads(loss, [w]);
  assert.ok(scaled.grads);
  assert.deepEqual(scaled.grads[w.name].dataSync(), plain.grads[w.name].dataSync());
  assert.equal(scaled.value.dataSync()[0], plain.value.dataSync()[0]);
  tf.dispose([plain.value, scaled.value, ...Object.values(plain.grads), ...Object.values(scaled.grads)]);

  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) {
    const r = scaler.variableGrads(loss, [w]);
    tf.dispose([r.value, ...Object.values(r.grads ?? {})]);
  }
  assert.equal(tf.memory().numTensors, before, 'no leak');
  tf.dispose([w, x]);
});

test('overflow skips the step and backs off; finite steps grow the scale; state round trip', () => {
  const w = tf.variable(tf.tensor1d([1, 2]));
  // ∂/∂w of S · Σ c⊙w is S·c: with c = 1e34 and S = 2¹⁶ that is ≈ 6.6e38 > float32's max 3.4e38.
  const big = tf.tensor1d([1e34, 1]);
  const small = tf.tensor1d([1, 1]);
  let c = big;
  const loss = () => tf.sum(tf.mul(c, w)) as tf.Scalar;
  const scaler = new LossScaler({ initialScale: 2 ** 16, growthInterval: 3 });
  const over = scaler.variableGrads(loss, [w]);
  assert.equal(over.grads, null, 'overflowed gradients are withheld');
  assert.equal(scaler.lossScale, 2 ** 15);
  over.value.dispose();
  c = small;
  for (let i = 0; i < 2; i++) {
    const r = scaler.variableGrads(loss, [w]);
    assert.deepEqual(Array.from(r.grads![w.name].dataSync()), [1, 1]);
    tf.dispose([r.value, ...Object.values(r.grads!)]);
  }
  assert.deepEqual(scaler.getState(), { scale: 2 ** 15, goodSteps: 2 });
  // The factors and interval are configuration (same options); the state is S and the finite-step count.
  const copy = new LossScaler({ growthInterval: 3 });
  copy.setState(JSON.parse(JSON.stringify(scaler.getState())));
  for (const s of [scaler, copy]) {
    const r = s.variableGrads(loss, [w]);
    tf.dispose([r.value, ...Object.values(r.grads!)]);
  }
  assert.deepEqual(scaler.getState(), { scale: 2 ** 16, goodSteps: 0 }, 'third finite step doubles S');
  assert.deepEqual(copy.getState(), scaler.getState());
  assert.throws(() => copy.setState({ scale: 0, goodSteps: 0 }), RangeError);
  assert.throws(() => new LossScaler({ backoffFactor: 2 }), RangeError);
  tf.dispose([w, big, small]);
});
