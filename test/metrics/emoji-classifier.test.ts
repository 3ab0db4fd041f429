/**
 * The shipped emoji feature network (models/emoji-classifier, trained by examples/train-classifier.ts):
 * it must read the categories of the held-out emoji, or FIDs in its feature space mean little.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import { gatherScaled } from '../../src/data/dataset.js';
import { loadEmoji } from '../../src/data/emoji.js';
import { FEATURE_LAYER } from '../../src/metrics/extractors/classifier.js';
import { loadModelExtractor } from '../../src/metrics/extractors/load.js';

await initBackend('auto');

test('the shipped emoji classifier reads the categories of the held-out emoji', async () => {
  const file = fileURLToPath(new URL('../../../models/emoji-classifier/model.json', import.meta.url));
  const extractor = await loadModelExtractor(file, { layer: FEATURE_LAYER });
  assert.deepEqual(extractor.inputShape, [32, 32, 3]);
  const ds = loadEmoji('test', [32, 32, 3]);
  const all = Uint32Array.from({ length: ds.n }, (_, i) => i);
  const x = tf.tensor4d(gatherScaled(ds, all, '-1,1'), [ds.n, 32, 32, 3]);
  const p = await extractor.probabilities!(x);
  const features = await extractor.features(x);
  x.dispose();
  assert.equal(features.cols, 128);
  let right = 0;
  for (let i = 0; i < ds.n; i++) {
    const row = p.data.subarray(i * p.cols, (i + 1) * p.cols);
    if (row.indexOf(Math.max(...row)) === ds.labels![i]) right++;
  }
  // README: 79.2 % on these 371 images (People & Body alone, the majority class, is 59.0 %).
  assert.ok(right / ds.n > 0.75, `test accuracy ${right / ds.n}`);
});
