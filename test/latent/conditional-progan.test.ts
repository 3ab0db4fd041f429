/**
 * The latent tools on the two generator families whose inputs or shape are not a plain z → image:
 * a conditional GAN (cgan-mnist: G takes [z, one-hot label]) and ProGAN (progan-emoji: a growing
 * generator), each a tiny run trained here. On the conditional run the label travels with the latents
 * (F.labels.npy): an interpolation between two numbered samples of different classes starts and ends
 * on exactly those samples' images (with class 0 for both, as before, it would not); inversion keeps
 * each test image's own class fixed and beats the best random latent of that class; arithmetic writes
 * the label it drew in. On ProGAN the tools draw at the growth stage the checkpoint was saved in and
 * say so: mid-growth (8×8 of 16×16) every image is 2×2 blocks, after growth it is not; interpolation
 * endpoints are the samples, inversion of held-out emoji beats random latents, nearest runs on emoji.
 */
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { initBackend } from '../../src/backend/index.js';
import { readNpyMatrix, writeNpy } from '../../src/io/npy.js';
import { renderLatents, sampleLabels } from '../../src/latent/render.js';
import { sampleLatents } from '../../src/latent/sampling.js';
import { loadRunGenerator } from '../../src/train/generator.js';
import { gankit, refused, tmpDir } from '../helpers.js';

const root = tmpDir('gankit-cond-progan-');
const out = (name: string) => path.join(root, name);
const cgan = out('cgan');
const progan = out('progan');
const train = (args: string[]) =>
  gankit(['train', ...args, '--log-every', '20', '--sample-every', '60', '--backend', 'native']);
const cganTrained = train(['--preset', 'cgan-mnist', '--steps', '40', '--limit', '512', '--out', cgan]);
// 16×16 emoji grown 4 → 8 → 16 over 320 images (40 steps at batch 8): step 20 is mid-growth at 8×8.
writeFileSync(
  out('progan.yaml'),
  `data: { limit: 256, shape: [16, 16, 3] }
model: { latentDim: 16, fmapBase: 32, fmapMax: 16, growth: { resolutions: [4, 8, 16], stableImages: 64, fadeImages: 64 } }
train: { batchSize: 8 }
`,
);
const proganTrained = train([
  '--preset',
  'progan-emoji',
  '--config',
  out('progan.yaml'),
  '--steps',
  '60',
  '--checkpoint-every',
  '20',
  '--out',
  progan,
]);

await initBackend('native');
function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
/** `gankit invert` of the run's first four test images (Adam alone: 2 restarts × 60 steps). */
const invertTest = (run: string, dir: string) =>
  gankit([
    'invert',
    '--run',
    run,
    '--image',
    'test',
    '--limit',
    '4',
    '--steps',
    '60',
    '--restarts',
    '2',
    '--method',
    'optimize',
    '--out',
    dir,
  ]);
const json = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

test('the conditional and the ProGAN runs train', () => {
  assert.equal(cganTrained.code, 0, cganTrained.stderr);
  assert.equal(proganTrained.code, 0, proganTrained.stderr);
});

