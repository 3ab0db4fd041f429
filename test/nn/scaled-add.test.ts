/** ScaledAdd (src/nn/scaled-add.ts): scale · (a + b) in a functional model, its gradient, its config. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../../src/backend/index.js';
import { ScaledAdd } from '../../src/nn/scaled-add.js';

await initBackend('cpu');

test('ScaledAdd: (a + b)/√2 in a model, gradient 1/√2 to each input, scale in its config', () => {
  const a = tfl.input({ shape: [2] });
  const b = tfl.input({ shape: [2] });
  const layer = new ScaledAdd({ scale: Math.SQRT1_2 });
  const model = tfl.model({ inputs: [a, b], outputs: layer.apply([a, b]) as tfl.SymbolicTensor });
  const x = tf.tensor2d([[1, 2]]);
  const y = tf.tensor2d([[3, -6]]);
  const out = (model.predict([x, y]) as tf.Tensor).dataSync();
  assert.ok(Math.abs(out[0] - 4 * Math.SQRT1_2) < 1e-6 && Math.abs(out[1] + 4 * Math.SQRT1_2) < 1e-6);
  const [gx, gy] = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(layer.apply([p, q]) as tf.Tensor))([x, y]);
  for (const g of [gx, gy]) for (const v of g.dataSync()) assert.ok(Math.abs(v - Math.SQRT1_2) < 1e-6);
  assert.equal(layer.getConfig().scale, Math.SQRT1_2);
  assert.throws(() => new ScaledAdd({ scale: Number.NaN }), /finite/);
});
