/**
 * Multi-domain data (src/data/translation/domains.ts, domain-source.ts): users' folders with one
 * sub-folder per domain (and the split and trainA/trainB variants), the errors for folders that are not
 * one, the built-ins, two-domain sets as K = 2, and the batches StarGAN v2 draws — references of the
 * target domain, seeded and resumable.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import type { DataConfig } from '../../src/config/types.js';
import { DomainSource } from '../../src/data/translation/domain-source.js';
import { loadDomainFolder } from '../../src/data/translation/domains.js';
import { loadDomainDataset } from '../../src/data/translation/registry.js';
import { InputError } from '../../src/util/errors.js';
import { tmpDir } from '../helpers.js';

/** A 4×4 gray PNG of value `v`. */
function png(file: string, v: number): void {
  const img = new PNG({ width: 4, height: 4 });
  for (let i = 0; i < 16; i++) img.data.set([v, v, v, 255], i * 4);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, PNG.sync.write(img));
}

/** Domains `names`, domain k's images all of value 50·(k+1), `count` each. */
function folder(root: string, names: string[], count = 3): string {
  names.forEach((n, k) => {
    for (let i = 0; i < count; i++) png(path.join(root, n, `${i}.png`), 50 * (k + 1));
  });
  return root;
}

test('one sub-folder per domain: names sorted, labels by folder; train/ and test/ splits', () => {
  const root = folder(tmpDir(), ['fox', 'cat', 'dog']);
  const ds = loadDomainFolder(root, 'train', [4, 4, 1]);
  assert.deepEqual(ds.domains, ['cat', 'dog', 'fox']);
  assert.equal(ds.images.n, 9);
  // cat has value 100, dog 150, fox 50.
  assert.deepEqual(
    [0, 3, 6].map((i) => [ds.images.labels[i], ds.images.pixels[i * 16]]),
    [
      [0, 100],
      [1, 150],
      [2, 50],
    ],
  );
  const split = tmpDir();
  folder(path.join(split, 'train'), ['a', 'b', 'c'], 2);
  folder(path.join(split, 'test'), ['a', 'b', 'c'], 1);
  assert.equal(loadDomainFolder(split, 'test', [4, 4, 1]).images.n, 3);
  assert.equal(loadDomainFolder(split, 'train', [4, 4, 1], 1).images.n, 3, 'limit per domain');
  const cyc = folder(tmpDir(), ['trainA', 'trainB', 'testA', 'testB'], 2);
  assert.deepEqual(loadDomainFolder(cyc, 'train', [4, 4, 1]).domains, ['A', 'B']);
});

test('a domain folder with no images, or fewer than two domains, is an InputError naming the folder', () => {
  const root = folder(tmpDir(), ['cat', 'dog']);
  mkdirSync(path.join(root, 'fox', 'nested'), { recursive: true });
  png(path.join(root, 'fox', 'nested', 'x.png'), 9);
  assert.throws(
    () => loadDomainFolder(root, 'train', [4, 4, 1]),
    (e: Error) =>
      e instanceof InputError && e.message.includes(path.join(root, 'fox')) && /no \.png/.test(e.message),
  );
  const one = folder(tmpDir(), ['cat']);
  assert.throws(() => loadDomainFolder(one, 'train', [4, 4, 1]), /one sub-folder \(cat\/\).*at least two/);
  assert.throws(() => loadDomainFolder(path.join(one, 'nope'), 'train', [4, 4, 1]), InputError);
});

const cfg = (dataset: DataConfig['dataset'], extra: Partial<DataConfig> = {}): DataConfig => ({
  dataset,
  split: 'test',
  shape: [28, 28, 1],
  range: '-1,1',
  ...extra,
});

test('built-ins: fashion-footwear has 3 domains with their Fashion-MNIST classes, emoji-tones 5; sneaker2boot is K = 2', () => {
  const fashion = loadDomainDataset(cfg('fashion-footwear', { limit: 20 }));
  assert.deepEqual(fashion.domains, ['sandal', 'sneaker', 'ankle boot']);
  assert.deepEqual(fashion.classifierLabels, [5, 7, 9]);
  assert.equal(fashion.images.n, 60);
  const emoji = loadDomainDataset(cfg('emoji-tones', { limit: 2, shape: [16, 16, 3] }));
  assert.equal(emoji.domains.length, 5);
  assert.equal(emoji.images.n, 10);
  const two = loadDomainDataset(cfg('sneaker2boot', { limit: 5 }));
  assert.deepEqual(two.domains, ['sneaker', 'ankle boot']);
  assert.deepEqual(two.classifierLabels, [7, 9]);
  assert.throws(() => loadDomainDataset(cfg('mnist')), /not a dataset of image domains/);
});

test('batches: both references of each pair from the target domain; seeded and resumable', () => {
  const root = folder(tmpDir(), ['a', 'b', 'c'], 5);
  const ds = loadDomainFolder(root, 'train', [4, 4, 1]);
  const source = () => new DomainSource(ds, 4, '0,1', 3);
  const s = source();
  const domainOf = (images: Float32Array, i: number) => Math.round((images[i * 16] * 255) / 50) - 1;
  for (let step = 0; step < 6; step++) {
    const b = s.next();
    for (let i = 0; i < 4; i++) {
      assert.equal(domainOf(b.x, i), b.y[i]);
      assert.equal(domainOf(b.ref, i), b.yRef[i]);
      assert.equal(domainOf(b.ref2, i), b.yRef[i]);
    }
  }
  const saved = JSON.parse(JSON.stringify(s.state()));
  const after = s.next();
  const resumed = source();
  resumed.seek(saved);
  assert.deepEqual(resumed.next(), after);
  assert.deepEqual(source().fixed(5), source().fixed(5));
  assert.deepEqual(
    [0, 1, 2].map((k) => domainOf(s.fixedReferences(), k)),
    [0, 1, 2],
  );
  assert.throws(() => resumed.seek({ a: { epoch: 0, position: 0 } }), /not one of a multi-domain source/);
});
