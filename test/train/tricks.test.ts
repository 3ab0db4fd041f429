/** Each training trick changes what it should, and every preset builds and takes training steps. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../../src/backend/index.js';
import { presetNames } from '../../src/config/presets.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { createDataSource } from '../../src/data/registry.js';
import { createGanTrainer, createTrainer } from '../../src/train/run.js';
import { WeightEma } from '../../src/train/tricks/ema.js';
import { ReplayBuffer } from '../../src/train/tricks/replay-buffer.js';
import { trainableVariables } from '../../src/train/weights.js';
import { Rng } from '../../src/util/rng.js';

await initBackend('auto');

test('replay buffer: mixes old fakes at the set ratio, then keeps a uniform sample of history', () => {
  const buf = new ReplayBuffer(6, 2);
  const rng = new Rng(1);
  const batch = (v: number) => new Float32Array(8).fill(v); // 4 rows of 2 values
  assert.deepEqual([...buf.mix(batch(1), 4, 0.5, rng)], [...batch(1)], 'empty buffer: nothing replaced');
  const mixed = buf.mix(batch(2), 4, 0.5, rng);
  assert.deepEqual([...mixed.subarray(0, 4)], [1, 1, 1, 1], 'first round(0.5·4) = 2 rows are old fakes');
  assert.deepEqual([...mixed.subarray(4)], [2, 2, 2, 2], 'the rest stay fresh');
  assert.equal(buf.size, 6);
  for (let v = 3; v < 50; v++) buf.mix(batch(v), 4, 0.5, rng);
  const kept = new Set(buf.contents());
  assert.ok(kept.size >= 3, `buffer holds a spread of generations: ${[...kept]}`);
  const copy = new ReplayBuffer(6, 2);
  copy.restore(buf.contents());
  assert.deepEqual(copy.mix(batch(0), 4, 1, new Rng(5)), buf.mix(batch(0), 4, 1, new Rng(5)));
});

test('EMA: θ_ema ← β·θ_ema + (1 − β)·θ', () => {
  const make = () => tfl.sequential({ layers: [tfl.layers.dense({ units: 2, inputShape: [3] })] });
  const src = make();
  const dst = make();
  const ema = new WeightEma(src, dst, 0.9);
  const before = dst.getWeights()[0].dataSync().slice();
  assert.deepEqual(before, src.getWeights()[0].dataSync(), 'starts as a copy');
  tf.tidy(() => (src.weights[0].read() as tf.Variable).assign(tf.add(src.weights[0].read(), 1)));
  ema.update();
  const after = dst.getWeights()[0].dataSync();
  after.forEach((v, i) => assert.ok(Math.abs(v - (before[i] + 0.1)) < 1e-6));
  src.dispose();
  dst.dispose();
});

function trainerFor(preset: string, overrides: Record<string, unknown> = {}) {
  const config = resolveConfig({
    preset,
    overrides: { data: { limit: 256 }, train: { batchSize: 16, steps: 2, sampleCount: 16 }, ...overrides },
  });
  return createGanTrainer(config, createDataSource(config));
}

/** The trainer of any preset (noise-fed or image-to-image), small batches. */
function anyTrainer(preset: string) {
  const config = resolveConfig({
    preset,
    overrides: { data: { limit: 64 }, train: { batchSize: 2, steps: 2, sampleCount: 4 } },
  });
  return createTrainer(config);
}

test('weight clipping keeps every critic weight in [−c, c]; instance noise anneals; the LR schedule decays', () => {
  const t = trainerFor('wgan-clip');
  t.trainStep();
  for (const v of trainableVariables(t.objective.nets.discriminator))
    assert.ok(tf.max(tf.abs(v)).dataSync()[0] <= 0.01 + 1e-7);
  t.dispose();
  const n = trainerFor('gan-mnist', {
    tricks: { instanceNoise: { std: 0.5, annealSteps: 4 } },
    optimizers: { generator: { type: 'adam', lr: 0.001, schedule: { type: 'linear', endFactor: 0 } } },
    train: { batchSize: 16, steps: 4, sampleCount: 16 },
  });
  const noise = n.objective as unknown as { instanceNoiseStd(step: number): number };
  const lr = n as unknown as { learningRate(c: unknown): number };
  assert.equal(noise.instanceNoiseStd(n.step), 0.5);
  n.trainStep();
  n.trainStep();
  assert.equal(noise.instanceNoiseStd(n.step), 0.25);
  assert.equal(lr.learningRate(n.config.optimizers.generator), 0.0005);
  // CycleGAN's schedule: constant for the first half, then linear to 0.
  const half = { type: 'linear' as const, endFactor: 0, start: 0.5 };
  assert.equal(lr.learningRate({ ...n.config.optimizers.generator, schedule: half }), 0.001);
  n.trainStep();
  assert.equal(lr.learningRate({ ...n.config.optimizers.generator, schedule: half }), 0.0005);
  n.dispose();
});

test('every preset builds its networks and takes finite training steps', async () => {
  for (const preset of presetNames()) {
    const t = anyTrainer(preset);
    const a = t.trainStep(); // creates the optimizer slots
    const before = tf.memory().numTensors;
    const b = t.trainStep();
    for (const v of [a.d_loss, a.g_loss, b.d_loss, b.g_loss])
      assert.ok(Number.isFinite(v), `${preset}: ${JSON.stringify([a, b])}`);
    assert.equal(tf.memory().numTensors, before, `${preset}: no tensor leaks per step`);
    t.objective.visual(4);
    assert.equal(tf.memory().numTensors, before, `${preset}: no tensor leaks per sample picture`);
    await t.checkpoint();
    t.dispose();
  }
});
