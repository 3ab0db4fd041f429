/**
 * The first GAN end to end through the CLI, as a user runs it: a short gan-fashion run must produce a
 * complete run directory, finite losses, and samples whose statistics moved toward the real images.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { idxFiles, loadIdxDataset } from '../../src/data/idx-datasets.js';
import { gankit, tmpDir } from '../helpers.js';

const skip = existsSync(idxFiles('fashion-mnist', 'train').images)
  ? false
  : 'Debian package dataset-fashion-mnist is not installed';

/** Splits a sample grid PNG (2-px borders, square grid of 28x28 gray tiles) back into [0,1] images. */
function readGrid(file: string, n: number, size = 28, pad = 2): Float32Array[] {
  const png = PNG.sync.read(readFileSync(file));
  const cols = Math.ceil(Math.sqrt(n));
  return Array.from({ length: n }, (_, i) => {
    const img = new Float32Array(size * size);
    const ox = pad + (i % cols) * (size + pad);
    const oy = pad + Math.floor(i / cols) * (size + pad);
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) img[y * size + x] = png.data[((oy + y) * png.width + ox + x) * 4] / 255;
    return img;
  });
}

/** Per-pixel mean and variance of a set of images. */
function moments(images: ArrayLike<number>[], d: number): { mean: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(d);
  const variance = new Float64Array(d);
  for (const im of images) for (let p = 0; p < d; p++) mean[p] += im[p] / images.length;
  for (const im of images) for (let p = 0; p < d; p++) variance[p] += (im[p] - mean[p]) ** 2 / images.length;
  return { mean, variance };
}

/** Mean absolute per-pixel difference of the mean images plus that of the variance images. */
function distance(
  a: ReturnType<typeof moments>,
  b: ReturnType<typeof moments>,
): { mean: number; variance: number } {
  let dm = 0;
  let dv = 0;
  for (let p = 0; p < a.mean.length; p++) {
    dm += Math.abs(a.mean[p] - b.mean[p]) / a.mean.length;
    dv += Math.abs(a.variance[p] - b.variance[p]) / a.mean.length;
  }
  return { mean: dm, variance: dv };
}

test('gan-fashion: 200 steps write a complete run and samples move toward the data', { skip }, () => {
  const out = path.join(tmpDir(), 'run');
  const r = gankit([
    'train',
    '--preset',
    'gan-fashion',
    '--steps',
    '200',
    '--limit',
    '4000',
    '--log-every',
    '50',
    '--sample-every',
    '100',
    '--checkpoint-every',
    '100',
    '--out',
    out,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^backend: \w+/m);
  const logLines = r.stdout.split('\n').filter((l) => l.startsWith('STEP='));
  assert.deepEqual(
    logLines.map((l) => l.slice(0, 10)),
    ['STEP=00050', 'STEP=00100', 'STEP=00150', 'STEP=00200'],
  );
  for (const l of logLines) assert.match(l, /^STEP=\d{5}, d_loss=\d+\.\d{5}, g_loss=\d+\.\d{5}$/);
  assert.match(r.stdout, /report: .*report\.html/);

  const config = JSON.parse(readFileSync(path.join(out, 'config.json'), 'utf8'));
  assert.equal(config.model.latentDim, 30);
  assert.equal(config.train.steps, 200);
  const rows = readFileSync(path.join(out, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    rows.map((row) => row.step),
    [50, 100, 150, 200],
  );
  for (const row of rows)
    assert.ok(Number.isFinite(row.d_loss) && Number.isFinite(row.g_loss) && row.time > 0);
  assert.deepEqual(readdirSync(path.join(out, 'samples')).sort(), [
    'step-000000.png',
    'step-000100.png',
    'step-000200.png',
  ]);
  assert.equal(readFileSync(path.join(out, 'checkpoints', 'latest'), 'utf8').trim(), 'step-000200');
  assert.ok(existsSync(path.join(out, 'checkpoints', 'step-000200', 'tensors.bin')));
  const report = readFileSync(path.join(out, 'report.html'), 'utf8');
  assert.match(report, /<script type="application\/json" id="gankit-data">/, 'the report embeds its data');
  assert.ok(!/<script[^>]+src=|<link[^>]+href=/.test(report), 'and loads nothing from outside');
  assert.equal((report.match(/data:image\/png;base64/g) ?? []).length, 3);

  // Real statistics from 2000 training images, in [0,1] like the preset's sigmoid output.
  const ds = loadIdxDataset('fashion-mnist', 'train');
  const real = Array.from({ length: 2000 }, (_, i) =>
    Float32Array.from(ds.pixels.subarray(i * 784, (i + 1) * 784), (v) => v / 255),
  );
  const target = moments(real, 784);
  const before = distance(moments(readGrid(path.join(out, 'samples', 'step-000000.png'), 64), 784), target);
  const after = distance(moments(readGrid(path.join(out, 'samples', 'step-000200.png'), 64), 784), target);
  // An untrained generator outputs ≈0.5 everywhere with tiny variance; a learning one moves both toward the data.
  assert.ok(
    after.mean < 0.6 * before.mean,
    `mean-image distance ${before.mean.toFixed(4)} → ${after.mean.toFixed(4)}`,
  );
  assert.ok(
    after.variance < 0.8 * before.variance,
    `variance-image distance ${before.variance.toFixed(4)} → ${after.variance.toFixed(4)}`,
  );

  const s = gankit(['sample', '--run', out, '--n', '16', '--out', path.join(out, 'new.png')]);
  assert.equal(s.code, 0, s.stderr);
  assert.equal(PNG.sync.read(readFileSync(path.join(out, 'new.png'))).width, 4 * 30 + 2);
});
