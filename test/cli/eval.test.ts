/** gankit eval: metrics of a run's generator through the shipped MNIST classifier, and exact toy metrics. */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { encodePng } from '../../src/report/png.js';
import { gankit, tmpDir } from '../helpers.js';

test('eval scores an MNIST run with the shipped classifier and logs the row', () => {
  const out = path.join(tmpDir(), 'run');
  assert.equal(
    gankit(['train', '--preset', 'gan-mnist', '--steps', '20', '--limit', '500', '--out', out]).code,
    0,
  );
  const r = gankit(['eval', '--run', out, '--n', '300', '--metrics', 'fid,is,classes', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const v = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
  assert.equal(v.step, 20);
  assert.match(v.extractor, /mnist-classifier/);
  assert.ok(v.fid > 0 && Number.isFinite(v.fid), `fid ${v.fid}`);
  assert.ok(v.is_mean >= 1 && v.is_mean <= 10, `IS ${v.is_mean}`);
  const rows = readFileSync(path.join(out, 'metrics.jsonl'), 'utf8').trim().split('\n');
  assert.equal(JSON.parse(rows.at(-1)!).fid, v.fid);
});

test('eval of a toy run reports exact metrics; a dataset without extractor asks for one', () => {
  const out = path.join(tmpDir(), 'toy');
  assert.equal(gankit(['train', '--preset', 'toy-gaussian', '--steps', '5', '--out', out]).code, 0);
  const r = gankit(['eval', '--run', out, '--n', '1000', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const v = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
  assert.ok(v.w1 > 0 && v.js >= 0 && v.extractor === 'exact');
  // A user folder has no shipped classifier: eval must ask for an extractor.
  const dir = tmpDir();
  const images = path.join(dir, 'images');
  mkdirSync(images);
  for (let i = 0; i < 8; i++)
    writeFileSync(path.join(images, `${i}.png`), encodePng(4, 4, new Uint8Array(64).fill(i * 30)));
  const folder = path.join(dir, 'run');
  const t = gankit([
    'train',
    '--preset',
    'gan-mnist',
    '--data',
    images,
    '--steps',
    '1',
    '--batch-size',
    '4',
    '--out',
    folder,
  ]);
  assert.equal(t.code, 0, t.stderr);
  const e = gankit(['eval', '--run', folder, '--n', '10']);
  assert.equal(e.code, 2);
  assert.match(
    e.stderr,
    /no feature extractor for dataset 'path': pass --extractor MODEL\.json --layer NAME/,
  );
});

test('eval scores emoji runs at 32×32 and 64×64 with the shipped emoji classifier', () => {
  const dir = tmpDir();
  for (const size of [32, 64]) {
    const config = path.join(dir, `emoji-${size}.yaml`);
    writeFileSync(
      config,
      `extends: dcgan-emoji\ndata:\n  shape: [${size}, ${size}, 3]\nmodel:\n  channels: 8\n`,
    );
    const out = path.join(dir, `run-${size}`);
    const t = gankit([
      'train',
      '--config',
      config,
      '--steps',
      '2',
      '--batch-size',
      '8',
      '--limit',
      '64',
      '--out',
      out,
    ]);
    assert.equal(t.code, 0, t.stderr);
    const r = gankit(['eval', '--run', out, '--n', '200', '--metrics', 'fid,kid,is,pr', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const v = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    assert.match(v.extractor, /emoji-classifier/);
    assert.ok(v.fid > 0 && Number.isFinite(v.fid), `${size}: fid ${v.fid}`);
    assert.ok(Number.isFinite(v.kid_mean) && v.is_mean >= 1 && v.is_mean <= 10, `${size}: ${r.stdout}`);
    assert.ok(v.precision >= 0 && v.recall >= 0, `${size}: ${r.stdout}`);
  }
});
