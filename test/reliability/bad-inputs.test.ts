/**
 * Bad inputs through the CLI (issue 17): each is exit 2 with one line naming the file or key and what
 * to do, no stack trace, and the run folder it concerns is left exactly as it was. (Truncated IDX,
 * malformed .npy and config typos have their own tests in test/data, test/metrics and test/cli; the
 * parsers are fuzzed in fuzz.test.ts.)
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { resolveConfig } from '../../src/config/resolve.js';
import { assertUserError, gankit, tmpDir } from '../helpers.js';

function png(file: string, width: number, height: number): void {
  const p = new PNG({ width, height });
  p.data.fill(128);
  writeFileSync(file, PNG.sync.write(p));
}

/** SHA-256 of every file below `dir` by relative path: "nothing in the run folder damaged". */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = path.join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[path.relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

test('damaged images, empty folders and mixed sizes in --data are named', () => {
  const root = tmpDir();
  const folder = path.join(root, 'imgs');
  mkdirSync(folder);
  png(path.join(folder, 'a.png'), 28, 28);
  const good = readFileSync(path.join(folder, 'a.png'));
  writeFileSync(path.join(folder, 'b.png'), good.subarray(0, good.length - 30));
  const train = (data: string, preset = 'gan-mnist') =>
    gankit(['train', '--preset', preset, '--steps', '1', '--data', data, '--out', path.join(root, 'run')]);
  assertUserError(train(folder), /imgs\/b\.png: cannot decode image: /);
  mkdirSync(path.join(root, 'empty'));
  assertUserError(train(path.join(root, 'empty')), /empty: contains no \.png, \.jpg or \.jpeg images/);
  // Paired image-to-image folders must have one size per domain.
  const paired = path.join(root, 'paired');
  for (const side of ['A', 'B']) {
    mkdirSync(path.join(paired, side), { recursive: true });
    png(path.join(paired, side, '1.png'), 28, 28);
    png(path.join(paired, side, '2.png'), side === 'A' ? 30 : 28, 28);
  }
  assertUserError(
    train(paired, 'pix2pix-edges'),
    /A\/2\.png: is 30×28 but 1\.png is 28×28\. All images of a domain/,
  );
});

test('config values of the wrong type, out of range or unknown name the key', () => {
  const root = tmpDir();
  const file = path.join(root, 'c.yaml');
  const expectError = (yaml: string, message: RegExp) => {
    writeFileSync(file, `extends: toy-ring\n${yaml}\n`);
    assert.throws(() => resolveConfig({ configFile: file }), message);
  };
  expectError('train: { steps: many }', /train\.steps/);
  expectError('train: { batchSize: 0 }', /train\.batchSize/);
  expectError('optimizers: { generator: { type: adam, lr: -1 } }', /optimizers\.generator\.lr/);
  expectError('__proto__: { train: { steps: 5 } }', /'__proto__' is not allowed/);
  expectError('name: !!js/function "function () { process.exit(3) }"', /Unresolved tag/);
  writeFileSync(file, 'extends: toy-ring\ntrain: { steps: -3 }\n');
  assertUserError(gankit(['train', '--config', file, '--out', path.join(root, 'run')]), /train\.steps/);
  // A family's own model keys are checked when its networks are built (found by this campaign: the
  // MLP family used to ignore a misspelt key).
  writeFileSync(file, 'extends: toy-ring\nmodel: { generator: { hidden: [64], colour: red } }\n');
  assertUserError(
    gankit(['train', '--config', file, '--out', path.join(root, 'run2')]),
    /unknown key 'model\.generator\.colour'; valid keys of 'model\.generator': hidden, /,
  );
});

test('--resume with another architecture, and checkpoints with foreign tensor names or shapes, damage nothing', () => {
  const root = tmpDir();
  const out = path.join(root, 'run');
  const r = gankit([
    'train',
    '--preset',
    'toy-ring',
    '--steps',
    '4',
    '--checkpoint-every',
    '4',
    '--out',
    out,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const before = snapshot(out);
  const other = path.join(root, 'wide.yaml');
  writeFileSync(other, 'extends: toy-ring\nmodel: { generator: { hidden: [128, 128] } }\n');
  assertUserError(
    gankit(['train', '--resume', '--config', other, '--out', out, '--steps', '8']),
    /--resume: .*wide\.yaml changes 'model\.generator\.hidden' \(the run in .* has \[64,64\], the file \[128,128\]\).*Drop --config/,
  );
  assert.deepEqual(snapshot(out), before);

  const manifestFile = path.join(out, 'checkpoints', 'step-000004', 'manifest.json');
  const original = readFileSync(manifestFile, 'utf8');
  const edit = (change: (m: { tensors: Record<string, { name: string; shape: number[] }[]> }) => void) => {
    const m = JSON.parse(original);
    change(m);
    writeFileSync(manifestFile, JSON.stringify(m));
    return snapshot(out);
  };
  const renamed = edit((m) => {
    m.tensors.generator[1].name = 'dense_Dense2/gamma';
  });
  assertUserError(
    gankit(['train', '--resume', '--out', out, '--steps', '8']),
    /checkpoint weight 1 of '.*' is named 'dense_Dense2\/gamma', where the model has a 'bias'/,
  );
  assert.deepEqual(snapshot(out), renamed);
  const reshaped = edit((m) => {
    m.tensors.generator[0].shape = [...m.tensors.generator[0].shape].reverse();
  });
  assertUserError(
    gankit(['train', '--resume', '--out', out, '--steps', '8']),
    /checkpoint weight 0 of '.*' \('.*kernel'\) has shape \[64,2\], the model's .* has \[2,64\]/,
  );
  assert.deepEqual(snapshot(out), reshaped);
});

test('a run whose config.json was truncated or hand-edited is named, for every command that reads it', () => {
  const root = tmpDir();
  const out = path.join(root, 'run');
  assert.equal(gankit(['train', '--preset', 'toy-ring', '--steps', '4', '--out', out]).code, 0);
  const file = path.join(out, 'config.json');
  const good = readFileSync(file, 'utf8');
  writeFileSync(file, good.slice(0, good.length >> 1));
  assertUserError(
    gankit(['sample', '--run', out, '--out', path.join(root, 's.png')]),
    /config\.json: unreadable run config .*restore config\.json/,
  );
  writeFileSync(file, good.replace('"batchSize": 256', '"batchSize": "many"'));
  assertUserError(
    gankit(['train', '--resume', '--out', out, '--steps', '8']),
    /config\.json: not a valid run config: .*train\.batchSize/,
  );
});
