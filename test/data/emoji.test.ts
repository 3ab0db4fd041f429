/**
 * The `emoji` image dataset: 64×64 RGBA composited on white, emoji.json categories as labels, the split of
 * src/data/emoji.ts (an emoji and its skin-tone variants on one side), at 64×64 and area-averaged 32×32.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { DataConfig } from '../../src/config/types.js';
import { emojiDir, emojiSplitImages } from '../../src/data/emoji.js';
import { decodeImage } from '../../src/data/image-folder.js';
import { loadDataset } from '../../src/data/registry.js';
import { fitDataset } from '../../src/data/resize.js';

const emoji = (split: 'train' | 'test', size: number, limit?: number) =>
  loadDataset({ dataset: 'emoji', split, shape: [size, size, 3], range: '-1,1', limit } as DataConfig);

test('emoji: 3415 train / 371 test images, 10 category labels, no emoji on both sides', () => {
  const train = emojiSplitImages('train');
  assert.equal(train.length, 3415);
  const test32 = emoji('test', 32);
  assert.equal(test32.n, 371);
  assert.deepEqual(test32.shape, [32, 32, 3]);
  const names = test32.classNames!;
  assert.equal(names.length, 10);
  assert.ok(names.includes('People & Body') && names.includes('Flags'));
  // The labels follow the images' emoji.json entries, in split order.
  const categories = emojiSplitImages('test').map((e) => e.category);
  assert.deepEqual(
    Array.from(test32.labels!, (l) => names[l]),
    categories,
  );
  assert.equal(train.filter((e) => e.category === 'People & Body').length, 2042);
  assert.deepEqual(emoji('train', 32, 5).classNames, names);
  assert.equal(new Set(train.map((e) => e.category)).size, 10, 'every class is trained on');
  // A skin-tone variant's file is its base emoji's code points with a tone; none crosses the split.
  const base = (f: string) => f.replace(/\.png$/, '').replace(/-1f3f[b-f]/g, '');
  const trainBases = new Set(train.map((e) => base(e.image)));
  assert.equal(emojiSplitImages('test').filter((e) => trainBases.has(base(e.image))).length, 0);
});

test('emoji: alpha composited on white; 32×32 is the 2×2 area average of 64×64', () => {
  const big = emoji('test', 64, 20);
  const small = emoji('test', 32, 20);
  assert.deepEqual(big.shape, [64, 64, 3]);
  assert.deepEqual(small.pixels, fitDataset(big, [32, 32, 3]).pixels);
  const first = emojiSplitImages('test')[0].image;
  const rgba = decodeImage(path.join(emojiDir(), first)).rgba;
  for (let p = 0; p < 64 * 64; p += 97) {
    const a = rgba[p * 4 + 3] / 255;
    for (let ch = 0; ch < 3; ch++) {
      const want = Math.round(rgba[p * 4 + ch] * a + 255 * (1 - a));
      assert.equal(big.pixels[p * 3 + ch], want, `pixel ${p} channel ${ch}`);
    }
  }
  assert.equal(big.pixels[0], 255, 'a transparent corner is white');
});
