/**
 * Image-to-image from the command line as a user runs it: pix2pix and CycleGAN trained on users'
 * folders in the pytorch-CycleGAN-and-pix2pix layouts, `gankit translate` on a folder of images
 * (PNGs of the same names at the model's size), `gankit eval` on a translation run, and every bad
 * folder or input refused with exit 2, a message naming the folder, and nothing written.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { gankit, tmpDir } from '../helpers.js';

/** Writes a w×h RGB PNG of a gradient seeded by `k` (distinct images, deterministic). */
function png(file: string, w: number, h: number, k: number): void {
  const img = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      img.data.set([(x * 16 + k * 40) % 256, (y * 16) % 256, (k * 70) % 256, 255], (y * w + x) * 4);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, PNG.sync.write(img));
}

function pngSize(file: string): [number, number] {
  const p = PNG.sync.read(readFileSync(file));
  return [p.width, p.height];
}

/** A small pix2pix / CycleGAN config over a preset (tiny networks: the test checks the plumbing). */
function tinyConfig(dir: string, preset: string): string {
  const file = path.join(dir, `${preset}.yaml`);
  writeFileSync(
    file,
    `extends: ${preset}
data: { shape: [16, 16, 3], inputChannels: 3 }
model: { generator: { filters: 4${preset.startsWith('cyclegan') ? ', blocks: 1' : ''} }, discriminator: { filters: 4 } }
train: { batchSize: 2, steps: 2, logEvery: 1, sampleEvery: 2, checkpointEvery: 2, sampleCount: 2 }
`,
  );
  return file;
}

test('pix2pix on A/ + B/ folders, then gankit translate on a folder: PNGs of the same names', () => {
  const root = tmpDir();
  const data = path.join(root, 'pairs');
  for (let i = 0; i < 4; i++) {
    png(path.join(data, 'A', `img${i}.png`), 20, 20, i);
    png(path.join(data, 'B', `img${i}.png`), 20, 20, i + 3);
  }
  const run = path.join(root, 'run');
  const t = gankit(['train', '--config', tinyConfig(root, 'pix2pix-emoji'), '--data', data, '--out', run]);
  assert.equal(t.code, 0, t.stderr);
  assert.match(
    t.stdout,
    /STEP=00002, d_loss=[\d.]+, g_loss=[\d.]+, D\/real=[\d.]+, D\/fake=[\d.]+, G\/adv=[\d.]+, G\/l1=[\d.]+/,
  );
  const inputs = path.join(root, 'mine');
  png(path.join(inputs, 'cat.png'), 40, 30, 1);
  png(path.join(inputs, 'dog.png'), 16, 16, 2);
  const out = path.join(root, 'out');
  const r = gankit(['translate', '--run', run, '--input', inputs, '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /translated 2 images AtoB/);
  assert.deepEqual(readdirSync(out).sort(), ['cat.png', 'dog.png']);
  assert.deepEqual(pngSize(path.join(out, 'cat.png')), [16, 16], "the model's resolution");
  const bad = gankit(['translate', '--run', run, '--input', inputs, '--out', out, '--direction', 'BtoA']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /pix2pix run translates AtoB only/);
  const sample = gankit(['sample', '--run', run]);
  assert.equal(sample.code, 2);
  assert.match(sample.stderr, /use gankit translate/);
});

test('CycleGAN on trainA/ + trainB/, translate B→A, eval reports figures', () => {
  const root = tmpDir();
  const data = path.join(root, 'unpaired');
  for (let i = 0; i < 4; i++) png(path.join(data, 'trainA', `a${i}.png`), 16, 16, i);
  for (let i = 0; i < 5; i++) png(path.join(data, 'trainB', `b${i}.png`), 16, 16, i + 5);
  for (let i = 0; i < 2; i++) {
    png(path.join(data, 'testA', `a${i}.png`), 16, 16, i + 1);
    png(path.join(data, 'testB', `b${i}.png`), 16, 16, i + 2);
  }
  const run = path.join(root, 'run');
  const t = gankit(['train', '--config', tinyConfig(root, 'cyclegan-fashion'), '--data', data, '--out', run]);
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /G\/cycle_A=[\d.]+/);
  const out = path.join(root, 'out');
  const r = gankit([
    'translate',
    '--run',
    run,
    '--input',
    path.join(data, 'testB', 'b0.png'),
    '--out',
    out,
    '--direction',
    'BtoA',
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(out), ['b0.png']);
  const e = gankit(['eval', '--run', run, '--n', '2', '--json']);
  assert.equal(e.code, 0, e.stderr);
  assert.equal(JSON.parse(e.stdout.trim().split('\n').pop()!).n, 2);
});

test('bad folders and inputs: exit 2, a message naming the folder, nothing written', () => {
  const root = tmpDir();
  const cfg = tinyConfig(root, 'pix2pix-emoji');
  const cases: [string, (dir: string) => void, RegExp][] = [
    ['wrong layout', (d) => png(path.join(d, 'photos', 'x.png'), 16, 16, 1), /Accepted layouts/],
    [
      'unmatched pairs',
      (d) => {
        png(path.join(d, 'A', 'x.png'), 16, 16, 1);
        png(path.join(d, 'B', 'y.png'), 16, 16, 1);
      },
      /has no image of the same name/,
    ],
    [
      'mixed sizes',
      (d) => {
        png(path.join(d, 'trainA', '1.png'), 16, 16, 1);
        png(path.join(d, 'trainA', '2.png'), 12, 16, 1);
        png(path.join(d, 'trainB', '1.png'), 16, 16, 1);
      },
      /must have one size/,
    ],
    [
      'empty domain',
      (d) => {
        png(path.join(d, 'trainA', '1.png'), 16, 16, 1);
        mkdirSync(path.join(d, 'trainB'));
      },
      /contains no \.png/,
    ],
  ];
  for (const [name, make, message] of cases) {
    const data = path.join(root, name.replace(/ /g, '-'));
    mkdirSync(data, { recursive: true });
    make(data);
    const out = path.join(root, `run-${name.replace(/ /g, '-')}`);
    const r = gankit(['train', '--config', cfg, '--data', data, '--out', out]);
    assert.equal(r.code, 2, `${name}: ${r.stderr}`);
    assert.match(r.stderr, message, name);
    assert.ok(r.stderr.includes(data), `${name}: the message names the folder: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /\n\s+at /, `${name}: no stack trace`);
    assert.equal(existsSync(out), false, `${name}: no run folder written`);
  }
  const missing = gankit(['translate', '--run', root, '--input', 'x', '--out', path.join(root, 'o')]);
  assert.equal(missing.code, 2);
  assert.equal(existsSync(path.join(root, 'o')), false);
});
