/**
 * `gankit fid A B` on folders of images and dataset splits: a folder against itself scores 0; the
 * feature matrices --save-features writes give the printed FID through `gankit metric fid` and through
 * pytorch-fid's formula in SciPy; images of mixed sizes are resized and the command says so; names
 * that are no image set are usage errors.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { loadIdxDataset } from '../../src/data/idx-datasets.js';
import { gankit, tmpDir } from '../helpers.js';
import { runPython } from '../helpers/python-reference.js';

const root = tmpDir('gankit-fid-');
const ds = loadIdxDataset('fashion-mnist', 'test');

/** Writes test images `from`…`to`−1 as gray PNGs; every `bigEvery`-th one upscaled ×2 (nearest). */
function writeFolder(dir: string, from: number, to: number, bigEvery = 0): void {
  mkdirSync(dir, { recursive: true });
  for (let i = from; i < to; i++) {
    const s = bigEvery && i % bigEvery === 1 ? 2 : 1;
    const png = new PNG({ width: 28 * s, height: 28 * s });
    for (let y = 0; y < 28 * s; y++)
      for (let x = 0; x < 28 * s; x++) {
        const v = ds.pixels[i * 784 + Math.floor(y / s) * 28 + Math.floor(x / s)];
        png.data.set([v, v, v, 255], (y * 28 * s + x) * 4);
      }
    writeFileSync(path.join(dir, `${String(i).padStart(5, '0')}.png`), PNG.sync.write(png));
  }
}

const a = path.join(root, 'a');
const mixed = path.join(root, 'mixed');
writeFolder(a, 0, 150);
writeFolder(mixed, 150, 300, 5);

const printed = (stdout: string, name: string) => {
  const m = new RegExp(`(?:^|, )${name}=(\\S+?)(?:,|$)`, 'm').exec(stdout);
  assert.ok(m, `no ${name}= in:\n${stdout}`);
  return m[1];
};

test('a folder against itself has FID 0', () => {
  const r = gankit(['fid', a, a, '--extractor', 'fashion-mnist']);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(Math.abs(Number(printed(r.stdout, 'fid'))) < 1e-6, r.stdout);
});

test('--save-features gives the printed FID through gankit metric fid and SciPy', (t) => {
  const base = path.join(root, 'features.npy');
  const r = gankit(['fid', mixed, 'fashion-mnist:test', '--n', '300', '--save-features', base]);
  assert.equal(r.code, 0, r.stderr);
  // 30 of the 150 images are 56×56: resized to the folder's first size, and said so.
  assert.match(r.stdout, /A: 30 images of another size than the folder's first were resized to 28×28/);
  assert.match(r.stdout, /extractor: .*fashion-mnist-classifier/, 'the split picks its shipped classifier');
  const fid = Number(printed(r.stdout, 'fid'));
  assert.ok(fid > 1, `two different sets have a positive FID, got ${fid}`);
  const [fa, fb] = ['A', 'B'].map((s) => path.join(root, `features-${s}.npy`));
  const again = gankit(['metric', 'fid', '--real', fa, '--fake', fb]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(printed(again.stdout, 'fid'), printed(r.stdout, 'fid'));
  const ref = runPython<{ fid: number; rows: number[] }>(
    `import json, sys, numpy as np, scipy.linalg
p = json.load(sys.stdin)
a, b = np.load(p['a']).astype(np.float64), np.load(p['b']).astype(np.float64)
m1, m2, s1, s2 = a.mean(0), b.mean(0), np.cov(a, rowvar=False), np.cov(b, rowvar=False)
c, _ = scipy.linalg.sqrtm(s1.dot(s2), disp=False)
print(json.dumps({'fid': float(((m1 - m2) ** 2).sum() + np.trace(s1 + s2 - 2 * c.real)), 'rows': [len(a), len(b)]}))`,
    { a: fa, b: fb },
    ['numpy', 'scipy.linalg'],
  );
  if (!ref.ok) return t.skip(ref.reason);
  assert.deepEqual(ref.value.rows, [150, 300]);
  assert.ok(Math.abs(ref.value.fid - fid) <= 1e-4 * fid, `gankit ${fid}, SciPy ${ref.value.fid}`);
});

test('names that are no image set, and a missing extractor, are usage errors', () => {
  const none = gankit(['fid', a, path.join(root, 'nowhere')]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /neither a folder nor a built-in dataset split; valid splits: mnist:train/);
  const noExtractor = gankit(['fid', a, mixed]);
  assert.equal(noExtractor.code, 2);
  assert.match(noExtractor.stderr, /pass --extractor mnist, --extractor fashion-mnist/);
  const one = gankit(['fid', a]);
  assert.equal(one.code, 2);
  assert.match(one.stderr, /needs two image sets A and B/);
});
