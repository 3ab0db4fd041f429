/**
 * DANN on users' folders (`--data` labelled source, `--target-data` unlabelled target, `--target-test`
 * labelled target test), and bad inputs: exit 2 with a message that names the folder and what to do.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { encodePng } from '../../src/report/png.js';
import { gankit, tmpDir } from '../helpers.js';

/** A folder of 16×16 PNGs: a bright square at a class-dependent place, `per` images per class. */
function folder(root: string, name: string, opts: { classes?: string[]; per: number; tint: number }): string {
  const dir = path.join(root, name);
  const classes = opts.classes ?? [''];
  classes.forEach((cls, k) => {
    mkdirSync(path.join(dir, cls), { recursive: true });
    for (let i = 0; i < opts.per; i++) {
      const rgba = new Uint8Array(16 * 16 * 4);
      for (let p = 0; p < 256; p++) {
        const on = Math.floor(p / 16) < 8 === (k === 0);
        rgba.set([on ? 255 : opts.tint, on ? 255 - opts.tint : 0, (i * 37) % 256, 255], p * 4);
      }
      writeFileSync(path.join(dir, cls, `${i}.png`), encodePng(16, 16, rgba));
    }
  });
  return dir;
}

const SMALL = ['--preset', 'dann-mnist', '--steps', '2', '--batch-size', '4', '--log-every', '1'];

function expectInputError(args: string[], pattern: RegExp): void {
  const r = gankit(['train', ...SMALL, ...args, '--limit', '64', '--out', path.join(tmpDir(), 'run')]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

test('DANN trains on users folders and scores the labelled target test folder', () => {
  const root = tmpDir();
  const classes = ['a', 'b'];
  const source = folder(root, 'source', { classes, per: 6, tint: 0 });
  const target = folder(root, 'target', { per: 8, tint: 200 });
  const test_ = folder(root, 'target-test', { classes, per: 3, tint: 200 });
  const out = path.join(root, 'run');
  const r = gankit([
    'train',
    ...SMALL,
    '--data',
    source,
    '--target-data',
    target,
    '--target-test',
    test_,
    '--eval-every',
    '2',
    '--out',
    out,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const last = JSON.parse(readFileSync(path.join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').at(-1)!);
  for (const key of ['target_acc:dann', 'target_acc:source_only'])
    assert.ok(last[key] >= 0 && last[key] <= 1, `${key} = ${last[key]}`);
  assert.equal(last['source_acc:dann'], undefined, 'a source folder has no test split');
});

test('bad target folders are exit 2 with the folder named', () => {
  const root = tmpDir();
  const empty = path.join(root, 'empty');
  mkdirSync(empty);
  expectInputError(['--target-data', empty], /empty: contains no \.png, \.jpg or \.jpeg images/);
  expectInputError(['--target-data', path.join(root, 'missing')], /missing: folder not found/);
  const target = folder(root, 'target', { per: 8, tint: 100 });
  const flatTest = folder(root, 'flat-test', { per: 4, tint: 100 });
  expectInputError(
    ['--target-data', target, '--target-test', flatTest],
    /flat-test: a target test folder needs one sub-folder per class.*\(0, 1, 2/,
  );
  const wrong = folder(root, 'wrong-test', { classes: ['3', 'seven'], per: 2, tint: 100 });
  expectInputError(
    ['--target-data', target, '--target-test', wrong],
    /wrong-test: class folder 'seven' not among the source's classes/,
  );
  expectInputError(['--target-test', wrong], /--target-test needs --target-data/);
});
