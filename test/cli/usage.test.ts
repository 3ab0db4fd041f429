/** Bad usage must end with exit 2 and one helpful paragraph, never a stack trace. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { gankit, tmpDir } from '../helpers.js';

function assertUsageError(args: string[], pattern: RegExp): void {
  const r = gankit(args);
  assert.equal(r.code, 2, `exit code of gankit ${args.join(' ')}: ${r.stderr}`);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

test('unknown preset lists the valid presets', () => {
  assertUsageError(
    ['train', '--preset', 'dcgan-nope'],
    /unknown preset 'dcgan-nope'\. Valid presets: .*gan-fashion.*gan-mnist/,
  );
});

test('unknown flag lists the valid flags', () => {
  assertUsageError(
    ['train', '--preset', 'gan-mnist', '--stepz', '5'],
    /Unknown option '--stepz'.*Valid flags: --preset, --config, --steps/,
  );
});

test('malformed numbers, unknown backends and unknown commands are usage errors', () => {
  assertUsageError(
    ['train', '--preset', 'gan-mnist', '--steps', 'ten'],
    /--steps must be an integer >= 0, got 'ten'/,
  );
  assertUsageError(
    ['train', '--preset', 'gan-mnist', '--steps', '1', '--backend', 'gpu', '--out', path.join(tmpDir(), 'r')],
    /unknown backend 'gpu'; choose one of: auto, native, wasm, cpu/,
  );
  assertUsageError(['trian'], /unknown command 'trian'\. Valid commands: train, presets, sample/);
  assertUsageError(['train'], /pass --preset NAME or --config FILE\.yaml/);
  assertUsageError(['sample'], /--run DIR is required/);
});

test('a config file with a typo names the key and the valid keys', () => {
  const dir = tmpDir();
  const file = path.join(dir, 'my.yaml');
  writeFileSync(file, 'extends: gan-mnist\ntrain:\n  batchsize: 32\n');
  assertUsageError(
    ['train', '--config', file],
    /unknown key 'config\.train\.batchsize'; valid keys of 'config\.train': batchSize, steps/,
  );
  writeFileSync(file, 'extends: gan-mnist\noptimizers:\n  generator: { type: adamw, lr: 0.1 }\n');
  assertUsageError(
    ['train', '--config', file],
    /'config\.optimizers\.generator\.type' must be one of adam, rmsprop, sgd, got "adamw"/,
  );
  writeFileSync(file, 'train: [1, 2\n');
  assertUsageError(['train', '--config', file], /my\.yaml: invalid YAML/);
});

test('--resume without a run and training into an existing run are refused with advice', () => {
  const dir = tmpDir();
  assertUsageError(
    ['train', '--resume', '--out', path.join(dir, 'none')],
    /holds no run \(no config\.json\)/,
  );
});

test('gankit presets prints one line per preset and --help prints usage', () => {
  const r = gankit(['presets']);
  assert.equal(r.code, 0);
  const lines = r.stdout.trim().split('\n');
  assert.ok(lines.length >= 2);
  for (const l of lines) assert.match(l, /^[a-z0-9-]+\s+\S/);
  const h = gankit(['train', '--help']);
  assert.equal(h.code, 0);
  assert.match(h.stdout, /usage: gankit train --preset NAME/);
});
