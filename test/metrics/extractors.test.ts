/**
 * Feature extractors: file round trip of a tfjs LayersModel and GraphModel (format detected from the
 * file), feature/probability rows against the same network computed directly, seeded training.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { fileSystemHandler } from '../../src/io/tfjsFiles.js';
import { FEATURE_LAYER, buildClassifier, trainClassifier } from '../../src/metrics/extractors/classifier.js';
import { defaultBatchSize } from '../../src/metrics/extractors/batched.js';
import { loadModelExtractor } from '../../src/metrics/extractors/load.js';
import { InputError } from '../../src/util/errors.js';
import { Rng } from '../../src/util/rng.js';
import { FIXTURE_FEATURE_NODE, writeGraphFixture } from './graphFixture.js';

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
  const model = buildClassifier(1);
  const path = join(dir, 'clf', 'model.json');
  await model.save(fileSystemHandler(path));
  const extractor = await loadModelExtractor(path, { layer: FEATURE_LAYER, batchSize: 3 });
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
  await assert.rejects(loadModelExtractor(path, { layer: 'pool5' }), /no layer 'pool5'.*features/);
  await assert.rejects(loadModelExtractor(path, { layer: FEATURE_LAYER, inputSize: [32, 32] }), /28×28/);
  await assert.rejects(loadModelExtractor(join(dir, 'nope.json'), { layer: 'x' }), InputError);
  writeFileSync(join(dir, 'bad.json'), '{"format": "x"}');
  await assert.rejects(loadModelExtractor(join(dir, 'bad.json'), { layer: 'x' }), /no modelTopology/);
  writeFileSync(join(dir, 'odd.json'), '{"format": "onnx", "modelTopology": {"graph": 1}}');
  await assert.rejects(
    loadModelExtractor(join(dir, 'odd.json'), { layer: 'x' }),
    /odd\.json: neither a tfjs LayersModel nor a GraphModel: format "onnx", modelTopology with keys \[graph\]/,
  );
});

test('a LayersModel ending in logits gets a softmax, and its output layer can be the features', async () => {
  const model = tfl.sequential({
    layers: [tfl.layers.flatten({ inputShape: [4, 4, 1] }), tfl.layers.dense({ units: 3, name: 'logits' })],
  });
  const path = join(dir, 'logits-layers', 'model.json');
  await model.save(fileSystemHandler(path));
  const extractor = await loadModelExtractor(path, { layer: 'logits' });
  const x = tf.tensor4d(new Rng(8).uniform(5 * 16), [5, 4, 4, 1]);
  const want = tf.softmax(model.predict(x) as tf.Tensor);
  near((await extractor.probabilities!(x)).data, want, 'probabilities');
  // The output layer itself as features: its logits as they are.
  near((await extractor.features(x)).data, model.predict(x) as tf.Tensor, 'features');
  tf.dispose([x, want]);
});

/** The fixture network of graphFixture.ts computed with tfjs ops: [features, logits]. */
function fixtureByHand(x: tf.Tensor4D, w: ReturnType<typeof writeGraphFixture>): [tf.Tensor, tf.Tensor] {
  return tf.tidy(() => {
    const conv = tf.relu(tf.add(tf.conv2d(x, tf.tensor4d(w.kernel, [3, 3, 3, 4]), 1, 'same'), w.bias));
    const pool = tf.mean(conv, [1, 2]);
    return [pool, tf.add(tf.matMul(pool, tf.tensor2d(w.dense, [4, 5])), w.denseBias)];
  });
}

const near = (got: ArrayLike<number>, want: tf.Tensor, what: string) => {
  const ref = want.dataSync();
  assert.equal(got.length, ref.length, what);
  for (let i = 0; i < ref.length; i++) {
    assert.ok(Math.abs(got[i] - ref[i]) < 1e-5, `${what}[${i}]: ${got[i]} vs ${ref[i]}`);
  }
};

