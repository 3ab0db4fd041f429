import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { DataConfig } from '../../src/config/types.js';
import { detectLayout } from '../../src/data/translation/layout.js';
import { loadImagesForTranslation } from '../../src/data/translation/inputs.js';
import { createTranslationSource, loadTranslationDataset } from '../../src/data/translation/registry.js';
import { tmpDir } from '../helpers.js';

/** Writes a w×h PNG whose left half is gray `left` and right half gray `right`. */
function png(file: string, w: number, h: number, left: number, right = left): void {
  const img = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const v = x < w / 2 ? left : right;
      img.data.set([v, v, v, 255], (y * w + x) * 4);
    }
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, PNG.sync.write(img));
}

function jpg(file: string, w: number, h: number, v: number): void {
  const data = Buffer.alloc(w * h * 4, v);
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, jpeg.encode({ width: w, height: h, data }, 100).data);
}

function cfg(dir: string, extra: Partial<DataConfig> = {}): DataConfig {
  return { dataset: 'path', path: dir, split: 'train', shape: [4, 4, 1], range: '0,1', ...extra };
}

const first = (p: Uint8Array, i: number, size: number) => p[i * size];

test('side-by-side A|B images load as pairs, split picked from train/ and test/', () => {
  const root = tmpDir();
  for (let i = 0; i < 3; i++) png(path.join(root, 'train', `${i}.png`), 16, 8, 10 * i, 200 + 10 * i);
  png(path.join(root, 'test', 'x.png'), 16, 8, 50, 150);
  assert.deepEqual(detectLayout(root, 'train'), { kind: 'side-by-side', dir: path.join(root, 'train') });
  const ds = loadTranslationDataset(cfg(root));
  assert.equal(ds.paired, true);
  assert.deepEqual(ds.domains, ['A', 'B']);
  assert.equal(ds.a.n, 3);
  assert.deepEqual(ds.a.shape, [4, 4, 1]);
  assert.deepEqual(
    [0, 1, 2].map((i) => first(ds.a.pixels, i, 16)),
    [0, 10, 20],
  );
  assert.deepEqual(
    [0, 1, 2].map((i) => first(ds.b.pixels, i, 16)),
    [200, 210, 220],
  );
  assert.ok(
    ds.b.pixels.every((v) => v >= 200),
    'no A pixel leaks into B',
  );
  const t = loadTranslationDataset(cfg(root, { split: 'test', shape: [8, 8, 3], inputChannels: 1 }));
  assert.equal(t.a.n, 1);
  assert.deepEqual(t.a.shape, [8, 8, 1]);
  assert.deepEqual(t.b.shape, [8, 8, 3]);
  assert.equal(t.b.pixels[0], 150);
  // Without train/ and test/, the folder's own images are the data.
  const flat = tmpDir();
  png(path.join(flat, 'a.png'), 8, 4, 0, 255);
  assert.equal(loadTranslationDataset(cfg(flat)).b.pixels[0], 255);
  assert.equal(createTranslationSource(cfg(root), 2, 1).paired, true);
});

test('paired A/ and B/ folders match by name (extensions may differ), also A/train and B/train', () => {
  const root = tmpDir();
  for (const [name, v] of [
    ['cat', 30],
    ['ant', 10],
    ['bee', 20],
  ] as const) {
    png(path.join(root, 'A', `${name}.png`), 6, 6, v);
    jpg(path.join(root, 'B', `${name}.jpg`), 12, 12, 255 - v);
  }
  const ds = loadTranslationDataset(cfg(root, { limit: 2 }));
  assert.equal(ds.paired, true);
  assert.equal(ds.a.n, 2, 'limit counts pairs');
  assert.deepEqual(
    [0, 1].map((i) => first(ds.a.pixels, i, 16)),
    [10, 20],
    'sorted by name: ant, bee',
  );
  for (const [i, v] of [10, 20].entries()) {
    assert.ok(Math.abs(first(ds.b.pixels, i, 16) - (255 - v)) <= 3, 'B is the matching file');
  }
  const nested = tmpDir();
  png(path.join(nested, 'A', 'test', '1.png'), 4, 4, 1);
  png(path.join(nested, 'B', 'test', '1.png'), 4, 4, 2);
  png(path.join(nested, 'A', 'train', '1.png'), 4, 4, 3);
  png(path.join(nested, 'B', 'train', '1.png'), 4, 4, 4);
  const t = loadTranslationDataset(cfg(nested, { split: 'test' }));
  assert.deepEqual([t.a.pixels[0], t.b.pixels[0]], [1, 2]);
});

