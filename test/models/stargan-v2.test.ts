/**
 * StarGAN v2's networks (src/models/stargan-v2/): Mimicry-style shape tests at 28, 32 and 64 px with 1
 * and 3 channels; the generator's output depends on the style (AdaIN) and on the image; the trunk and
 * generator halving rules; `pickDomain` takes each sample's own head and sends gradients to it only;
 * config errors name the key.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import { buildStarGan, pickDomain, readStarGanSpec } from '../../src/models/stargan-v2/index.js';
import { trunkDownsamples } from '../../src/models/stargan-v2/encoder.js';
import { UsageError } from '../../src/util/errors.js';
import { Rng } from '../../src/util/rng.js';

await initBackend('cpu');

const rng = new Rng(5);
const SMALL = {
  family: 'stargan-v2',
  styleDim: 4,
  latentDim: 3,
  generator: { filters: 4, maxFilters: 8 },
  mapping: { hidden: 8 },
  styleEncoder: { filters: 4, maxFilters: 8 },
  discriminator: { filters: 4, maxFilters: 8 },
};

test('halving rules: the trunk down to 4 (or an odd side), the generator to a side of at least 7', () => {
  assert.deepEqual([28, 32, 64, 256].map(trunkDownsamples), [2, 3, 4, 6]);
  const g = (side: number) =>
    readStarGanSpec({ family: 'stargan-v2' }, [side, side, 1]).generator.downsamples;
  assert.deepEqual([28, 32, 64].map(g), [2, 2, 3]);
});

test('G(x, s), F(z), E(x), D(x) shapes at 28, 32 and 64 px; one head per domain', () => {
  for (const [side, c, k] of [
    [28, 1, 3],
    [32, 3, 5],
    [64, 3, 2],
  ]) {
    const nets = buildStarGan(SMALL, { imageShape: [side, side, c], domains: k, seed: 1 });
    tf.tidy(() => {
      const x = tf.tensor4d(rng.normal(2 * side * side * c), [2, side, side, c]);
      const s = tf.tensor2d(rng.normal(2 * 4), [2, 4]);
      assert.deepEqual((nets.generator.predict([x, s]) as tf.Tensor).shape, [2, side, side, c]);
      assert.deepEqual((nets.mapping.predict(tf.zeros([2, 3])) as tf.Tensor).shape, [2, k * 4]);
      assert.deepEqual((nets.style_encoder.predict(x) as tf.Tensor).shape, [2, k * 4]);
      assert.deepEqual((nets.discriminator.predict(x) as tf.Tensor).shape, [2, k]);
    });
    for (const net of Object.values(nets)) net.dispose();
  }
});

test('the generator follows its style and its image; the build is deterministic per seed', () => {
  const build = (seed: number) => buildStarGan(SMALL, { imageShape: [28, 28, 1], domains: 3, seed });
  const [a, b, other] = [build(7), build(7), build(8)];
  tf.tidy(() => {
    const x = tf.tensor4d(rng.normal(28 * 28), [1, 28, 28, 1]);
    const x2 = tf.tensor4d(rng.normal(28 * 28), [1, 28, 28, 1]);
    const s1 = tf.tensor2d(rng.normal(4), [1, 4]);
    const s2 = tf.tensor2d(rng.normal(4), [1, 4]);
    const g = (net: typeof a, xs: tf.Tensor, s: tf.Tensor) =>
      (net.generator.predict([xs, s]) as tf.Tensor).dataSync();
    const diff = (u: ArrayLike<number>, v: ArrayLike<number>) =>
      Array.from(u).reduce((m, ui, i) => Math.max(m, Math.abs(ui - v[i])), 0);
    assert.equal(diff(g(a, x, s1), g(b, x, s1)), 0, 'same seed, same weights');
    assert.ok(diff(g(a, x, s1), g(other, x, s1)) > 1e-3, 'another seed, other weights');
    assert.ok(diff(g(a, x, s1), g(a, x, s2)) > 1e-3, 'the style changes the output');
    assert.ok(diff(g(a, x, s1), g(a, x2, s1)) > 1e-3, 'the image changes the output');
  });
  for (const nets of [a, b, other]) for (const net of Object.values(nets)) net.dispose();
});

test('pickDomain takes row i from head y[i] and sends its gradient there only', () => {
  // Two samples, three heads of width 2: [h0 | h1 | h2] per row.
  const out = tf.tensor2d([0, 1, 10, 11, 20, 21, 100, 101, 110, 111, 120, 121], [2, 6]);
  const y = Int32Array.of(2, 0);
  assert.deepEqual(Array.from(pickDomain(out, y, 3).dataSync()), [20, 21, 100, 101]);
  const g = tf.grad((o: tf.Tensor) => tf.sum(pickDomain(o, y, 3)))(out);
  assert.deepEqual(Array.from(g.dataSync()), [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0]);
});

test('config errors name the key', () => {
  assert.throws(
    () => readStarGanSpec({ family: 'stargan-v2', blocks: 2 }, [28, 28, 1]),
    (e: Error) => e instanceof UsageError && /model\.blocks/.test(e.message),
  );
  assert.throws(
    () => readStarGanSpec({ family: 'stargan-v2', generator: { width: 2 } }, [28, 28, 1]),
    /model\.generator\.width/,
  );
  assert.throws(() => readStarGanSpec({ family: 'stargan-v2', styleDim: 0 }, [28, 28, 1]), /model\.styleDim/);
  assert.throws(
    () =>
      buildStarGan(
        { family: 'stargan-v2', generator: { downsamples: 3 } },
        { imageShape: [28, 28, 1], domains: 3, seed: 0 },
      ),
    (e: Error) => e instanceof UsageError && /downsamples/.test(e.message),
  );
});
