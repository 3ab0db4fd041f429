/**
 * The latent tools from the command line, on a small run trained here: numbered and truncated sample
 * grids, interpolation strips and animations (read back as GIF / APNG), arithmetic on classifier-chosen
 * groups, inversion of held-out images, the memorisation check — and every bad input refused with exit
 * 2 and a message that names it.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { readNpyMatrix, writeNpy } from '../../src/io/npy.js';
import { gankit, refused, tmpDir } from '../helpers.js';

const root = tmpDir('gankit-latent-');
const run = path.join(root, 'run');
const trained = gankit([
  'train',
  '--preset',
  'gan-mnist',
  '--steps',
  '40',
  '--limit',
  '512',
  '--log-every',
  '20',
  '--sample-every',
  '40',
  '--checkpoint-every',
  '40',
  '--out',
  run,
]);
const out = (name: string) => path.join(root, name);

function writePng(file: string, w: number, h: number, colour: boolean): void {
  const img = new PNG({ width: w, height: h });
  for (let p = 0; p < w * h; p++) img.data.set([p % 256, colour ? 30 : p % 256, p % 256, 255], p * 4);
  writeFileSync(file, PNG.sync.write(img));
}

test('the run for the latent tools trains', () => assert.equal(trained.code, 0, trained.stderr));

test('sample --numbered --truncation: a grid and its latents, every |z| within the threshold', () => {
  const r = gankit([
    'sample',
    '--run',
    run,
    '--n',
    '16',
    '--numbered',
    '--truncation',
    '0.8',
    '--out',
    out('s.png'),
  ]);
  assert.equal(r.code, 0, r.stderr);
  const z = readNpyMatrix(out('s.latents.npy'));
  assert.deepEqual([z.rows, z.cols], [16, 100]);
  assert.ok(z.data.every((v) => Math.abs(v) <= 0.8));
  refused(['sample', '--run', run, '--truncation', '0'], /truncation threshold must be a number >= 0.05/);
});

test('interpolate: a strip, a GIF and an APNG, and the latents of the path', () => {
  let r = gankit([
    'interpolate',
    '--run',
    run,
    '--from',
    '1',
    '--to',
    '2',
    '--steps',
    '6',
    '--slerp',
    '--out',
    out('strip.png'),
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readNpyMatrix(out('strip.latents.npy')).rows, 6);
  const strip = PNG.sync.read(readFileSync(out('strip.png')));
  assert.equal(strip.width, 6 * 30 + 2);
  r = gankit([
    'interpolate',
    '--run',
    run,
    '--latents',
    out('s.latents.npy'),
    '--steps',
    '3',
    '--out',
    out('a.gif'),
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(out('a.gif')).subarray(0, 6).toString('latin1'), 'GIF89a');
  r = gankit([
    'interpolate',
    '--run',
    run,
    '--from',
    '1',
    '--to',
    '2',
    '--steps',
    '4',
    '--out',
    out('a.apng'),
  ]);
  assert.equal(r.code, 0, r.stderr);
  // An animated PNG has an animation-control chunk before its first frame.
  assert.ok(readFileSync(out('a.apng')).includes(Buffer.from('acTL')));
  writeNpy(out('narrow.npy'), { shape: [2, 7], data: new Float32Array(14) });
  refused(
    ['interpolate', '--run', run, '--latents', out('narrow.npy')],
    /width 7, but this run's generator takes 100/,
  );
  refused(['interpolate', '--run', run, '--from', '1'], /either --from SEED --to SEED, or --latents/);
  refused(['interpolate', '--run', run, '--from', '1', '--to', '2', '--space', 'w'], /needs a StyleGAN run/);
  refused(['interpolate', '--run', run, '--from', '1', '--to', '2', '--out', out('x.bmp')], /use .png/);
});

test('arithmetic: groups by class and ink, the result grid, its latents and verdicts', () => {
  const r = gankit([
    'arithmetic',
    '--run',
    run,
    '--pool',
    '300',
    '--rows',
    '2',
    '--out',
    out('ar.png'),
    '--expr',
    'A - B + C',
    '--group',
    'A=ids:0+1+2',
    '--group',
    'B=3,4',
    '--group',
    'C=ink:high',
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /result\s+ink [\d.]+\s+class \d/);
  const report = JSON.parse(readFileSync(out('ar.json'), 'utf8'));
  assert.deepEqual(report.groups[0].members, [0, 1, 2]);
  assert.equal(report.groups[2].size, 75);
  assert.equal(readNpyMatrix(out('ar.latents.npy')).rows, 4);
  refused(
    ['arithmetic', '--run', run, '--expr', 'A - Z', '--group', 'A=1'],
    /names the group 'Z', which no --group defines/,
  );
  refused(
    ['arithmetic', '--run', run, '--expr', 'A', '--group', 'A=5000', '--pool', '100'],
    /beyond the pool of 100/,
  );
  refused(['arithmetic', '--run', run, '--expr', 'A', '--group', 'A=shape:round'], /unknown filter/);
});

test("arithmetic --neighbours --walk: the DCGAN paper's figures 7 and 8, latents as the flags say", () => {
  const r = gankit([
    'arithmetic',
    '--run',
    run,
    '--pool',
    '300',
    '--rows',
    '1',
    '--out',
    out('nw.png'),
    '--expr',
    'A - B',
    '--group',
    'A=ink:high',
    '--group',
    'B=ink:low',
    '--neighbours',
    '8',
    '--walk',
    '3',
    '--walk-steps',
    '4',
    '--walk-to',
    '1.5',
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stdout,
    /neighbours \(8, uniform ±0\.25\): \d\/8 keep the result's class \d; ink [\d.]+–[\d.]+/,
  );
  assert.match(r.stdout, /walk of samples 0–2 along A - B, α = 0 … 1\.5: mean ink( [\d.]+,){3} [\d.]+/);
  const result = readNpyMatrix(out('nw.latents.npy'));
  const dim = result.cols;
  const y = result.data.subarray(2 * dim, 3 * dim);
  // Figure 7: the result in the middle of a 3 × 3 sheet, each neighbour within ±0.25 of it per coordinate.
  const sheet = readNpyMatrix(out('nw.neighbours.latents.npy'));
  assert.equal(sheet.rows, 9);
  assert.deepEqual(Array.from(sheet.data.subarray(4 * dim, 5 * dim)), Array.from(y));
  let widest = 0;
  for (let k = 0; k < 9; k++) {
    if (k === 4) continue;
    for (let i = 0; i < dim; i++) widest = Math.max(widest, Math.abs(sheet.data[k * dim + i] - y[i]));
  }
  assert.ok(widest <= 0.25 + 1e-6 && widest > 0.2, `neighbours spread ${widest}`);
  // Figure 8: row r is sample r of the pool plus α·(A − B), α = 0, 0.5, 1, 1.5.
  const walk = readNpyMatrix(out('nw.walk.latents.npy'));
  assert.equal(walk.rows, 12);
  const samples = gankit(['sample', '--run', run, '--n', '3', '--numbered', '--out', out('nw-s.png')]);
  assert.equal(samples.code, 0, samples.stderr);
  const base = readNpyMatrix(out('nw-s.latents.npy'));
  let worst = 0;
  for (let row = 0; row < 3; row++)
    for (let c = 0; c < 4; c++)
      for (let i = 0; i < dim; i++) {
        const expected = base.data[row * dim + i] + 0.5 * c * y[i];
        worst = Math.max(worst, Math.abs(walk.data[(row * 4 + c) * dim + i] - expected));
      }
  assert.ok(worst < 1e-5, `walk latents off by ${worst}`);
  const report = JSON.parse(readFileSync(out('nw.json'), 'utf8'));
  assert.equal(report.neighbours.resultIndex, 4);
  assert.equal(report.neighbours.classes.length, 9);
  assert.deepEqual(report.walk.alphas, [0, 0.5, 1, 1.5]);
  assert.equal(report.walk.meanInk.length, 4);
  assert.ok(existsSync(out('nw.neighbours.png')) && existsSync(out('nw.walk.png')));
  const base3 = ['arithmetic', '--run', run, '--pool', '100', '--expr', 'A', '--group', 'A=1'];
  refused(
    [...base3, '--walk', '101'],
    /--walk 101 needs a pool of at least that many samples \(--pool 100\)/,
  );
  refused([...base3, '--neighbours', '8', '--jitter', '0'], /--jitter must be a positive number, got 0/);
  refused([...base3, '--walk', '2', '--walk-steps', '1'], /--walk-steps must be an integer >= 2/);
});

test('invert: held-out test images, and images of the wrong size or colour refused', () => {
  const r = gankit([
    'invert',
    '--run',
    run,
    '--image',
    'test',
    '--limit',
    '2',
    '--steps',
    '5',
    '--restarts',
    '2',
    '--encoder-steps',
    '5',
    '--out',
    out('inv'),
  ]);
  assert.equal(r.code, 0, r.stderr);
  for (const f of ['pairs.png', 'latents.npy', 'errors.json'])
    assert.ok(existsSync(path.join(out('inv'), f)), f);
  const report = JSON.parse(readFileSync(path.join(out('inv'), 'errors.json'), 'utf8'));
  assert.equal(report.targets.length, 2);
  // The optimisation starts from the best screened candidates, so it never ends worse than them.
  assert.ok(report.meanMse > 0 && Number.isFinite(report.meanRandomBestMse));
  writePng(out('big.png'), 32, 32, false);
  writePng(out('colour.png'), 28, 28, true);
  refused(
    ['invert', '--run', run, '--image', out('big.png'), '--out', out('x')],
    /is 32×32, but this run's generator makes 28×28/,
  );
  refused(
    ['invert', '--run', run, '--image', out('colour.png'), '--out', out('x')],
    /colour image, but this run is greyscale/,
  );
  refused(['invert', '--run', run, '--image', out('nothing.png'), '--out', out('x')], /not found/);
  assert.ok(!existsSync(out('x')), 'a refused inversion wrote its output folder');
});

test('nearest: the memorisation figures and grid', () => {
  const r = gankit(['nearest', '--run', run, '--n', '100', '--show', '4', '--out', out('nn.png')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /pixel\s+samples nearer than the median test image: [\d.]+%/);
  assert.match(r.stdout, /feature\s+samples nearer/);
  const report = JSON.parse(readFileSync(out('nn.json'), 'utf8'));
  assert.equal(report.trainImages, 512);
  assert.ok(report.pixel.fraction >= 0 && report.pixel.fraction <= 1);
});