test('a converted GraphModel loads from disk and yields a node as features and its softmax output', async () => {
  const path = join(dir, 'graph', 'model.json');
  const w = writeGraphFixture(path, 3);
  const extractor = await loadModelExtractor(path, {
    layer: FIXTURE_FEATURE_NODE,
    batchSize: 3,
    inputRange: [0, 1],
  });
  assert.deepEqual(extractor.inputShape, [8, 8, 3]);
  assert.deepEqual(extractor.inputRange, [0, 1]);
  const x = tf.tensor4d(new Rng(4).uniform(7 * 192), [7, 8, 8, 3]);
  const [pool, logits] = fixtureByHand(x, w);
  const f = await extractor.features(x);
  assert.deepEqual([f.rows, f.cols], [7, 4]);
  near(f.data, pool, 'features');
  // The graph ends in Softmax, so its output is taken as probabilities as it is.
  near((await extractor.probabilities!(x)).data, tf.softmax(logits), 'probabilities');
  // `name:0` addresses the same node's first output.
  near((await (await loadModelExtractor(path, { layer: 'pool:0' })).features(x)).data, pool, 'pool:0');
  const before = tf.memory().numTensors;
  await extractor.features(x);
  await extractor.probabilities!(x);
  assert.equal(tf.memory().numTensors, before, 'no tensor outlives a call');
  tf.dispose([x, pool, logits]);
});

test('a GraphModel ending in logits gets a softmax; an open input size comes from inputSize', async () => {
  const path = join(dir, 'logits', 'model.json');
  const w = writeGraphFixture(path, 5, { logitsOut: true, openSize: true });
  await assert.rejects(
    loadModelExtractor(path, { layer: FIXTURE_FEATURE_NODE }),
    /leaves the image size open.*--input-size H,W/,
  );
  const extractor = await loadModelExtractor(path, { layer: 'conv/Relu', inputSize: [6, 5] });
  assert.deepEqual(extractor.inputShape, [6, 5, 3]);
  const x = tf.tensor4d(new Rng(6).uniform(2 * 90), [2, 6, 5, 3]);
  const [, logits] = fixtureByHand(x, w);
  const f = await extractor.features(x);
  assert.deepEqual([f.rows, f.cols], [2, 6 * 5 * 4], 'a spatial node is flattened to one row per image');
  near((await extractor.probabilities!(x)).data, tf.softmax(logits), 'probabilities');
  tf.dispose([x, logits]);
});

test('a GraphModel feature node that is missing or a weight is refused with candidates', async () => {
  const path = join(dir, 'names', 'model.json');
  writeGraphFixture(path, 7);
  await assert.rejects(
    loadModelExtractor(path, { layer: 'pool3' }),
    (e: Error) =>
      e instanceof InputError &&
      /no node 'pool3'\. Nodes with a similar name: pool \(Mean\)\. The graph computes 8 nodes; list them all with jq/.test(
        e.message,
      ),
  );
  await assert.rejects(
    loadModelExtractor(path, { layer: 'avg_features' }),
    /no node 'avg_features'\. Nodes nearest the output: conv\/Conv2D \(Conv2D\), .*Identity \(Identity\)/,
  );
  await assert.rejects(loadModelExtractor(path, { layer: 'conv/kernel' }), /'conv\/kernel' is a Const/);
  await assert.rejects(
    loadModelExtractor(path, { layer: 'pool', inputSize: [9, 9] }),
    /8×8 images, not the 9×9/,
  );
});

test('the default batch shrinks for large images', () => {
  assert.equal(defaultBatchSize([28, 28, 1]), 256);
  assert.equal(defaultBatchSize([299, 299, 3]), 15, 'Inception-v3');
  assert.equal(defaultBatchSize([4096, 4096, 3]), 1);
});

test('classifier initialisation and seeded training are reproducible', async () => {
  const kernel = (seed: number) => buildClassifier(seed).getLayer(FEATURE_LAYER).getWeights()[0].dataSync();
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
    await trainClassifier(model, x, y, { epochs: 2, batchSize: 5, seed });
    return model.getWeights()[0].dataSync();
  };
  const a = await trained(7);
  assert.deepEqual(a, await trained(7));
  assert.notDeepEqual(a, await trained(8), 'the seed changes the batch order');
});
