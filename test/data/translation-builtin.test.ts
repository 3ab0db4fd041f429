import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { resolveConfig } from '../../src/config/resolve.js';
import { validateConfig } from '../../src/config/validate.js';
import type { DataConfig } from '../../src/config/types.js';
import { loadDataset } from '../../src/data/registry.js';
import { idxFiles, loadIdxDataset } from '../../src/data/idx-datasets.js';
import { edgeMap, INK_THRESHOLD } from '../../src/data/translation/edges.js';
import {
  createTranslationSource,
  isTranslationDataset,
  loadTranslationDataset,
  translationDatasetNames,
} from '../../src/data/translation/registry.js';

const fashionMissing = existsSync(idxFiles('fashion-mnist', 'test').images)
  ? false
  : 'Debian package dataset-fashion-mnist is not installed';

function data(dataset: string, extra: Partial<DataConfig> = {}): DataConfig {
  return {
    dataset: dataset as DataConfig['dataset'],
    split: 'train',
    shape: [28, 28, 1],
    range: '-1,1',
    ...extra,
  };
}

/** The ink mask of a gray image grown by one pixel in all eight directions. */
function dilatedInk(img: Uint8Array, h: number, w: number): Uint8Array {
  const out = new Uint8Array(h * w);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy >= 0 && yy < h && xx >= 0 && xx < w && img[yy * w + xx] >= INK_THRESHOLD) out[y * w + x] = 1;
        }
  return out;
}

test('edgeMap is the outer boundary of the ink', () => {
  // A 4×4 square of ink (rows and columns 2–5) in an 8×8 image: the 20 pixels of the ring around it are
  // edges; the ink itself and the image border are not.
  const img = new Uint8Array(64);
  for (let y = 2; y < 6; y++) for (let x = 2; x < 6; x++) img[y * 8 + x] = 200;
  const e = edgeMap(img, 8, 8);
  assert.equal(e.filter((v) => v === 255).length, 20);
  assert.equal(e[1 * 8 + 1], 255, 'diagonal neighbours count');
  assert.equal(e[2 * 8 + 2], 0, 'ink is not edge');
  assert.equal(e[3 * 8 + 3], 0);
  assert.equal(e[0], 0, 'pixels two away are not edge');
});

test('edges2mnist: paired outlines of MNIST digits at the configured size, labels on both sides', () => {
  const ds = loadTranslationDataset(data('edges2mnist', { shape: [32, 32, 1], limit: 200 }));
  assert.equal(ds.paired, true);
  assert.deepEqual(ds.domains, ['edges', 'digits']);
  assert.equal(ds.a.n, 200);
  assert.equal(ds.b.n, 200);
  assert.deepEqual(ds.a.shape, [32, 32, 1]);
  assert.deepEqual(ds.b.shape, [32, 32, 1]);
  const mnist = loadIdxDataset('mnist', 'train');
  assert.deepEqual([...ds.a.labels!], [...mnist.labels!.subarray(0, 200)]);
  assert.deepEqual([...ds.b.labels!], [...mnist.labels!.subarray(0, 200)]);
  let edgePixels = 0;
  let inkPixels = 0;
  const size = 32 * 32;
  for (let i = 0; i < ds.a.n; i++) {
    const edges = ds.a.pixels.subarray(i * size, (i + 1) * size);
    const digit = ds.b.pixels.subarray(i * size, (i + 1) * size);
    const near = dilatedInk(digit, 32, 32);
    for (let p = 0; p < size; p++) {
      assert.ok(edges[p] === 0 || edges[p] === 255, 'edge maps are binary');
      if (edges[p]) {
        edgePixels++;
        assert.equal(near[p], 1, `edge pixel ${p} of image ${i} touches the digit`);
        assert.ok(digit[p] < INK_THRESHOLD, `edge pixel ${p} of image ${i} is outside the ink`);
      }
      if (digit[p] >= INK_THRESHOLD) inkPixels++;
    }
  }
  const density = edgePixels / (ds.a.n * size);
  assert.ok(density > 0.04 && density < 0.4, `mean edge density ${density}`);
  assert.ok(inkPixels > 0, 'the digits have ink');
  const again = loadTranslationDataset(data('edges2mnist', { shape: [32, 32, 1], limit: 200 }));
  assert.deepEqual(again.a.pixels, ds.a.pixels, 'deterministic');
  const testSplit = loadTranslationDataset(data('edges2mnist', { split: 'test', limit: 5 }));
  assert.deepEqual([...testSplit.b.labels!], [7, 2, 1, 0, 4], 'the test split is MNIST’s t10k');
  const rgbEdges = loadTranslationDataset(data('edges2mnist', { inputChannels: 3, limit: 3 }));
  assert.deepEqual(rgbEdges.a.shape, [28, 28, 3], 'inputChannels overrides the natural 1');
});