test('conditional interpolate: the labels travel with the latents, the endpoints are the samples', () => {
  let r = gankit(['sample', '--run', cgan, '--n', '4', '--numbered', '--out', out('c-s.png')]);
  assert.equal(r.code, 0, r.stderr);
  const labels = readNpyMatrix(out('c-s.labels.npy'));
  assert.deepEqual([labels.rows, labels.cols], [4, 10]);
  assert.deepEqual(Array.from(labels.data.subarray(10, 20)), [0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  r = gankit([
    'interpolate',
    '--run',
    cgan,
    '--latents',
    out('c-s.latents.npy'),
    '--steps',
    '3',
    '--out',
    out('c-i.png'),
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /keys' labels from .*c-s\.labels\.npy/);
  const { g } = loadRunGenerator(cgan);
  try {
    const z = sampleLatents(0, 4, g.latentDim);
    const samples = renderLatents(g, z, sampleLabels(g, 4)).data;
    const path_ = readNpyMatrix(out('c-i.latents.npy'));
    const pathLabels = readNpyMatrix(out('c-i.labels.npy'));
    assert.deepEqual([path_.rows, pathLabels.rows, pathLabels.cols], [7, 7, 10]);
    // Frame 1 is halfway between sample 0 (class 0) and sample 1 (class 1).
    assert.deepEqual(Array.from(pathLabels.data.subarray(10, 12)), [0.5, 0.5]);
    const frames = renderLatents(g, Float32Array.from(path_.data), Float32Array.from(pathLabels.data)).data;
    const size = samples.length / 4;
    for (const [frame, sample] of [
      [0, 0],
      [2, 1],
      [4, 2],
      [6, 3],
    ]) {
      const a = frames.subarray(frame * size, (frame + 1) * size);
      assert.ok(maxDiff(a, samples.subarray(sample * size, (sample + 1) * size)) < 1e-5, `frame ${frame}`);
    }
    // The label matters: sample 1's z drawn in class 0 (what a fixed class 0 would show) is another
    // image, by far more than the 1e-5 the endpoints are held to (this 40-step model: ≈ 0.05).
    const inClass0 = renderLatents(g, z.subarray(g.latentDim, 2 * g.latentDim), Int32Array.of(0)).data;
    const diff = maxDiff(inClass0, samples.subarray(size, 2 * size));
    console.log(`sample 1 in class 0 vs class 1: max pixel difference ${diff.toFixed(3)}`);
    assert.ok(diff > 0.01);
  } finally {
    g.model.dispose();
  }
  r = gankit([
    'interpolate',
    '--run',
    cgan,
    '--from',
    '1',
    '--to',
    '2',
    '--label',
    '4',
    '--steps',
    '3',
    '--out',
    out('c-f.png'),
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /class 4 fixed along the path/);
  assert.ok(readNpyMatrix(out('c-f.labels.npy')).data.every((v, i) => v === (i % 10 === 4 ? 1 : 0)));
  refused(
    ['interpolate', '--run', cgan, '--from', '1', '--to', '2', '--label', '10'],
    /--label must be below 10/,
  );
  writeNpy(out('bad.labels.npy'), { shape: [4, 3], data: new Float32Array(12) });
  copyFileSync(out('c-s.latents.npy'), out('bad.latents.npy'));
  refused(
    ['interpolate', '--run', cgan, '--latents', out('bad.latents.npy')],
    /bad\.labels\.npy.*4×3 label weights/,
  );
});

test('conditional invert: each test image keeps its own class, and beats the best random latent', () => {
  const r = invertTest(cgan, out('c-inv'));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /class fixed, from the test set's labels/);
  const report = json(out('c-inv/errors.json'));
  // MNIST's first test digits are 7, 2, 1, 0.
  assert.deepEqual(
    report.targets.map((t: { label: number }) => t.label),
    [7, 2, 1, 0],
  );
  const labels = readNpyMatrix(out('c-inv/labels.npy'));
  assert.equal(labels.data[7], 1);
  console.log(
    `conditional inversion: mse ${report.meanMse.toFixed(4)} vs best random ${report.meanRandomBestMse.toFixed(4)}`,
  );
  assert.ok(report.meanMse < report.meanRandomBestMse);
});

test('conditional arithmetic and nearest', () => {
  let r = gankit([
    'arithmetic',
    '--run',
    cgan,
    '--expr',
    'a - b + c',
    '--group',
    'a=ids:1+2',
    '--group',
    'b=ids:3',
    '--group',
    'c=class:5',
    '--pool',
    '60',
    '--out',
    out('c-a.png'),
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /every column drawn in class 5/);
  const z = sampleLatents(0, 60, 100);
  const rows = readNpyMatrix(out('c-a.latents.npy'));
  // Column 0 is mean(a), the mean of samples 1 and 2.
  const meanA = Float32Array.from({ length: 100 }, (_, j) => (z[100 + j] + z[200 + j]) / 2);
  assert.ok(maxDiff(rows.data.subarray(0, 100), meanA) < 1e-5);
  assert.equal(readNpyMatrix(out('c-a.labels.npy')).data[5], 1);
  r = gankit(['nearest', '--run', cgan, '--n', '50', '--out', out('c-n.png')]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(json(out('c-n.json')).samples, 50);
});

test('ProGAN: drawn at the saved growth stage, and said so', () => {
  const stages: Record<string, number> = {};
  for (const step of ['20', '60']) {
    const r = gankit(['sample', '--run', progan, '--step', step, '--n', '4', '--out', out(`p-${step}.png`)]);
    assert.equal(r.code, 0, r.stderr);
    const { g } = loadRunGenerator(progan, Number(step));
    try {
      const { data, shape } = renderLatents(g, sampleLatents(0, 4, g.latentDim));
      const [h, w, c] = shape;
      // The fraction of 2×2 blocks of one colour (all of them when an 8×8 image is upsampled to 16×16).
      let blocky = 0;
      const at = (n: number, y: number, x: number) => data[((n * h + y) * w + x) * c];
      for (let n = 0; n < 4; n++)
        for (let y = 0; y < h; y += 2)
          for (let x = 0; x < w; x += 2) {
            const v = at(n, y, x);
            if (v === at(n, y, x + 1) && v === at(n, y + 1, x) && v === at(n, y + 1, x + 1)) blocky++;
          }
      stages[step] = blocky / ((4 * h * w) / 4);
    } finally {
      g.model.dispose();
    }
    if (step === '20') assert.match(r.stdout, /saved growth stage, 8×8 of 16×16/);
    else assert.match(r.stdout, /grown to its final 16×16/);
  }
  console.log(`ProGAN 2×2-constant fraction: step 20 ${stages['20']}, step 60 ${stages['60']}`);
  assert.equal(stages['20'], 1);
  assert.ok(stages['60'] < 0.1);
});

test('ProGAN: interpolation ends on the samples, inversion beats random latents, nearest on emoji', () => {
  let r = gankit([
    'interpolate',
    '--run',
    progan,
    '--from',
    '1',
    '--to',
    '2',
    '--steps',
    '4',
    '--out',
    out('p-i.png'),
  ]);
  assert.equal(r.code, 0, r.stderr);
  const { g } = loadRunGenerator(progan);
  try {
    const ends = readNpyMatrix(out('p-i.latents.npy'));
    const d = g.latentDim;
    assert.ok(maxDiff(ends.data.subarray(0, d), sampleLatents(1, 1, d)) === 0);
    assert.ok(maxDiff(ends.data.subarray(3 * d), sampleLatents(2, 1, d)) === 0);
  } finally {
    g.model.dispose();
  }
  r = invertTest(progan, out('p-inv'));
  assert.equal(r.code, 0, r.stderr);
  const report = json(out('p-inv/errors.json'));
  console.log(
    `ProGAN inversion: mse ${report.meanMse.toFixed(4)} vs best random ${report.meanRandomBestMse.toFixed(4)}`,
  );
  assert.ok(report.meanMse < 0.9 * report.meanRandomBestMse);
  r = gankit(['nearest', '--run', progan, '--n', '50', '--out', out('p-n.png')]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(json(out('p-n.json')).pixel.fraction >= 0);
  refused(
    ['interpolate', '--run', progan, '--from', '1', '--to', '2', '--label', '1'],
    /only to a conditional/,
  );
  refused(
    ['interpolate', '--run', progan, '--from', '1', '--to', '2', '--space', 'w'],
    /needs a StyleGAN run/,
  );
});
