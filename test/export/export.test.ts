/**
 * `gankit export` produces models that stock @tensorflow/tfjs runs with no gankit code and that give
 * the generator's own outputs:
 *  - the generator of every noise-fed preset, and a model made of every foldable gankit layer
 *    (spectral Dense / Conv2D with a power iteration that has moved, seeded dropout), match gankit's
 *    inference to 1e-4 (pixels in [−1, 1]; the two sides run different backends: native vs plain cpu);
 *    ProGAN mid-fade and StyleGAN (noise strengths and w̄ set, ψ = 0.7) included;
 *  - end to end: train → export → `gankit sample` gives the PNG that plain tfjs's output renders to,
 *    for the same latent codes (every pixel within one 8-bit level), with EMA weights exported, for
 *    an MLP GAN, ProGAN and StyleGAN (`--fixed-noise --truncation 0.7`, the export's ψ input);
 *  - layers with no standard equivalent are refused, naming the layer; bad flags exit 2.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { PNG } from 'pngjs';
import { initBackend } from '../../src/backend/index.js';
import { plainLayersModel } from '../../src/export/fold.js';
import { type ExportInfo, writeExport } from '../../src/export/run.js';
import { SeededDropout } from '../../src/nn/dropout.js';
import { InstanceNormalization } from '../../src/nn/instance-norm.js';
import { SpectralConv2D } from '../../src/nn/spectral-conv2d.js';
import { SpectralDense } from '../../src/nn/spectral-dense.js';
import { imageGridPng } from '../../src/report/png.js';
import { STREAMS } from '../../src/train/streams.js';
import { Rng } from '../../src/util/rng.js';
import { gankit, tmpDir } from '../helpers.js';
import { type PlainJob, predictWithPlainTfjs } from './plain-tfjs.js';
import { exportPresetGenerators, gankitOutput, testInfo } from './presets.js';

const TOLERANCE = 1e-4;
const dir = tmpDir('gankit-export-');

before(async () => {
  await initBackend('auto');
});

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length, 'output sizes');
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

test('the generator of every noise-fed preset runs in plain tfjs with the same outputs', async () => {
  const exports = await exportPresetGenerators(dir);
  assert.ok(exports.length >= 17, `noise-fed presets: ${exports.map((e) => e.preset).join(', ')}`);
  for (const family of ['progan', 'stylegan'])
    assert.ok(
      exports.some((e) => e.preset.startsWith(family)),
      `a ${family} preset is exported`,
    );
  const got = predictWithPlainTfjs(exports.map((e) => e.job));
  exports.forEach(({ preset, expected }, i) => {
    const d = maxAbsDiff(got[i], expected);
    assert.ok(d <= TOLERANCE, `${preset}: max |plain − gankit| = ${d}`);
  });
});

test('spectral norm is baked in and seeded dropout becomes Dropout', async () => {
  const z = tfl.input({ shape: [3], name: 'z' });
  let x = new SpectralDense({ units: 16, seed: 1 }).apply(z) as tfl.SymbolicTensor;
  x = new SeededDropout({ rate: 0.5, seed: 2 }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.reshape({ targetShape: [4, 4, 1] }).apply(x) as tfl.SymbolicTensor;
  x = new SpectralConv2D({ filters: 2, kernelSize: 3, padding: 'same', seed: 3 }).apply(
    x,
  ) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: z, outputs: x });
  // Training calls move u away from its initial direction, so a stale u would show.
  for (let i = 0; i < 5; i++) tf.tidy(() => model.apply(tf.ones([2, 3]), { training: true }) as tf.Tensor);
  const plain = await plainLayersModel(model);
  const classes = JSON.stringify(plain.modelTopology)
    .match(/"class_name":"\w+"/g)!
    .join();
  assert.match(classes, /"Dense".*"Dropout".*"Conv2D"/);
  assert.doesNotMatch(classes, /Spectral|Gankit/);
  assert.ok(
    plain.weightSpecs.every((s) => !s.name.endsWith('/u')),
    'u vectors dropped',
  );
  const job: PlainJob = { dir: path.join(dir, 'spectral'), n: 2, z: [0.3, -1, 2, 1, 0.5, -0.2] };
  writeExport(job.dir, plain, testInfo(3));
  const d = maxAbsDiff(predictWithPlainTfjs([job])[0], gankitOutput(model, job));
  assert.ok(d <= TOLERANCE, `max |plain − gankit| = ${d}`);
  // A model that ignored σ would differ by far more than the tolerance.
  const unnormalised = tf.tidy(() => {
    const w = (model.layers[1] as SpectralDense).getWeights()[0];
    return tf.norm(w).dataSync()[0];
  });
  assert.ok(unnormalised > 1.5, `raw kernel norm ${unnormalised}`);
  model.dispose();
});

test('a layer without a standard equivalent is refused, naming it', async () => {
  const model = tfl.sequential({
    layers: [
      tfl.layers.reshape({ inputShape: [4], targetShape: [2, 2, 1] }),
      new InstanceNormalization({ name: 'inorm' }),
    ],
  });
  await assert.rejects(
    plainLayersModel(model),
    /cannot export layer 'inorm' \(GankitInstanceNormalization\)/,
  );
  model.dispose();
});

test('train → export → sample: plain tfjs renders the PNG gankit sample writes (EMA weights)', () => {
  const run = path.join(dir, 'run');
  const config = path.join(dir, 'ema.yaml');
  writeFileSync(config, 'extends: gan-mnist\ntricks: { ema: { decay: 0.5 } }\n');
  const t = gankit(['train', '--config', config, '--steps', '3', '--limit', '200', '--out', run]);
  assert.equal(t.code, 0, t.stderr);
  const out = path.join(dir, 'run-export');
  const e = gankit(['export', '--run', run, '--out', out]);
  assert.equal(e.code, 0, e.stderr);
  const exported = JSON.parse(readFileSync(path.join(out, 'gankit.json'), 'utf8')) as ExportInfo;
  assert.equal(exported.ema, true);
  assert.equal(exported.step, 3);
  assert.deepEqual([exported.latentDim, exported.pixelRange], [100, '-1,1']);
  const n = 9;
  const samplePng = path.join(dir, 'sample.png');
  const s = gankit(['sample', '--run', run, '--n', String(n), '--seed', '5', '--out', samplePng]);
  assert.equal(s.code, 0, s.stderr);
  // The latent codes gankit sample draws for --seed 5, fed to the exported model by plain tfjs.
  const z = Array.from(new Rng(5, STREAMS.sampleCommand).normal(n * 100));
  const [images] = predictWithPlainTfjs([{ dir: out, n, z }]);
  const ours = PNG.sync.read(imageGridPng(images, n, [28, 28, 1], '-1,1')).data;
  const theirs = PNG.sync.read(readFileSync(samplePng)).data;
  assert.ok(maxAbsDiff(ours, theirs) <= 1, `max pixel difference ${maxAbsDiff(ours, theirs)} levels`);
});

for (const [preset, sampleFlags, psi] of [
  ['progan-emoji', [], undefined],
  ['stylegan-emoji', ['--fixed-noise', '--truncation', '0.7'], 0.7],
] as const) {
  test(`train → export → sample: plain tfjs renders the PNG gankit sample writes (${preset})`, () => {
    const run = path.join(dir, `run-${preset}`);
    const t = gankit(['train', '--preset', preset, '--steps', '2', '--batch-size', '4', '--out', run]);
    assert.equal(t.code, 0, t.stderr);
    const out = path.join(dir, `export-${preset}`);
    const e = gankit(['export', '--run', run, '--out', out]);
    assert.equal(e.code, 0, e.stderr);
    const exported = JSON.parse(readFileSync(path.join(out, 'gankit.json'), 'utf8')) as ExportInfo;
    assert.equal(exported.psiInput, psi === undefined ? undefined : true);
    const n = 4;
    const samplePng = path.join(dir, `sample-${preset}.png`);
    const s = gankit([
      'sample',
      '--run',
      run,
      '--n',
      String(n),
      '--seed',
      '5',
      '--out',
      samplePng,
      ...sampleFlags,
    ]);
    assert.equal(s.code, 0, s.stderr);
    const z = Array.from(new Rng(5, STREAMS.sampleCommand).normal(n * exported.latentDim));
    const [images] = predictWithPlainTfjs([{ dir: out, n, z, psi }]);
    const ours = PNG.sync.read(imageGridPng(images, n, [32, 32, 3], '-1,1')).data;
    const theirs = PNG.sync.read(readFileSync(samplePng)).data;
    assert.ok(maxAbsDiff(ours, theirs) <= 1, `max pixel difference ${maxAbsDiff(ours, theirs)} levels`);
  });
}

test('export refuses a missing run and missing flags, exit 2', () => {
  const missing = gankit(['export', '--run', path.join(dir, 'nope'), '--out', path.join(dir, 'x')]);
  assert.equal(missing.code, 2, missing.stderr);
  assert.doesNotMatch(missing.stderr, /^\s+at /m);
  const noOut = gankit(['export', '--run', dir]);
  assert.equal(noOut.code, 2);
  assert.match(noOut.stderr, /--out DIR is required/);
});
