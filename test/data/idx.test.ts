import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { idxFiles, loadIdxDataset } from '../../src/data/idx-datasets.js';
import { parseIdx, readIdx } from '../../src/data/idx.js';
import { InputError } from '../../src/util/errors.js';
import { gankit, tmpDir } from '../helpers.js';

const fashionMissing = existsSync(idxFiles('fashion-mnist', 'test').images)
  ? false
  : 'Debian package dataset-fashion-mnist is not installed';

test('reads the real MNIST files: 60000/10000 images of 28x28 and matching labels', () => {
  const train = loadIdxDataset('mnist', 'train');
  const testSet = loadIdxDataset('mnist', 'test');
  assert.equal(train.n, 60000);
  assert.equal(testSet.n, 10000);
  assert.deepEqual(train.shape, [28, 28, 1]);
  assert.equal(train.labels!.length, 60000);
  // The first MNIST training labels are 5, 0, 4, 1, 9 (LeCun's file).
  assert.deepEqual([...train.labels!.subarray(0, 5)], [5, 0, 4, 1, 9]);
  const counts = new Array(10).fill(0);
  for (const l of testSet.labels!) counts[l]++;
  assert.deepEqual(counts, [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
});

test('reads the real gzipped Fashion-MNIST files', { skip: fashionMissing }, () => {
  const ds = loadIdxDataset('fashion-mnist', 'test');
  assert.equal(ds.n, 10000);
  assert.equal(ds.classNames![9], 'Ankle boot');
  const counts = new Array(10).fill(0);
  for (const l of ds.labels!) counts[l]++;
  assert.ok(counts.every((c) => c === 1000));
});

function idxBytes(shape: number[], data: number[]): Uint8Array {
  const header = Buffer.alloc(4 + 4 * shape.length);
  header[2] = 0x08;
  header[3] = shape.length;
  shape.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data)]);
}

test('parses a small hand-made IDX array, plain and gzipped', () => {
  const bytes = idxBytes([2, 2, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  for (const b of [bytes, gzipSync(bytes)]) {
    const a = parseIdx(b, 'x.idx');
    assert.deepEqual(a.shape, [2, 2, 3]);
    assert.deepEqual([...a.data], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  }
});

test('rejects damaged IDX data with a message naming the file and the problem', () => {
  const good = idxBytes([2, 3], [1, 2, 3, 4, 5, 6]);
  const cases: [Uint8Array, RegExp][] = [
    [good.subarray(0, good.length - 1), /truncated: shape \[2, 3\] needs 6 data bytes, found 5/],
    [Buffer.concat([good, Buffer.from([0])]), /trailing bytes/],
    [good.subarray(0, 6), /truncated header/],
    [Buffer.from([1, 0, 8, 1, 0, 0, 0, 1, 0]), /magic number/],
    [Buffer.from([0, 0, 0x42, 1, 0, 0, 0, 1, 0]), /unknown IDX dtype code 0x42/],
    [Buffer.from([0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0]), /float32 is not supported/],
    [gzipSync(good).subarray(0, 15), /gzip data is corrupt/],
  ];
  for (const [bytes, message] of cases) {
    assert.throws(
      () => parseIdx(bytes, 'broken.idx'),
      (err: unknown) =>
        err instanceof InputError && err.message.startsWith('broken.idx: ') && message.test(err.message),
      `expected ${message}`,
    );
  }
});

test('a truncated copy of the real MNIST file fails in the CLI with exit 2 and the file name', () => {
  const dir = tmpDir();
  const real = readFileSync(idxFiles('mnist', 'test').images);
  const broken = path.join(dir, 't10k-images-idx3-ubyte');
  writeFileSync(broken, real.subarray(0, 100_000));
  assert.throws(() => readIdx(broken), /truncated/);
  const r = gankit([
    'train',
    '--preset',
    'gan-mnist',
    '--data',
    broken,
    '--steps',
    '1',
    '--out',
    path.join(dir, 'run'),
    '--backend',
    'cpu',
  ]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, new RegExp(`${broken}: truncated: shape \\[10000, 28, 28\\]`));
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace');
});
