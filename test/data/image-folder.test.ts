import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import jpeg from 'jpeg-js';
import { BatchIterator } from '../../src/data/batches.js';
import { loadImageFolder } from '../../src/data/image-folder.js';
import { resizeImage } from '../../src/data/resize.js';
import { encodePng } from '../../src/report/png.js';
import { gankit, tmpDir } from '../helpers.js';

/** A w×h RGBA image filled with one colour. */
function solid(w: number, h: number, rgba: [number, number, number, number]): Uint8Array {
  const out = new Uint8Array(w * h * 4);
  for (let i = 0; i < w * h; i++) out.set(rgba, i * 4);
  return out;
}

function makeFolder(): string {
  const dir = tmpDir();
  for (const [cls, colour] of [
    ['black', [0, 0, 0, 255]],
    ['white', [255, 255, 255, 255]],
  ] as const) {
    mkdirSync(path.join(dir, cls));
    for (let i = 0; i < 3; i++)
      writeFileSync(path.join(dir, cls, `${i}.png`), encodePng(40, 30, solid(40, 30, [...colour])));
  }
  const jpg = jpeg.encode(
    { width: 16, height: 16, data: Buffer.from(solid(16, 16, [255, 0, 0, 255])) },
    95,
  ).data;
  writeFileSync(path.join(dir, 'white', 'red.jpg'), jpg);
  writeFileSync(path.join(dir, 'white', 'notes.txt'), 'ignored');
  return dir;
}

test('a folder of PNG/JPEG images loads resized, with class labels from sub-folders', () => {
  const dir = makeFolder();
  const gray = loadImageFolder(dir, [8, 8, 1]);
  assert.equal(gray.n, 7);
  assert.deepEqual(gray.classNames, ['black', 'white']);
  assert.deepEqual([...gray.labels!], [0, 0, 0, 1, 1, 1, 1]);
  assert.equal(gray.pixels[0], 0);
  assert.equal(gray.pixels[3 * 64], 255);
  // Rec. 601 luma of pure red is 0.299·255 ≈ 76 (JPEG colour error allowed).
  const red = gray.pixels[6 * 64 + 10];
  assert.ok(Math.abs(red - 76) <= 4, `luma of red ${red}`);
  const rgb = loadImageFolder(dir, [4, 4, 3]);
  assert.ok(rgb.pixels[6 * 48] > 240 && rgb.pixels[6 * 48 + 1] < 15, 'red stays red in RGB');
});

test('semi-transparent pixels are composited on white; a non-image file is a clear error', () => {
  const dir = tmpDir();
  writeFileSync(path.join(dir, 'a.png'), encodePng(2, 2, solid(2, 2, [0, 0, 0, 0])));
  assert.equal(loadImageFolder(dir, [2, 2, 1]).pixels[0], 255);
  writeFileSync(path.join(dir, 'b.png'), 'not a png');
  assert.throws(() => loadImageFolder(dir, [2, 2, 1]), /b\.png: not a PNG or JPEG file/);
});

test('area-average downscaling and bilinear upscaling', () => {
  // 4x4 → 2x2 averages each 2x2 block.
  const src = Uint8Array.from([0, 0, 100, 100, 0, 0, 100, 100, 200, 200, 50, 50, 200, 200, 50, 50]);
  assert.deepEqual([...resizeImage(src, 4, 4, 1, 2, 2)], [0, 100, 200, 50]);
  // 1x2 → 1x4: edges copy, interior interpolates.
  assert.deepEqual([...resizeImage(Uint8Array.from([0, 200]), 1, 2, 1, 1, 4)], [0, 50, 150, 200]);
});

test('batches: seeded order, every image once per epoch, resumable position', () => {
  const ds = {
    name: 't',
    n: 10,
    shape: [1, 1, 1] as [number, number, number],
    pixels: Uint8Array.from({ length: 10 }, (_, i) => i * 20),
  };
  const it = new BatchIterator(ds, 3, '0,1', 9);
  const seen = [...it.next().images, ...it.next().images, ...it.next().images].map((v) =>
    Math.round(v * 255),
  );
  assert.equal(new Set(seen).size, 9, 'no repeats within an epoch');
  const saved = it.state();
  const a = it.next().images;
  const b = new BatchIterator(ds, 3, '0,1', 9, saved).next().images;
  assert.deepEqual(a, b);
  assert.ok([...new BatchIterator(ds, 3, '-1,1', 9).next().images].every((v) => v >= -1 && v <= 1));
});

test('gankit train --data trains on a user folder at the preset resolution', () => {
  const dir = makeFolder();
  const out = path.join(tmpDir(), 'run');
  const r = gankit([
    'train',
    '--preset',
    'gan-mnist',
    '--data',
    dir,
    '--steps',
    '3',
    '--batch-size',
    '4',
    '--log-every',
    '1',
    '--out',
    out,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /7 images 28x28x1, 2 classes/);
  assert.equal(r.stdout.split('\n').filter((l) => l.startsWith('STEP=')).length, 3);
});
