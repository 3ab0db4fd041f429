/**
 * Issue 6: a conditional GAN must obey its label. `cgan-mnist` trains for a few hundred steps and
 * `gankit eval` classifies its samples with the shipped MNIST classifier (99 % test accuracy): the
 * fraction generated for digit k and classified as k must be far above chance (10 %).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { gankit, tmpDir } from '../helpers.js';

test('cgan-mnist samples for label k are classified as k well above chance', () => {
  const out = path.join(tmpDir(), 'cgan');
  const t = gankit(['train', '--preset', 'cgan-mnist', '--steps', '600', '--out', out]);
  assert.equal(t.code, 0, t.stderr);
  const r = gankit(['eval', '--run', out, '--n', '1000', '--metrics', 'classes', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const v = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
  assert.ok(v.label_accuracy >= 0.4, `label accuracy ${v.label_accuracy} (chance 0.1)`);
  assert.ok(v.modes === 10, `samples cover ${v.modes} of 10 digits`);
});
