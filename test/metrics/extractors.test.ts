/** Feature extractors: file round trip of a tfjs model, feature/probability rows, seeded training. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { fileSystemHandler } from '../../src/io/tfjsFiles.js';
import {
  FEATURE_LAYER,
  buildDigitClassifier,
  trainDigitClassifier,
} from '../../src/metrics/extractors/digitClassifier.js';
import { loadLayersExtractor } from '../../src/metrics/extractors/layersModel.js';
import { InputError } from '../../src/util/errors.js';
import { Rng } from '../../src/util/rng.js';

const dir = mkdtempSync(join(tmpdir(), 'gankit-extractor-'));
before(async () => {
  await tf.setBackend('cpu');
});
after(() => rmSync(dir, { recursive: true, force: true }));

const images = (seed: number, n: number) =>
  tf.tensor4d(
    new Rng(seed).uniform(n * 784).map((v) => 2 * v - 1),
    [n, 28, 28, 1],
  );

test('a saved classifier loads from disk and yields its feature layer and probabilities', async () => {
  const model = buildDigitClassifier(1);
  const path = join(dir, 'clf', 'model.json');
  await model.save(fileSystemHandler(path));
  const extractor = await loadLayersExtractor(path, { featureLayer: FEATURE_LAYER, batchSize: 3 });
  assert.deepEqual(extractor.inputShape, [28, 28, 1]);
  const x = images(2, 7);
  const f = await extractor.features(x);
  assert.equal(f.rows, 7);
  assert.equal(f.cols, 128);
  // Same numbers as the in-memory model's layer (batched in 3s on one side, in one go on the other).
  const sub = tfl.model({
    inputs: model.inputs,
    outputs: model.getLayer(FEATURE_LAYER).output as tfl.SymbolicTensor,
  });
  const want = await (sub.predict(x) as tf.Tensor).data();
  f.data.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-5));
  const p = await extractor.probabilities!(x);
  assert.equal(p.cols, 10);
  for (let i = 0; i < p.rows; i++) {
    let s = 0;
    for (let j = 0; j < 10; j++) s += p.data[i * 10 + j];
    assert.ok(Math.abs(s - 1) < 1e-5);
  }
  await assert.rejects(loadLayersExtractor(path, { featureLayer: 'pool5' }), /no layer 'pool5'.*features/);
  await assert.rejects(loadLayersExtractor(join(dir, 'nope.json'), { featureLayer: 'x' }), InputError);
  writeFileSync(join(dir, 'bad.json'), '{"format": "x"}');
  await assert.rejects(loadLayersExtractor(join(dir, 'bad.json'), { featureLayer: 'x' }), /no modelTopology/);
});

test('classifier initialisation and seeded training are reproducible', async () => {
  const kernel = (seed: number) =>
    buildDigitClassifier(seed).getLayer(FEATURE_LAYER).getWeights()[0].dataSync();
  assert.deepEqual(kernel(5), kernel(5));
  assert.notDeepEqual(kernel(5), kernel(6));
  // The batch-order logic on a dense stand-in: conv back-propagation on the cpu backend takes ~10 s.
  const x = images(3, 12);
  const y = tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1], 'float32');
  const trained = async (seed: number) => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.flatten({ inputShape: [28, 28, 1] }),
        tfl.layers.dense({
          units: 10,
          activation: 'softmax',
          kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
        }),
      ],
    });
    model.compile({
      optimizer: tf.train.sgd(0.1),
      loss: 'sparseCategoricalCrossentropy',
      metrics: ['accuracy'],
    });
    await trainDigitClassifier(model, x, y, { epochs: 2, batchSize: 5, seed });
    return model.getWeights()[0].dataSync();
  };
  const a = await trained(7);
  assert.deepEqual(a, await trained(7));
  assert.notDeepEqual(a, await trained(8), 'the seed changes the batch order');
});
