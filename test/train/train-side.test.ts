/** Trainer.trainSide runs one side's phases only (the playground's step D / step G). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initBackend } from '../../src/backend/index.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { createTrainer } from '../../src/train/run.js';

test('trainSide(d) updates only D, trainSide(g) only G; neither advances the step', async () => {
  await initBackend('cpu');
  const trainer = createTrainer(resolveConfig({ preset: 'toy-ring', overrides: { train: { dSteps: 2 } } }));
  const { generator, discriminator } = trainer.objective.networks;
  const weights = () =>
    [generator, discriminator].map((m) => m.getWeights().flatMap((w) => Array.from(w.dataSync())));
  const [g0, d0] = weights();
  const d = trainer.trainSide('d');
  const [g1, d1] = weights();
  assert.ok(Number.isFinite(d.d_loss) && Number.isNaN(d.g_loss), JSON.stringify(d));
  assert.deepEqual(Object.keys(d.terms), ['D/adv']);
  assert.deepEqual(g1, g0, 'G untouched by step D');
  assert.notDeepEqual(d1, d0, 'D trained');
  const g = trainer.trainSide('g');
  const [g2, d2] = weights();
  assert.ok(Number.isNaN(g.d_loss) && Number.isFinite(g.g_loss), JSON.stringify(g));
  assert.deepEqual(d2, d1, 'D untouched by step G');
  assert.notDeepEqual(g2, g1, 'G trained');
  assert.equal(trainer.step, 0);
  trainer.trainStep();
  assert.equal(trainer.step, 1);
  trainer.dispose();
});
