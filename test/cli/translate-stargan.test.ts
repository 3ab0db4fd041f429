/**
 * StarGAN v2 from the command line as a user runs it: trained on a folder with one sub-folder per
 * domain, `gankit translate --domain` with a style from the mapping network (--seed) or from a
 * reference image, `gankit eval` on the run, and bad input refused with exit 2 and a message that says
 * what to do: an unknown domain (the valid ones listed), a reference image of the wrong size, a domain
 * folder without images, flags of the other kind of run.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { gankit, TINY_STARGAN_MODEL, tmpDir } from '../helpers.js';

/** A w×h RGB PNG whose colour depends on `k`. */
function png(file: string, w: number, h: number, k: number): void {
  const img = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      img.data.set([(k * 80) % 256, (x * 16) % 256, (y * 16 + k) % 256, 255], (y * w + x) * 4);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, PNG.sync.write(img));
}

const root = tmpDir();
const data = path.join(root, 'animals');
['cat', 'dog', 'fox'].forEach((d, k) => {
  for (let i = 0; i < 3; i++) png(path.join(data, d, `${i}.png`), 20, 20, 3 * k + i);
});
const config = path.join(root, 'tiny.yaml');
writeFileSync(
  config,
  `extends: stargan-emoji
data: { shape: [16, 16, 3] }
${TINY_STARGAN_MODEL}train: { batchSize: 2, steps: 2, logEvery: 1, sampleEvery: 2, checkpointEvery: 2, sampleCount: 2 }
`,
);
const run = path.join(root, 'run');
const inputs = path.join(root, 'mine');
png(path.join(inputs, 'a.png'), 40, 30, 1);
png(path.join(inputs, 'b.jpg.png'), 16, 16, 2);

/** `gankit translate --run run --input INPUT --out OUT FLAGS…`. */
const translateRun = (input: string, out: string, ...flags: string[]) =>
  gankit(['translate', '--run', run, '--input', input, '--out', out, ...flags]);

test('train on one sub-folder per domain; translate latent- and reference-guided; eval', () => {
  const t = gankit(['train', '--config', config, '--data', data, '--out', run]);
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /3 domains \(cat 3, dog 3, fox 3\)/);
  assert.match(t.stdout, /STEP=00002, d_loss=[\d.]+, g_loss=[-\d.]+, D_latent\/real=[\d.]+, D_latent\/fake=/);
  const latent = path.join(root, 'latent');
  const a = translateRun(inputs, latent, '--domain', 'dog', '--seed', '3');
  assert.equal(a.code, 0, a.stderr);
  assert.deepEqual(readdirSync(latent).sort(), ['a.png', 'b.jpg.png']);
  const byRef = path.join(root, 'ref');
  const ref = path.join(data, 'fox', '0.png');
  png(path.join(root, 'ref16.png'), 16, 16, 7);
  const b = translateRun(
    path.join(inputs, 'a.png'),
    byRef,
    '--domain',
    'fox',
    '--reference',
    path.join(root, 'ref16.png'),
  );
  assert.equal(b.code, 0, b.stderr);
  assert.ok(existsSync(path.join(byRef, 'a.png')));
  // The training folder's 20×20 images are not the model's 16×16: refused, nothing written.
  const wrong = translateRun(inputs, path.join(root, 'no'), '--domain', 'fox', '--reference', ref);
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /0\.png: is 20×20 but this run's model takes 16×16 references/);
  assert.ok(!existsSync(path.join(root, 'no')));
  const e = gankit(['eval', '--run', run, '--n', '6', '--json']);
  assert.equal(e.code, 0, e.stderr);
  const scores = JSON.parse(e.stdout.trim().split('\n').pop()!) as Record<string, number>;
  assert.ok(scores.diversity > 0 && scores.cycle > 0 && scores.diversity_dog > 0, e.stdout);
  assert.equal(scores.acc_latent, undefined, 'no classifier for a user folder');
});

test('bad input: unknown domain lists the valid ones; a domain folder without images; flags of the other kind', () => {
  const u = translateRun(inputs, path.join(root, 'x'), '--domain', 'wolf');
  assert.equal(u.code, 2);
  assert.match(u.stderr, /unknown domain 'wolf'; this run's domains are 'cat', 'dog', 'fox'/);
  const n = translateRun(inputs, path.join(root, 'x'));
  assert.equal(n.code, 2);
  assert.match(n.stderr, /--domain NAME \(the target domain\) is required/);
  const both = translateRun(
    inputs,
    path.join(root, 'x'),
    '--domain',
    'cat',
    '--seed',
    '1',
    '--reference',
    'r.png',
  );
  assert.equal(both.code, 2);
  assert.match(both.stderr, /--reference IMG or --seed S, not both/);
  mkdirSync(path.join(data, 'owl'));
  const empty = gankit(['train', '--config', config, '--data', data, '--out', path.join(root, 'run2')]);
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /owl: contains no \.png, \.jpg or \.jpeg images/);
});
