/**
 * ProGAN's networks and growth (src/models/progan): shapes at every level; the fade-in at α = 0 equals the
 * previous resolution's network and at α = 1 the new one's, exactly, for G, D and the reals; the schedule.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import { buildProgan, growingLayer } from '../../src/models/progan/index.js';
import { growthAt, growthStageChanged, parseGrowth } from '../../src/models/progan/growth.js';
import type { GanNetworks } from '../../src/models/types.js';
import { realsAtGrowth } from '../../src/train/objectives/progan.js';
import { Rng } from '../../src/util/rng.js';

await initBackend('auto');

const GROWTH = { resolutions: [4, 8, 16, 32], stableImages: 10, fadeImages: 20 };
const build = (seed = 3): GanNetworks =>
  buildProgan(
    { latentDim: 16, fmapBase: 64, fmapMax: 16, growth: GROWTH },
    { imageShape: [32, 32, 3], seed },
  );
const z = () => tf.tensor2d(new Rng(1).normal(8 * 16), [8, 16]);
const images = () =>
  tf.tensor4d(
    new Rng(2).uniform(8 * 32 * 32 * 3).map((v) => 2 * v - 1),
    [8, 32, 32, 3],
  );

function run(net: GanNetworks['generator'], x: tf.Tensor, level: number, alpha: number): Float32Array {
  growingLayer(net).setGrowth({ level, alpha });
  return tf.tidy(() => (net.apply(x) as tf.Tensor).dataSync() as Float32Array);
}

/** Multiplies the trainable weights of `net` picked by index (they are in build order) by −3.7. */
function scramble(net: GanNetworks['generator'], pick: (i: number, n: number) => boolean): void {
  const ws = net.trainableWeights;
  ws.forEach((w, i) => {
    if (pick(i, ws.length)) w.write(tf.tidy(() => tf.mul(w.read(), -3.7)));
  });
}

test('progan: G gives final-size images and D one score at every level; every level is built up front', () => {
  const { generator: g, discriminator: d } = build();
  const x = z();
  const img = images();
  for (let level = 0; level <= 3; level++) {
    growingLayer(g).setGrowth({ level, alpha: 0.5 });
    growingLayer(d).setGrowth({ level, alpha: 0.5 });
    tf.tidy(() => {
      assert.deepEqual((g.apply(x) as tf.Tensor).shape, [8, 32, 32, 3]);
      assert.deepEqual((d.apply(img) as tf.Tensor).shape, [8, 1]);
    });
  }
  // G: dense + bias + 4×4 conv + toRGB, then 2 convs + toRGB per level, each kernel + bias (dense: kernel).
  assert.equal(g.trainableWeights.length, 1 + 1 + 2 + 2 + 3 * 6);
  assert.deepEqual(growingLayer(g).growth(), { level: 3, alpha: 0.5 });
  tf.dispose([x, img]);
  g.dispose();
  d.dispose();
});

test('progan: a fade at α = 0 is the previous resolution exactly, at α = 1 the new one exactly', () => {
  const { generator: g, discriminator: d } = build();
  const x = z();
  const img = images();
  for (const [name, net, input] of [
    ['G', g, x],
    ['D', d, img],
  ] as const) {
    for (let level = 1; level <= 3; level++) {
      const low = run(net, input, level - 1, 1);
      const high = run(net, input, level, 1);
      assert.notDeepEqual(low, high, `${name} ${level}: the two resolutions differ`);
      assert.deepEqual(run(net, input, level, 0), low, `${name} level ${level}, α = 0`);
      const mid = run(net, input, level, 0.5);
      assert.notDeepEqual(mid, low);
      assert.notDeepEqual(mid, high);
    }
  }
  // α = 1 uses nothing of the previous level: with the lower path's weights scrambled, nothing changes.
  // The weights are in build order; for G, level 3's own are the last six (two convs and toRGB).
  const top = run(g, x, 3, 1);
  const atLevel2 = run(g, x, 2, 1);
  scramble(g, (i, n) => i >= n - 8 && i < n - 6); // level 2's toRGB
  assert.deepEqual(run(g, x, 3, 1), top, 'G at α = 1 ignores the old toRGB');
  assert.notDeepEqual(run(g, x, 2, 1), atLevel2, 'the scrambled weights are the old toRGB');
  // D's weights: fromRGB_3, block 3 (4 weights), fromRGB_2, …: scramble fromRGB_2 (indices 6, 7).
  const dTop = run(d, img, 3, 1);
  scramble(d, (i) => i === 6 || i === 7);
  assert.deepEqual(run(d, img, 3, 1), dTop, 'D at α = 1 ignores the old fromRGB');
  assert.notDeepEqual(run(d, img, 2, 1), run(d, img, 3, 0.5));
  tf.dispose([x, img]);
  g.dispose();
  d.dispose();
});

