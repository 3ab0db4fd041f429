import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng, philox4x32 } from '../src/util/rng.js';

test('philox4x32-10 matches the Random123 known-answer vectors', () => {
  const out = new Uint32Array(4);
  // Random123 kat_vectors: philox4x32 10 with counter 0 and key 0.
  philox4x32(0, 0, 0, 0, out);
  assert.deepEqual([...out], [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
});

test('a stream restored from its state continues identically', () => {
  const a = new Rng(7);
  a.normal(10);
  const b = Rng.fromState(a.state());
  assert.deepEqual(a.uniform(9), b.uniform(9));
  assert.deepEqual(a.normal(5), b.normal(5));
});

test('normal() has mean 0 and variance 1; uniform() has mean 1/2', () => {
  const r = new Rng(1);
  const z = r.normal(200_000);
  let m = 0;
  let v = 0;
  for (const x of z) m += x;
  m /= z.length;
  for (const x of z) v += (x - m) ** 2;
  v /= z.length;
  assert.ok(Math.abs(m) < 0.01, `mean ${m}`);
  assert.ok(Math.abs(v - 1) < 0.01, `variance ${v}`);
  const u = r.uniform(100_000);
  const mu = u.reduce((s, x) => s + x, 0) / u.length;
  assert.ok(Math.abs(mu - 0.5) < 0.005);
  assert.ok(u.every((x) => x >= 0 && x < 1));
});

test('permutation() is a permutation and depends on the seed', () => {
  const p = new Rng(3).permutation(1000);
  assert.deepEqual(
    [...p].sort((x, y) => x - y),
    Array.from({ length: 1000 }, (_, i) => i),
  );
  assert.notDeepEqual(p, new Rng(4).permutation(1000));
});
