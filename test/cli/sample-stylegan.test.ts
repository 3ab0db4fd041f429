/**
 * `gankit sample --truncation PSI` and `--mix` on a (tiny, briefly trained) StyleGAN run: the pictures are
 * written, and bad values — ψ outside [0, 1], a cutoff or crossover beyond the run's layers, the flags on
 * a run of another family — are usage errors (exit 2, one paragraph, no stack trace).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { gankit, tmpDir } from '../helpers.js';

const root = tmpDir();
const style = path.join(root, 'style');
const config = path.join(root, 'tiny.yaml');
writeFileSync(
  config,
  'extends: stylegan-emoji\nmodel: { latentDim: 8, wDim: 8, mappingLayers: 2, fmapBase: 16, fmapMax: 4 }\n',
);
const trained = gankit([
  'train',
  '--config',
  config,
  '--limit',
  '16',
  '--batch-size',
  '4',
  '--steps',
  '2',
  '--out',
  style,
]);

/** Width and height of a PNG file (its IHDR chunk). */
function pngSize(file: string): [number, number] {
  const b = readFileSync(file);
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

function usageError(args: string[], pattern: RegExp): void {
  const r = gankit(['sample', ...args]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

test('--truncation and --mix write their pictures; the mixing grid is (n + 1) × (n + 1)', () => {
  assert.equal(trained.code, 0, trained.stderr);
  const strip = path.join(root, 'truncated.png');
  const t = gankit([
    'sample',
    '--run',
    style,
    '--truncation',
    '0.5',
    '--truncation-cutoff',
    '4',
    '--n',
    '8',
    '--out',
    strip,
  ]);
  assert.equal(t.code, 0, t.stderr);
  const grids = [2, 3].map((n) => {
    const out = path.join(root, `mix-${n}.png`);
    const r = gankit(['sample', '--run', style, '--mix', '--n', String(n), '--crossover', '2', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    return pngSize(out);
  });
  for (const [w, h] of grids) assert.equal(w, h, 'square grid');
  // One more source per side adds one 32-px cell (plus its margin) to each side.
  assert.ok(grids[1][0] > grids[0][0] + 32);
});

test('bad truncation, cutoff and crossover values are usage errors', () => {
  usageError(['--run', style, '--truncation', '1.5'], /--truncation must be a number ψ in \[0, 1\]/);
  usageError(['--run', style, '--truncation=-0.1'], /--truncation must be a number ψ in \[0, 1\]/);
  usageError(['--run', style, '--truncation', 'half'], /--truncation must be a number ψ in \[0, 1\]/);
  usageError(['--run', style, '--truncation', '0.7', '--truncation-cutoff', '9'], /at most 8/);
  usageError(['--run', style, '--truncation-cutoff', '2'], /applies with --truncation PSI/);
  usageError(['--run', style, '--mix', '--crossover', '8'], /--crossover must be below 8/);
  usageError(['--run', style, '--crossover', '3'], /--crossover applies with --mix/);
  usageError(['--run', style, '--mix', '--n', '40'], /at most 16/);
});

test('--mix on a run of another family says it needs a StyleGAN run; --truncation there is a z threshold', () => {
  const mlp = path.join(root, 'mlp');
  const r = gankit(['train', '--preset', 'gan-mnist', '--limit', '64', '--steps', '1', '--out', mlp]);
  assert.equal(r.code, 0, r.stderr);
  usageError(['--run', mlp, '--mix'], /--mix need a StyleGAN run .*this is a mlp run/);
  usageError(['--run', mlp, '--truncation-cutoff', '2'], /--truncation-cutoff need a StyleGAN run/);
  usageError(['--run', mlp, '--truncation', '0.01'], /z truncation threshold must be a number >= 0.05/);
  const z = gankit([
    'sample',
    '--run',
    mlp,
    '--truncation',
    '0.5',
    '--n',
    '4',
    '--out',
    path.join(mlp, 't.png'),
  ]);
  assert.equal(z.code, 0, z.stderr);
});