test('progan: reals are box-filtered to the resolution and blended exactly like the networks', () => {
  const img = images();
  tf.tidy(() => {
    const at = (level: number, alpha: number) => realsAtGrowth(img, { level, alpha }, 3).dataSync();
    assert.deepEqual(at(3, 1), img.dataSync(), 'the final resolution is the image itself');
    for (let level = 1; level <= 3; level++) assert.deepEqual(at(level, 0), at(level - 1, 1));
    // Level 1 (8×8): every 4×4 block holds the block's mean, against tf.avgPool as the reference.
    const want = tf.image.resizeNearestNeighbor(tf.avgPool(img, 4, 4, 'valid'), [32, 32]).dataSync();
    const got = at(1, 1);
    for (let i = 0; i < got.length; i++) assert.ok(Math.abs(got[i] - want[i]) < 1e-6, `pixel ${i}`);
    // Mid-fade: the α-weighted mean of the two resolutions.
    const mid = at(2, 0.25);
    const [lo, hi] = [at(1, 1), at(2, 1)];
    for (let i = 0; i < mid.length; i += 101)
      assert.ok(Math.abs(mid[i] - (0.75 * lo[i] + 0.25 * hi[i])) < 1e-6);
  });
  img.dispose();
});

test('progan: the schedule stabilises, fades linearly, and resets the optimizers at each change', () => {
  const s = parseGrowth(GROWTH, 32);
  assert.deepEqual(growthAt(s, 0), { level: 0, alpha: 1 });
  assert.deepEqual(growthAt(s, 9), { level: 0, alpha: 1 });
  assert.deepEqual(growthAt(s, 10), { level: 1, alpha: 0 });
  assert.deepEqual(growthAt(s, 25), { level: 1, alpha: 0.75 });
  assert.deepEqual(growthAt(s, 30), { level: 1, alpha: 1 });
  assert.deepEqual(growthAt(s, 70), { level: 3, alpha: 0 });
  assert.deepEqual(growthAt(s, 89), { level: 3, alpha: 0.95 });
  assert.deepEqual(growthAt(s, 90), { level: 3, alpha: 1 });
  assert.deepEqual(growthAt(s, 1e6), { level: 3, alpha: 1 });
  const changes = [];
  for (let n = 1; n <= 100; n++) if (growthStageChanged(growthAt(s, n - 1), growthAt(s, n))) changes.push(n);
  assert.deepEqual(changes, [10, 30, 40, 60, 70, 90]);
  const from8 = parseGrowth({ ...GROWTH, resolutions: [8, 16, 32] }, 32);
  assert.deepEqual(growthAt(from8, 0), { level: 1, alpha: 1 });
  assert.deepEqual(growthAt(from8, 1e6), { level: 3, alpha: 1 });
  assert.throws(() => parseGrowth({ ...GROWTH, resolutions: [4, 8, 32] }, 32), /must double from 4/);
  assert.throws(() => parseGrowth({ ...GROWTH, resolutions: [4, 8, 16] }, 32), /up to the image size 32/);
  assert.throws(
    () => parseGrowth({ ...GROWTH, fadeImages: 0 }, 32),
    /'model.growth.fadeImages' must be a positive integer/,
  );
  assert.throws(() => parseGrowth({ ...GROWTH, stable: 3 }, 32), /unknown key 'model.growth.stable'/);
  assert.throws(() => parseGrowth(undefined, 32), /'model.growth' is required/);
});
