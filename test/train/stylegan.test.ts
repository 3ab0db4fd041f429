/**
 * The StyleGAN objective (src/train/objectives/stylegan.ts): the mixing regulariser really hands the
 * layers from the crossover on to the second latent, with the crossover drawn per batch at the
 * configured rate; the tracked mean w̄ follows its EMA; lazy R1 runs as its own phase every k steps
 * and inline otherwise; unsupported options are usage errors.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import type { Plain } from '../../src/config/presets.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { forward } from '../../src/models/forward.js';
import { createStyleGanObjective, type StyleGanObjective } from '../../src/train/objectives/stylegan.js';
import { Trainer } from '../../src/train/trainer.js';

await initBackend('cpu');

const TINY: Plain = {
  data: { limit: 16 },
  model: { latentDim: 8, wDim: 8, mappingLayers: 2, fmapBase: 16, fmapMax: 4 },
  train: { batchSize: 4 },
};

function objective(extra: Plain = {}): StyleGanObjective {
  const overrides = {
    ...TINY,
    ...extra,
    model: { ...(TINY.model as Plain), ...((extra.model as Plain) ?? {}) },
  };
  return createStyleGanObjective(resolveConfig({ preset: 'stylegan-emoji', overrides }));
}

const equal = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] === 0);
const layer = (ws: tf.Tensor3D, i: number) => tf.slice(ws, [0, i, 0], [-1, 1, -1]);

test('style mixing: layers below the crossover come from the first latent, the rest from the second', () => {
  const obj = objective();
  const L = obj.parts.numLayers;
  const seen = new Map<number, number>();
  const draws = 120;
  for (let k = 0; k < draws; k++) {
    tf.tidy(() => {
      const { ws, crossover, first, second } = obj.trainingStyles(2);
      seen.set(crossover, (seen.get(crossover) ?? 0) + 1);
      assert.ok(crossover >= 1 && crossover <= L);
      assert.equal(second === undefined, crossover === L, 'a second latent exactly when mixed');
      for (let i = 0; i < L; i++) {
        const source = i < crossover ? first : second!;
        assert.ok(equal(layer(ws, i), layer(source, i)), `draw ${k}, layer ${i}, crossover ${crossover}`);
      }
      // The two latents' styles really differ, so the check above can tell them apart.
      if (second) assert.ok(!equal(layer(first, L - 1), layer(second, L - 1)));
    });
  }
  // Unmixed with probability 1 − 0.9 (binomial(120, 0.1): 12 expected), every crossover 1 … L−1 drawn.
  const unmixed = seen.get(L) ?? 0;
  assert.ok(unmixed >= 3 && unmixed <= 26, `unmixed batches: ${unmixed}`);
  for (let c = 1; c < L; c++) assert.ok((seen.get(c) ?? 0) > 0, `crossover ${c} never drawn`);
  // With probability 0 every batch keeps one latent.
  const off = objective({ objective: { styleMixing: 0 } });
  for (let k = 0; k < 20; k++) tf.tidy(() => assert.equal(off.trainingStyles(2).crossover, L));
});

test('the tracked mean w̄ moves by β = wAverageDecay towards each training batch mean of w', () => {
  const obj = objective({ objective: { wAverageDecay: 0.9, styleMixing: 0 } });
  const avg = obj.parts.broadcast.wAverage;
  avg.assign(tf.fill([8], 0.25));
  const before = avg.dataSync().slice();
  tf.tidy(() => {
    const { first } = obj.trainingStyles(4);
    const w = tf.squeeze(tf.slice(first, [0, 0, 0], [-1, 1, -1]), [1]);
    const expected = tf.add(tf.mul(tf.tensor1d(before), 0.9), tf.mul(tf.mean(w, 0), 0.1));
    assert.ok(tf.max(tf.abs(tf.sub(avg, expected))).dataSync()[0] < 1e-6);
  });
  // The EMA generator shares the mean: it is a non-trainable weight, copied (not averaged).
  assert.ok(obj.ema.generator, 'the preset keeps an EMA generator');
});

test('lazy R1: a Dreg phase every r1Interval steps; inline in the D phase when the interval is 1', () => {
  const lazy = objective({ objective: { r1Interval: 2 } });
  assert.deepEqual(
    lazy.phases.map((p) => [p.name, p.every ?? 1]),
    [
      ['D', 1],
      ['Dreg', 2],
      ['G', 1],
    ],
  );
  const trainer = new Trainer(lazy.config, lazy);
  const rows = [0, 1, 2, 3].map(() => trainer.trainStep());
  assert.deepEqual(
    rows.map((r) => 'Dreg/r1' in r.terms),
    [true, false, true, false],
  );
  for (const r of rows) assert.ok(!('D/r1' in r.terms) && Number.isFinite(r.terms['G/adv']));
  // d_loss sums the D-side phases that ran.
  assert.ok(Math.abs(rows[0].d_loss - rows[0].terms['D/adv'] - rows[0].terms['Dreg/r1']) < 1e-5);
  trainer.dispose();
  const inline = objective({ objective: { r1Interval: 1 } });
  assert.deepEqual(
    inline.phases.map((p) => p.name),
    ['D', 'G'],
  );
  const t2 = new Trainer(inline.config, inline);
  assert.ok('D/r1' in t2.trainStep().terms);
  t2.dispose();
});

test('the composite generator is the synthesis of the broadcast w: what sample and eval draw from', () => {
  const obj = objective();
  tf.tidy(() => {
    const z = obj.fixedLatents(3);
    const w = forward(obj.parts.mapping, z) as tf.Tensor2D;
    const direct = forward(obj.parts.synthesis, tf.tile(tf.expandDims(w, 1), [1, obj.parts.numLayers, 1]));
    // Zero-initialised noise scales: the two calls draw different noise, which does not reach the image yet.
    assert.ok(equal(forward(obj.nets.generator, z) as tf.Tensor, direct as tf.Tensor));
  });
});

test('unsupported options are usage errors naming the key', () => {
  assert.throws(
    () => objective({ tricks: { replay: { size: 8, ratio: 0.5 } } }),
    /'tricks\.replay'.*stylegan objective/,
  );
  assert.throws(
    () => objective({ regularizers: { gradientPenalty: { weight: 10 } } }),
    /'regularizers\.gradientPenalty'/,
  );
  assert.throws(() => objective({ objective: { r1Interval: 0.5 } }), /objective\.r1Interval/);
  assert.throws(() => objective({ objective: { mixing: 0.5 } }), /unknown key 'objective\.mixing'/);
});
