/**
 * The built-in `mnistm-emoji` target (src/data/domain-adaptation/mnistm-emoji.ts): MNIST-M's
 * |patch − digit| blend, the same bytes on every build, train and test from disjoint emoji and digits,
 * and no labels on the training target.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ImageDataset } from '../../src/data/dataset.js';
import { blendOverEmoji } from '../../src/data/domain-adaptation/mnistm-emoji.js';
import { loadDomainData } from '../../src/data/domain-adaptation/registry.js';

function flat(n: number, value: number): ImageDataset {
  return { name: `flat${value}`, n, shape: [28, 28, 1], pixels: new Uint8Array(n * 784).fill(value) };
}

test('t = |patch − digit|: a black digit shows the patch, a white one its complement', () => {
  const black = blendOverEmoji(flat(20, 0), 'train');
  const white = blendOverEmoji(flat(20, 255), 'train');
  assert.deepEqual(black.shape, [28, 28, 3]);
  // Same seeded patches for both (the draws do not depend on the digits): the two sum to 255 (± rounding).
  for (let i = 0; i < black.pixels.length; i++)
    assert.ok(Math.abs(black.pixels[i] + white.pixels[i] - 255) <= 1, `pixel ${i}`);
  // The patches are colourful: channels differ somewhere in every image.
  for (let k = 0; k < 20; k++) {
    const img = black.pixels.subarray(k * 2352, (k + 1) * 2352);
    let coloured = 0;
    for (let p = 0; p < 784; p++)
      if (img[3 * p] !== img[3 * p + 1] || img[3 * p + 1] !== img[3 * p + 2]) coloured++;
    assert.ok(coloured > 100, `image ${k}: ${coloured} coloured pixels`);
  }
  // Deterministic: a second build is the same bytes.
  assert.deepEqual(blendOverEmoji(flat(20, 0), 'train').pixels, black.pixels);
  // Test patches come from other emoji: not the train patches.
  assert.notDeepEqual(blendOverEmoji(flat(20, 0), 'test').pixels, black.pixels);
});

test('MNIST → mnistm-emoji: labelled source, unlabelled training target, labelled test sets of both', () => {
  const sets = loadDomainData({
    dataset: 'mnist',
    split: 'train',
    limit: 100,
    shape: [28, 28, 3],
    range: '-1,1',
    target: { dataset: 'mnistm-emoji' },
  });
  assert.equal(sets.source.n, 100);
  assert.equal(sets.target.n, 100);
  assert.equal(sets.target.labels, undefined, 'the training target carries no labels');
  assert.equal(sets.targetTest?.n, 10000, "MNIST's test digits over the held-out emoji");
  assert.equal(sets.sourceTest?.n, 10000);
  assert.deepEqual(sets.targetTest?.labels?.subarray(0, 10), sets.sourceTest?.labels?.subarray(0, 10));
  assert.deepEqual(sets.classNames, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
});