test('gray2emoji: 1-channel BT.601 luminance of the 3-channel colour emoji', () => {
  const ds = loadTranslationDataset(data('gray2emoji', { shape: [64, 64, 3], limit: 20 }));
  assert.equal(ds.paired, true);
  assert.deepEqual(ds.a.shape, [64, 64, 1], 'A defaults to 1 channel');
  assert.deepEqual(ds.b.shape, [64, 64, 3]);
  assert.equal(ds.a.n, 20);
  let coloured = 0;
  for (let p = 0; p < 20 * 64 * 64; p++) {
    const [r, g, b] = ds.b.pixels.subarray(p * 3, p * 3 + 3);
    assert.ok(Math.abs(ds.a.pixels[p] - (0.299 * r + 0.587 * g + 0.114 * b)) <= 0.5 + 1e-9);
    if (Math.max(r, g, b) - Math.min(r, g, b) > 30) coloured++;
  }
  assert.ok(coloured > 1000, 'B is in colour');
  assert.equal(ds.b.pixels[0], 255, 'transparent corners composited on white');
  const testSplit = loadTranslationDataset(
    data('gray2emoji', { split: 'test', shape: [32, 32, 3], limit: 5 }),
  );
  assert.deepEqual(testSplit.b.shape, [32, 32, 3]);
  assert.notDeepEqual(testSplit.b.pixels.subarray(0, 3072), ds.b.pixels.subarray(0, 3072));
});

test(
  'sneaker2boot: unpaired Fashion-MNIST sneakers and ankle boots, labels kept',
  { skip: fashionMissing },
  () => {
    const ds = loadTranslationDataset(data('sneaker2boot', { limit: 50 }));
    assert.equal(ds.paired, false);
    assert.deepEqual(ds.domains, ['sneaker', 'ankle boot']);
    assert.equal(ds.a.n, 50);
    assert.equal(ds.b.n, 50);
    assert.ok(ds.a.labels!.every((l) => l === 7));
    assert.ok(ds.b.labels!.every((l) => l === 9));
    assert.equal(ds.a.classNames![7], 'Sneaker');
    const full = loadTranslationDataset(data('sneaker2boot', { split: 'test', shape: [32, 32, 3] }));
    assert.equal(full.a.n, 1000);
    assert.equal(full.b.n, 1000);
    assert.deepEqual(full.a.shape, [32, 32, 3], 'A takes shape’s channels by default');
    const src = createTranslationSource(data('sneaker2boot', { limit: 20 }), 4, 1);
    assert.deepEqual([...src.fixedLabels(3).a!], [7, 7, 7]);
    assert.equal(
      src.name,
      'sneaker2boot/train (unpaired): sneaker 20 images 28x28x1 → ankle boot 20 images 28x28x1',
    );
  },
);

test('emoji-skintone: disjoint light and dark people in train, paired ground truth in test', () => {
  const train = loadTranslationDataset(data('emoji-skintone', { shape: [64, 64, 3] }));
  assert.equal(train.paired, false);
  assert.deepEqual(train.domains, ['light skin tone', 'dark skin tone']);
  assert.equal(train.a.n, 142);
  assert.equal(train.b.n, 142);
  assert.deepEqual(train.a.shape, [64, 64, 3]);
  const testSplit = loadTranslationDataset(data('emoji-skintone', { split: 'test', shape: [64, 64, 3] }));
  assert.equal(testSplit.paired, true);
  assert.equal(testSplit.a.n, 32);
  // Light skin is brighter than dark skin on average, image by image, in the paired test split.
  const size = 64 * 64 * 3;
  for (let i = 0; i < testSplit.a.n; i++) {
    const mean = (p: Uint8Array) => p.subarray(i * size, (i + 1) * size).reduce((s, v) => s + v, 0) / size;
    assert.ok(mean(testSplit.a.pixels) > mean(testSplit.b.pixels), `person ${i}`);
  }
  const small = loadTranslationDataset(data('emoji-skintone', { shape: [16, 16, 3], limit: 4 }));
  assert.equal(small.a.n, 4);
  assert.deepEqual(small.b.shape, [16, 16, 3]);
});

test('config: translation names and inputChannels validate; misuse is a UsageError', () => {
  assert.deepEqual(translationDatasetNames, [
    'edges2mnist',
    'gray2emoji',
    'sneaker2boot',
    'emoji-skintone',
    'fashion-footwear',
    'emoji-tones',
  ]);
  assert.ok(isTranslationDataset('edges2mnist'));
  assert.ok(
    !isTranslationDataset('mnist') && !isTranslationDataset('path') && !isTranslationDataset('toString'),
  );
  const base = resolveConfig({ preset: 'gan-mnist' });
  const withData = (d: object) => ({ ...base, data: { ...base.data, ...d } });
  validateConfig(withData({ dataset: 'gray2emoji', shape: [64, 64, 3], inputChannels: 1 }));
  validateConfig(withData({ dataset: 'path', path: '/x', inputChannels: 3 }));
  assert.throws(() => validateConfig(withData({ dataset: 'edges2mnist', inputChannel: 1 })), {
    name: 'UsageError',
    message: /unknown key 'config\.data\.inputChannel'.*inputChannels/,
  });
  assert.throws(() => validateConfig(withData({ dataset: 'edges2mnist', inputChannels: 2 })), /1 or 3/);
  assert.throws(() => validateConfig(withData({ dataset: 'mnist', inputChannels: 1 })), {
    name: 'UsageError',
    message: /applies to translation data only/,
  });
  assert.throws(() => loadDataset(data('edges2mnist')), {
    name: 'UsageError',
    message: /translation dataset/,
  });
  assert.throws(() => loadTranslationDataset(data('mnist')), {
    name: 'UsageError',
    message: /not a translation/,
  });
  assert.throws(() => createTranslationSource(data('edges2mnist', { limit: 3 }), 4, 1), {
    name: 'UsageError',
    message: /batch size 4 is larger than edges2mnist\/train.*lower --batch-size/,
  });
});
