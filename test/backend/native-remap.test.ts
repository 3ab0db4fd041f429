/**
 * Native Reverse and MirrorPad against the cpu backend (every axis subset, both mirror modes at their
 * largest paddings, every dtype, empty and unit axes), the reflection-pad custom gradient of the
 * CycleGAN fixture against an independent gather-based gradient, and the addon's `remap` refusing
 * arguments that would reach outside its buffers.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import type { NativeBackend } from '../../src/backend/native/backend.js';
import { mirrorIndices } from '../../src/backend/native/kernels/remap.js';
import { reflectPad } from './fixtures/translation.js';
import { type Input, assertParity, randint, randn, skipNative } from './native-helpers.js';

const bools = (...shape: number[]): Input => {
  const v = randint(0, 2, ...shape);
  return { ...v, values: Uint8Array.from(v.values), dtype: 'bool' };
};

/** Every subset of [0, rank). */
const subsets = (rank: number) =>
  Array.from({ length: 2 ** rank }, (_, m) => [...Array(rank).keys()].filter((d) => (m >> d) & 1));

type Paddings = [number, number][];

describe('native Reverse and MirrorPad', { skip: skipNative }, () => {
  test('reverse over every subset of axes of a rank-4 tensor, and negative axes', async () => {
    await assertParity([randn(2, 3, 4, 5)], (x) => subsets(4).map((axes) => tf.reverse(x, axes)));
    await assertParity([randn(2, 3, 4, 5)], (x) => [tf.reverse(x, -1), tf.reverse(x, [-3, -2])]);
  });

  test('reverse of int32 and bool, of vectors, scalars, empty and unit axes', async () => {
    await assertParity([randint(-9, 9, 3, 1, 7)], (x) => subsets(3).map((axes) => tf.reverse(x, axes)));
    await assertParity([bools(4, 5)], (x) => [tf.reverse(x, 0), tf.reverse(x, 1), tf.reverse(x)]);
    await assertParity([randn(9)], (x) => tf.reverse(x));
    await assertParity([randn(1)], (x) => tf.reverse(x));
    await assertParity([randn(0, 3)], (x) => [tf.reverse(x, 0), tf.reverse(x, 1)]);
    await assertParity([randn(3, 0)], (x) => tf.reverse(x, 0));
    // tf.reverse rejects rank 0; the kernel itself treats a scalar as its own reverse.
    await initBackend('native');
    const s = tf.scalar(4.5);
    const r = tf.engine().runKernel(tf.Reverse, { x: s }, { dims: [] }) as tf.Tensor;
    assert.deepEqual(Array.from(r.dataSync()), [4.5]);
    tf.dispose([s, r]);
  });

  test('mirror pad, reflect and symmetric, up to the largest padding of each mode', async () => {
    const x = randn(2, 5, 4, 3);
    const cases: Paddings[] = [
      [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ],
      [
        [0, 0],
        [4, 2],
        [3, 0],
        [0, 0],
      ],
      [
        [1, 0],
        [0, 3],
        [2, 3],
        [2, 1],
      ],
      [
        [0, 0],
        [0, 0],
        [0, 0],
        [0, 0],
      ],
    ];
    await assertParity([x], (t) => cases.map((p) => tf.mirrorPad(t, p, 'reflect')));
    const symmetric = cases.map((p) =>
      p.map(([a, b], d): [number, number] => [a, b + (x.shape[d] > b ? 1 : 0)]),
    );
    await assertParity([x], (t) => [
      ...symmetric.map((p) => tf.mirrorPad(t, p, 'symmetric')),
      tf.mirrorPad(
        t,
        [
          [2, 2],
          [5, 5],
          [4, 4],
          [3, 3],
        ],
        'symmetric',
      ),
    ]);
  });

  test('mirror pad of CycleGAN shapes (7×7 and 3×3 reflection pads, 1 to 64 channels), ranks 1 to 3, int32, bool', async () => {
    for (const c of [1, 3, 64]) {
      await assertParity([randn(2, 12, 10, c)], (t) => [
        reflectPad(t as tf.Tensor4D, 3),
        reflectPad(t as tf.Tensor4D, 1),
      ]);
    }
    await assertParity([randn(6)], (t) => [
      tf.mirrorPad(t, [[5, 5]], 'reflect'),
      tf.mirrorPad(t, [[6, 0]], 'symmetric'),
    ]);
    await assertParity([randn(3, 4)], (t) =>
      tf.mirrorPad(
        t,
        [
          [2, 1],
          [0, 3],
        ],
        'reflect',
      ),
    );
    await assertParity([randint(-5, 5, 4, 3, 2)], (t) =>
      tf.mirrorPad(
        t,
        [
          [3, 2],
          [1, 2],
          [1, 1],
        ],
        'reflect',
      ),
    );
    await assertParity([bools(3, 3)], (t) =>
      tf.mirrorPad(
        t,
        [
          [3, 1],
          [2, 2],
        ],
        'symmetric',
      ),
    );
    // tf.mirrorPad rejects reflecting an empty axis even unpadded; symmetric mode allows it.
    await assertParity([randn(0, 3)], (t) =>
      tf.mirrorPad(
        t,
        [
          [0, 0],
          [1, 2],
        ],
        'symmetric',
      ),
    );
  });

  test("the reflection pad's custom gradient (slice, reverse, pad, add) matches gather's gradient, natively", async () => {
    const x = randn(2, 7, 6, 3);
    const w = randn(2, 13, 12, 3);
    // Independent reference: the same padding as two gathers, whose gradient tfjs derives itself.
    const gathered = (t: tf.Tensor, p: number) => {
      const [, h, wd] = (t as tf.Tensor4D).shape;
      return tf.gather(
        tf.gather(t, mirrorIndices(h, p, p, 'reflect'), 1),
        mirrorIndices(wd, p, p, 'reflect'),
        2,
      );
    };
    const grad = (pad: (t: tf.Tensor) => tf.Tensor) => (a: tf.Tensor, b: tf.Tensor) =>
      tf.grad((t: tf.Tensor) => tf.sum(tf.mul(pad(t), b)))(a);
    await assertParity([x, w], (a, b) => [
      grad((t) => reflectPad(t as tf.Tensor4D, 3))(a, b),
      grad((t) => gathered(t, 3))(a, b),
    ]);
    await initBackend('native');
    const [mine, reference] = tf.tidy(() => {
      const a = tf.tensor(x.values, x.shape);
      const b = tf.tensor(w.values, w.shape);
      return [grad((t) => reflectPad(t as tf.Tensor4D, 3))(a, b), grad((t) => gathered(t, 3))(a, b)];
    });
    const diff = tf.max(tf.abs(tf.sub(mine, reference))).dataSync()[0];
    assert.ok(diff < 1e-5, `custom gradient differs from gather's by ${diff}`);
    tf.dispose([mine, reference]);
  });

  test('MirrorPad rejects paddings its mode cannot mirror, and remap refuses out-of-buffer arguments', async () => {
    await initBackend('native');
    const b = tf.backend() as NativeBackend;
    const x = tf.tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    const run = (paddings: Paddings, mode: string) =>
      tf.engine().runKernel(tf.MirrorPad, { x }, { paddings, mode } as unknown as tf.NamedAttrMap);
    assert.throws(
      () =>
        run(
          [
            [0, 0],
            [3, 0],
          ],
          'reflect',
        ),
      /reflect padding of an axis of 3 is at most 2/,
    );
    assert.throws(
      () =>
        run(
          [
            [0, 3],
            [0, 0],
          ],
          'symmetric',
        ),
      /at most 2/,
    );
    assert.throws(() => run([[0, 0]], 'reflect'), /1 paddings for a tensor of rank 2/);
    assert.throws(
      () =>
        run(
          [
            [0, 0],
            [-1, 0],
          ],
          'reflect',
        ),
      /non-negative integers/,
    );
    assert.throws(
      () =>
        run(
          [
            [0, 0],
            [0, 0],
          ],
          'wrap',
        ),
      /unknown mode 'wrap'/,
    );
    const out = b.makeOutput([2, 3], 'float32');
    const [xi, oi] = [b.id(x), b.id(out)];
    const ok = [0, 1, 0, 1, 2];
    assert.throws(
      () => b.addon.remap(xi, oi, [2, 3], [2, 3], [0, 1, 0, 1, 3], 4),
      /index 3, outside \[0, 3\)/,
    );
    assert.throws(() => b.addon.remap(xi, oi, [2, 3], [2, 3], [0, 1, 0, 1, -1], 4), /outside/);
    assert.throws(() => b.addon.remap(xi, oi, [2, 3], [2, 3], [0, 1, 0, 1], 4), /fewer map entries/);
    assert.throws(() => b.addon.remap(xi, oi, [2, 3], [2, 3], [...ok, 0], 4), /more map entries/);
    assert.throws(() => b.addon.remap(xi, oi, [2, 3], [2, 3, 1], [...ok, 0], 4), /ranks differ/);
    assert.throws(() => b.addon.remap(xi, oi, [2, 3], [2, 3], ok, 8), /1 or 4 bytes/);
    // Shapes larger than the buffers: refused before any copy.
    assert.throws(
      () => b.addon.remap(xi, oi, [2, 300], [2, 3], [0, 1, 0, 1, 2], 4),
      /remap input .* does not fit/,
    );
    assert.throws(
      () => b.addon.remap(xi, oi, [2, 3], [2, 30], [0, 1, ...Array(30).fill(0)], 4),
      /remap output .* does not fit/,
    );
    assert.throws(() => b.addon.remap(xi, oi, [2, -3], [2, 3], ok, 4), /bad shape/);
    b.addon.remap(xi, oi, [2, 3], [2, 3], [1, 0, 2, 1, 0], 4);
    assert.deepEqual(Array.from(b.readSync(out.dataId) as Float32Array), [6, 5, 4, 3, 2, 1]);
    b.disposeData(out.dataId);
    x.dispose();
  });
});