test('unpaired trainA/ + trainB/ (and testA/ + testB/) load as two independent domains', () => {
  const root = tmpDir();
  for (let i = 0; i < 5; i++) png(path.join(root, 'trainA', `a${i}.png`), 8, 8, i);
  for (let i = 0; i < 3; i++) png(path.join(root, 'trainB', `zebra-${i}.png`), 10, 10, 100 + i);
  png(path.join(root, 'testA', 'q.png'), 8, 8, 7);
  png(path.join(root, 'testB', 'r.png'), 8, 8, 8);
  const ds = loadTranslationDataset(cfg(root, { shape: [4, 4, 3] }));
  assert.equal(ds.paired, false);
  assert.equal(ds.a.n, 5);
  assert.equal(ds.b.n, 3);
  assert.deepEqual(ds.a.shape, [4, 4, 3]);
  assert.equal(first(ds.b.pixels, 2, 48), 102);
  const t = loadTranslationDataset(cfg(root, { split: 'test' }));
  assert.deepEqual([t.a.n, t.b.n, t.a.pixels[0], t.b.pixels[0]], [1, 1, 7, 8]);
  assert.throws(() => createTranslationSource(cfg(root), 4, 1), {
    name: 'UsageError',
    message: /batch size 4 is larger than .*5 A and 3 B images/,
  });
});

/** Asserts `fn` throws an InputError whose message matches every pattern. */
function inputError(fn: () => unknown, ...patterns: RegExp[]): void {
  assert.throws(fn, (err: Error) => {
    assert.equal(err.name, 'InputError', err.message);
    for (const p of patterns) assert.match(err.message, p);
    return true;
  });
}

