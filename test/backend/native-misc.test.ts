/**
 * Native batch norm, the Philox kernel (bit-identical to the JS Rng), seeded dropout, the fused Adam
 * update (bit-identical to its composite), storage sharing (reshape, identity, expandDims) and the cpu
 * fallback for kernels without a native implementation.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import type { NativeBackend } from '../../src/backend/native/backend.js';
import { SeededDropout } from '../../src/nn/dropout.js';
import { philoxUniform } from '../../src/nn/random.js';
import { Rng } from '../../src/util/rng.js';
import { assertFusedAdamExact } from './helpers.js';
import { assertParity, randn, runOn, skipNative } from './native-helpers.js';

describe('native batch norm, RNG, storage and fallback', { skip: skipNative }, () => {
  test('batchNorm forward and gradients (per-channel and full-shape parameters)', async () => {
    const x = randn(4, 3, 5, 6);
    const [mean, variance, offset, scale] = [randn(6), randn(6), randn(6), randn(6)];
    const bn = (a: tf.Tensor, m: tf.Tensor, v: tf.Tensor, o: tf.Tensor, s: tf.Tensor) =>
      tf.batchNorm(a, m, tf.add(tf.abs(v), 0.1), o, s, 1e-3);
    await assertParity([x, mean, variance, offset, scale], bn);
    await assertParity([x, mean, variance, offset, scale], (...t) =>
      tf.grads((a: tf.Tensor, m: tf.Tensor, v: tf.Tensor, o: tf.Tensor, s: tf.Tensor) =>
        tf.sum(tf.square(bn(a, m, v, o, s))),
      )(t),
    );
    await assertParity([x], (a) => {
      const { mean: m, variance: v } = tf.moments(a, [0, 1, 2], true);
      return tf.batchNorm(a, m, v, undefined, undefined, 1e-3);
    });
    const full = randn(4, 3, 5, 6);
    await assertParity([x, full], (a, m) => tf.batchNorm(a, m, tf.add(tf.abs(m), 1)));
  });

  test('the native Philox kernel reproduces the JS Rng stream and advances it alike', async () => {
    await initBackend('native');
    const native = new Rng(7, 3, 5);
    const js = new Rng(7, 3, 5);
    const a = philoxUniform([3, 7], native);
    assert.deepEqual(Array.from(a.dataSync()), Array.from(js.uniform(21)));
    assert.deepEqual(native.state(), js.state());
    a.dispose();
  });

  test('seeded dropout gives the same masks on cpu and native, and is the identity at inference', async () => {
    const x = randn(8, 50);
    const run = (train: boolean) => (t: tf.Tensor) =>
      new SeededDropout({ rate: 0.4, seed: 9 }).apply(t, { training: train }) as tf.Tensor;
    await assertParity([x], run(true));
    const [out] = await runOn('native', [x], run(true));
    const kept = out.values.filter((v) => v !== 0).length / out.values.length;
    assert.ok(kept > 0.45 && kept < 0.75, `kept fraction ${kept}`);
    const [id] = await runOn('native', [x], run(false));
    assert.deepEqual(id.values, Array.from(x.values));
  });

  test('expandDims inserts the axis where tfjs does (positive and negative dim) and its gradient flows', async () => {
    const x = randn(3, 4);
    await assertParity([x], (t) => [0, 1, 2, -1, -2, -3].map((dim) => tf.expandDims(t, dim)));
    await assertParity([x], (t) => tf.grad((a: tf.Tensor) => tf.sum(tf.square(tf.expandDims(a, -1))))(t));
  });

  test('reshape and identity share storage; disposal frees it', async () => {
    await initBackend('native');
    const backend = tf.backend() as NativeBackend;
    const live = () => backend.addon.stats().liveBytes;
    const before = live();
    const a = tf.tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    const b = tf.reshape(a, [3, 2]);
    const c = tf.clone(b);
    assert.equal(live() - before, 64, 'one (64-byte aligned) native buffer for three tensors');
    a.dispose();
    b.dispose();
    assert.deepEqual(Array.from(c.dataSync()), [1, 2, 3, 4, 5, 6]);
    c.dispose();
    assert.equal(live(), before);
  });

  test('copies between JS arrays and native buffers never run past the buffer', async () => {
    await initBackend('native');
    const { addon } = tf.backend() as NativeBackend;
    const id = addon.alloc(64);
    try {
      addon.write(id, new Float32Array(16));
      assert.throws(
        () => addon.write(id, new Float32Array(17)),
        /write of 68 bytes does not fit buffer \d+ of 64 bytes/,
      );
      assert.throws(() => addon.read(id, new Float32Array(17)), /read of 68 bytes does not fit/);
    } finally {
      addon.free(id);
    }
  });

  test('a kernel without a native implementation runs on the cpu fallback, correctly', async () => {
    const x = randn(3, 8);
    await assertParity([x], (t) => [tf.cumsum(t, 1), tf.reverse(t, 1), tf.atan(t)]);
  });

  test('ResizeBilinear (two GEMMs) matches cpu: down and up, odd sizes, alignCorners, halfPixelCenters', async () => {
    const cases: [number[], [number, number]][] = [
      [
        [3, 64, 64, 1],
        [28, 28],
      ],
      [
        [2, 5, 7, 3],
        [11, 4],
      ],
      [
        [1, 9, 6, 2],
        [1, 1],
      ],
      [
        [2, 1, 1, 3],
        [4, 5],
      ],
    ];
    for (const [shape, size] of cases)
      for (const alignCorners of [false, true])
        for (const halfPixelCenters of alignCorners ? [false] : [false, true])
          await assertParity(
            [randn(...shape)],
            (x) => tf.image.resizeBilinear(x as tf.Tensor4D, size, alignCorners, halfPixelCenters),
            1e-5,
          );
    await initBackend('native');
    const fallback = (tf.backend() as NativeBackend).fallback;
    const before = fallback.calls.get(tf.ResizeBilinear) ?? 0;
    tf.tidy(() => tf.image.resizeBilinear(tf.ones([2, 64, 64, 1]) as tf.Tensor4D, [28, 28]).dataSync());
    assert.equal(fallback.calls.get(tf.ResizeBilinear) ?? 0, before, 'float32 images stay native');
  });

  test('the fused Adam kernel gives the bits of the composite update it replaces', async () => {
    await initBackend('native');
    // 30 steps on a [33, 7] variable, and 3 on one of 300 001 elements, above the kernel's threading
    // threshold and not a multiple of the vector width.
    assertFusedAdamExact('native', [
      [[33, 7], 30],
      [[300001], 3],
    ]);
  });
});
