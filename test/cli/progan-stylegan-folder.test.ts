/**
 * ProGAN and StyleGAN train on a user's folder of colour images (`--data DIR`) from the CLI, as the emoji
 * presets do on the built-in set: ProGAN is stopped in the middle of a fade-in, resumed to the end of its
 * growth and sampled; StyleGAN trains and samples its mixing grid. The exact-resume property itself is
 * test/train/resume-families.test.ts's; this is the user's path through the commands.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { gankit, tmpDir } from '../helpers.js';

const root = tmpDir();
const images = path.join(root, 'my-images');
mkdirSync(images);
for (let i = 0; i < 12; i++) {
  const png = new PNG({ width: 32, height: 32 });
  for (let j = 0; j < png.data.length; j += 4) {
    png.data[j] = (i * 20 + j) % 256;
    png.data[j + 1] = (j / 4) % 256;
    png.data[j + 2] = i * 10;
    png.data[j + 3] = 255;
  }
  writeFileSync(path.join(images, `${i}.png`), PNG.sync.write(png));
}

/** Steps, at batch 4, of a growth 4 → 32 with 8 images per stabilisation and per fade. */
const PROGAN =
  'model: { latentDim: 8, fmapBase: 16, fmapMax: 8, growth: { resolutions: [4, 8, 16, 32], stableImages: 8, fadeImages: 8 } }';

function config(name: string, body: string): string {
  const file = path.join(root, `${name}.yaml`);
  writeFileSync(file, body);
  return file;
}

test('ProGAN on a user folder: stopped mid-fade, resumed through the growth, sampled at 32×32', () => {
  const file = config('progan', `extends: progan-emoji\n${PROGAN}\n`);
  const out = path.join(root, 'progan');
  const common = ['--config', file, '--data', images, '--batch-size', '4', '--checkpoint-every', '4'];
  // Steps 1–2 stabilise 4×4 (8 images), steps 3–4 fade 8×8 in: after step 4, α is 0.5.
  const first = gankit(['train', ...common, '--steps', '4', '--out', out]);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /data: folder:.*my-images, 12 images 32x32x3/);
  const manifest = JSON.parse(
    readFileSync(path.join(out, 'checkpoints', 'step-000004', 'manifest.json'), 'utf8'),
  );
  assert.deepEqual(
    manifest.state.objective.growth,
    { level: 1, alpha: 0.5 },
    'saved in the middle of a fade',
  );
  const resumed = gankit(['train', '--resume', '--out', out, '--steps', '16']);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, /STEP=00016/);
  const grid = path.join(root, 'progan.png');
  const sampled = gankit(['sample', '--run', out, '--n', '4', '--out', grid]);
  assert.equal(sampled.code, 0, sampled.stderr);
  const png = PNG.sync.read(readFileSync(grid));
  // Two columns of 32-pixel cells (imageGrid: 2 px between and around cells), not of 4- or 16-pixel ones.
  assert.equal(png.width, 2 * (32 + 2) + 2, 'sample grids are drawn at the final resolution');
});

test('StyleGAN on a user folder: trains, checkpoints and draws its style-mixing grid', () => {
  const file = config(
    'stylegan',
    'extends: stylegan-emoji\nmodel: { latentDim: 8, wDim: 8, mappingLayers: 2, fmapBase: 16, fmapMax: 4 }\n',
  );
  const out = path.join(root, 'stylegan');
  const r = gankit([
    'train',
    '--config',
    file,
    '--data',
    images,
    '--batch-size',
    '4',
    '--steps',
    '3',
    '--out',
    out,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(readdirSync(path.join(out, 'checkpoints')).includes('step-000003'));
  const mix = gankit(['sample', '--run', out, '--mix', '--n', '3', '--out', path.join(root, 'mix.png')]);
  assert.equal(mix.code, 0, mix.stderr);
});