test('a folder in no accepted layout names what it found and the accepted layouts', () => {
  const root = tmpDir();
  mkdirSync(path.join(root, 'photos'));
  mkdirSync(path.join(root, 'sketches'));
  inputError(
    () => loadTranslationDataset(cfg(root)),
    new RegExp(
      `^${root}: is not a translation dataset folder \\(found sub-folders photos/, sketches/ and no images\\)`,
    ),
    /Accepted layouts: \(1\) paired side-by-side.*\(2\) paired A\/ and B\/.*\(3\) unpaired trainA\/ \+ trainB\//,
  );
  inputError(() => loadTranslationDataset(cfg(path.join(root, 'nope'))), /nope: folder not found/);
  const half = tmpDir();
  png(path.join(half, 'trainA', '1.png'), 4, 4, 0);
  inputError(() => loadTranslationDataset(cfg(half)), /has trainA\/ but no trainB\//);
  inputError(
    () => loadTranslationDataset(cfg(half, { split: 'test' })),
    /no testA\/ or testB\/.*for the test split/,
  );
  const onlyA = tmpDir();
  png(path.join(onlyA, 'A', '1.png'), 4, 4, 0);
  inputError(() => loadTranslationDataset(cfg(onlyA)), /has A\/ but no B\//);
  const trainOnly = tmpDir();
  png(path.join(trainOnly, 'train', '1.png'), 8, 4, 0);
  inputError(
    () => loadTranslationDataset(cfg(trainOnly, { split: 'test' })),
    /has train\/ but no test\/ for the test split/,
  );
});

test('unmatched pairs name a few of the missing files', () => {
  const root = tmpDir();
  for (const n of ['a', 'b', 'c', 'd', 'e']) png(path.join(root, 'A', `${n}.png`), 4, 4, 0);
  png(path.join(root, 'B', 'a.png'), 4, 4, 0);
  inputError(
    () => loadTranslationDataset(cfg(root)),
    new RegExp(
      `^${path.join(root, 'B')}: has no image of the same name for 4 of the 5 images in ${path.join(root, 'A')} \\(b\\.png, c\\.png, d\\.png, …\\)`,
    ),
    /one image of each name in both \(the extension may differ\)/,
  );
  png(path.join(root, 'B', 'z.png'), 4, 4, 0);
  for (const n of ['b', 'c', 'd', 'e']) png(path.join(root, 'B', `${n}.png`), 4, 4, 0);
  inputError(
    () => loadTranslationDataset(cfg(root)),
    /A: has no image of the same name for 1 of the 6 images in .*B \(z\.png\)/,
  );
  png(path.join(root, 'A', 'z.png'), 4, 4, 0);
  jpg(path.join(root, 'A', 'z.jpg'), 4, 4, 0);
  inputError(() => loadTranslationDataset(cfg(root)), /z\.(png|jpg): has the same name as z\.(png|jpg)/);
});

test('mixed sizes in a domain, odd-width side-by-side images, empty domains and bad files are errors naming the file', () => {
  const mixed = tmpDir();
  png(path.join(mixed, 'trainA', '1.png'), 8, 8, 0);
  png(path.join(mixed, 'trainA', '2.png'), 9, 8, 0);
  png(path.join(mixed, 'trainB', '1.png'), 8, 8, 0);
  inputError(
    () => loadTranslationDataset(cfg(mixed)),
    /trainA\/2\.png: is 9×8 but 1\.png is 8×8/,
    /must have one size/,
  );
  const odd = tmpDir();
  png(path.join(odd, '1.png'), 9, 4, 0);
  inputError(
    () => loadTranslationDataset(cfg(odd)),
    /1\.png: is 9 pixels wide, an odd width/,
    /two equal halves \[A \| B\]/,
  );
  const sideMixed = tmpDir();
  png(path.join(sideMixed, '1.png'), 8, 4, 0);
  png(path.join(sideMixed, '2.png'), 16, 8, 0);
  inputError(() => loadTranslationDataset(cfg(sideMixed)), /2\.png: is 16×8 but 1\.png is 8×4/);
  const empty = tmpDir();
  png(path.join(empty, 'trainA', '1.png'), 4, 4, 0);
  mkdirSync(path.join(empty, 'trainB', 'nested'), { recursive: true });
  png(path.join(empty, 'trainB', 'nested', '1.png'), 4, 4, 0);
  inputError(
    () => loadTranslationDataset(cfg(empty)),
    /trainB: contains no \.png, \.jpg or \.jpeg images/,
    /sub-folders are not searched/,
  );
  const bad = tmpDir();
  png(path.join(bad, 'trainA', '1.png'), 4, 4, 0);
  png(path.join(bad, 'trainB', '1.png'), 4, 4, 0);
  writeFileSync(path.join(bad, 'trainB', '2.png'), 'not an image');
  inputError(() => loadTranslationDataset(cfg(bad)), /trainB\/2\.png: not a PNG or JPEG file/);
  writeFileSync(path.join(bad, 'trainB', '2.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
  inputError(() => loadTranslationDataset(cfg(bad)), /trainB\/2\.png: cannot decode image/);
  if (process.getuid?.() !== 0) {
    chmodSync(path.join(bad, 'trainB', '2.png'), 0);
    inputError(() => loadTranslationDataset(cfg(bad)), /trainB\/2\.png: cannot read the file \(EACCES\)/);
  }
});

test('loading never writes to the dataset folder', () => {
  const root = tmpDir();
  png(path.join(root, 'trainA', '1.png'), 4, 4, 0);
  png(path.join(root, 'trainB', '1.png'), 4, 4, 0);
  const before = readdirSync(root, { recursive: true });
  loadTranslationDataset(cfg(root));
  assert.deepEqual(readdirSync(root, { recursive: true }), before);
});

test('loadImagesForTranslation: one file or a folder (not recursive), sorted, any sizes resized', () => {
  const dir = tmpDir();
  png(path.join(dir, 'b.png'), 10, 6, 90);
  jpg(path.join(dir, 'a.jpg'), 3, 3, 30);
  png(path.join(dir, 'out', 'c.png'), 4, 4, 0);
  writeFileSync(path.join(dir, 'notes.txt'), 'ignored');
  const { names, images } = loadImagesForTranslation(dir, [4, 4, 1]);
  assert.deepEqual(names, ['a.jpg', 'b.png']);
  assert.equal(images.n, 2);
  assert.deepEqual(images.shape, [4, 4, 1]);
  assert.equal(images.pixels[16], 90);
  const one = loadImagesForTranslation(path.join(dir, 'b.png'), [2, 2, 3]);
  assert.deepEqual(one.names, ['b.png']);
  assert.equal(one.images.pixels.length, 12);
  inputError(
    () => loadImagesForTranslation(path.join(dir, 'out', 'nothing'), [4, 4, 1]),
    /nothing: not found. Pass a PNG\/JPEG image or a folder of them/,
  );
  const empty = tmpDir();
  mkdirSync(path.join(empty, 'sub'));
  png(path.join(empty, 'sub', 'x.png'), 4, 4, 0);
  inputError(() => loadImagesForTranslation(empty, [4, 4, 1]), /contains no \.png, \.jpg or \.jpeg images/);
  inputError(
    () => loadImagesForTranslation(path.join(dir, 'notes.txt'), [4, 4, 1]),
    /notes\.txt: not a PNG or JPEG/,
  );
});
