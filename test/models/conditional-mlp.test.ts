/**
 * Conditional MLP discriminators: `concat` feeds the one-hot label with the image; `projection`
 * (Miyato & Koyama 2018) adds ⟨V y, φ(x)⟩ to the unconditional logit, checked here against that formula
 * computed from the layer weights. Also the label-accuracy metric `gankit eval` reports for them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import { labelAccuracy } from '../../src/metrics/labelAccuracy.js';
import { buildNetworks } from '../../src/models/registry.js';
import type { ModelConfig } from '../../src/config/types.js';

const spec = (conditional: unknown) =>
  ({
    family: 'mlp',
    latentDim: 4,
    conditional,
    generator: { hidden: [8], activation: 'relu', output: 'tanh' },
    discriminator: { hidden: [6, 5], activation: 'leaky_relu(0.2)' },
  }) as unknown as ModelConfig;

test('a projection discriminator adds <embed(y), features> to its logit', async () => {
  await initBackend('cpu');
  const nets = buildNetworks(spec('projection'), { imageShape: [3, 3, 1], numClasses: 4, seed: 3 });
  assert.equal(nets.conditioning, 'projection');
  const d = nets.discriminator;
  assert.equal(d.inputs.length, 2);
  const embedding = d.getLayer('label_embedding').getWeights()[0]; // [classes, features]
  tf.tidy(() => {
    const x = tf.randomNormal([5, 3, 3, 1], 0, 1, 'float32', 1);
    const labels = tf.tensor1d([0, 1, 2, 3, 1], 'int32');
    const [logits, features] = d.predict([x, tf.oneHot(labels, 4)]) as tf.Tensor[];
    // The same D with the projection removed: the plain logit is the Dense head on the features.
    const head = d.layers.find((l) => l.getClassName() === 'Dense' && l.getWeights()[0].shape[1] === 1)!;
    const [w, b] = head.getWeights();
    const plain = tf.add(tf.matMul(features, w), b);
    const projection = tf.sum(tf.mul(tf.gather(embedding, labels), features), 1, true);
    const expected = tf.add(plain, projection).arraySync() as number[][];
    const got = logits.arraySync() as number[][];
    got.forEach((row, i) => assert.ok(Math.abs(row[0] - expected[i][0]) < 1e-5, `row ${i}`));
    // A different label changes the logit: the label is not ignored.
    const other = d.predict([x, tf.oneHot(tf.tensor1d([3, 2, 1, 0, 0], 'int32'), 4)]) as tf.Tensor[];
    assert.ok(tf.max(tf.abs(tf.sub(other[0], logits))).dataSync()[0] > 1e-4);
  });
});

test('conditional: concat (the seed) and true are the same; unknown modes are a clear error', () => {
  for (const mode of [true, 'concat']) {
    const nets = buildNetworks(spec(mode), { imageShape: [3, 3, 1], numClasses: 4, seed: 3 });
    assert.equal(nets.conditioning, 'concat');
    assert.deepEqual(nets.discriminator.inputs[1].shape, [null, 4]);
  }
  assert.throws(
    () => buildNetworks(spec('embed'), { imageShape: [3, 3, 1], numClasses: 4, seed: 3 }),
    /'model.conditional' must be true, 'concat' or 'projection', got "embed"/,
  );
  assert.throws(
    () => buildNetworks(spec('projection'), { imageShape: [3, 3, 1], seed: 3 }),
    /needs a labelled dataset/,
  );
});

test('label accuracy counts arg-max hits per requested label', () => {
  // Rows: predicted classes 0, 1, 1, 2 for requested labels 0, 1, 2, 2.
  const p = {
    rows: 4,
    cols: 3,
    data: Float32Array.from([0.8, 0.1, 0.1, 0.2, 0.7, 0.1, 0.1, 0.6, 0.3, 0, 0, 1]),
  };
  const r = labelAccuracy(p, Int32Array.from([0, 1, 2, 2]));
  assert.equal(r.label_accuracy, 0.75);
  assert.equal(r.label_accuracy_min, 0.5);
  assert.throws(() => labelAccuracy(p, Int32Array.from([0, 1, 2])), /3 labels for 4 samples/);
  assert.throws(() => labelAccuracy(p, Int32Array.from([0, 1, 2, 5])), /label 5 at row 3 is outside/);
});
