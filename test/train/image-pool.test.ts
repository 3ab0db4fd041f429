/** CycleGAN's pool of past fakes behaves as pytorch-CycleGAN-and-pix2pix's ImagePool. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ImagePool } from '../../src/train/tricks/image-pool.js';
import { Rng } from '../../src/util/rng.js';

const batch = (...v: number[]) => Float32Array.from(v.flatMap((x) => [x, x]));

test('fills first (returning the new images), then swaps about half of them for stored ones', () => {
  const pool = new ImagePool(4, 2);
  const rng = new Rng(3);
  assert.deepEqual([...pool.query(batch(1, 2, 3), rng)], [...batch(1, 2, 3)], 'filling: returned as is');
  assert.equal(pool.filled, 3);
  assert.deepEqual([...pool.query(batch(4), rng)], [...batch(4)]);
  assert.equal(pool.filled, 4);
  let swapped = 0;
  const n = 400;
  for (let i = 0; i < n; i++) {
    const out = pool.query(batch(100 + i), rng);
    if (out[0] !== 100 + i) {
      swapped++;
      assert.ok(out[0] < 100 + i, 'a stored image is an older one');
    }
  }
  assert.ok(Math.abs(swapped / n - 0.5) < 0.08, `swap rate ${swapped / n}`);
  assert.equal(pool.filled, 4);
});

test('size 0 passes images through; contents/restore reproduce the same draws', () => {
  assert.deepEqual([...new ImagePool(0, 2).query(batch(7, 8), new Rng(1))], [...batch(7, 8)]);
  const a = new ImagePool(3, 2);
  const rng = new Rng(9);
  for (let i = 0; i < 5; i++) a.query(batch(i, i + 10), rng);
  const b = new ImagePool(3, 2);
  b.restore(a.contents());
  const state = rng.state();
  assert.deepEqual(
    b.query(batch(50, 51), Rng.fromState(state)),
    a.query(batch(50, 51), Rng.fromState(state)),
  );
  assert.throws(() => b.restore(new Float32Array(7)), /do not fit/);
});
