/**
 * ProGAN learns through its growth: a small ProGAN grows 4×4 → 8×8 on the emoji downscaled to 8×8
 * (fade-in included) and its FID in the emoji classifier's feature space, against the held-out emoji,
 * must fall well below that of the same network untrained. A generator that ignored the data, or a
 * growth that broke the network at the fade, would not get there.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initBackend } from '../../src/backend/index.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { Evaluator } from '../../src/train/evaluate.js';
import type { ProganObjective } from '../../src/train/objectives/progan.js';
import { createTrainer } from '../../src/train/run.js';

await initBackend('auto');

/** 100 steps of growth (800 images at 4×4, 800 fading in 8×8), then 100 at 8×8. */
const STEPS = 200;
/** The trained FID must be below this fraction of the untrained one (measured: 85.5 against 445.3). */
const BAR = 0.35;

test('progan grown 4×4 → 8×8 on emoji reaches a far lower FID than untrained', async (t) => {
  const config = resolveConfig({
    preset: 'progan-emoji',
    overrides: {
      data: { shape: [8, 8, 3], limit: 1024 },
      model: {
        latentDim: 32,
        fmapBase: 64,
        fmapMax: 32,
        growth: { resolutions: [4, 8], stableImages: 800, fadeImages: 800 },
      },
      tricks: { ema: { decay: 0.9 } },
      train: { batchSize: 16, steps: STEPS },
    },
  });
  const trainer = createTrainer(config);
  const evaluator = await Evaluator.create(config, { n: 500, metrics: ['fid'], seed: 0 });
  const g = { model: trainer.objective.sampler!.model, latentDim: trainer.objective.sampler!.latentDim };
  const untrained = (await evaluator.evaluate(g)).fid;
  while (trainer.step < STEPS) trainer.trainStep();
  const growth = (trainer.objective as ProganObjective).growth;
  assert.deepEqual(growth, { level: 1, alpha: 1 }, 'the 8×8 block has faded in');
  const trained = (await evaluator.evaluate(g)).fid;
  trainer.dispose();
  t.diagnostic(`FID ${trained.toFixed(1)} after ${STEPS} steps, untrained ${untrained.toFixed(1)}`);
  assert.ok(
    trained < BAR * untrained,
    `FID ${trained.toFixed(1)} after ${STEPS} steps, untrained ${untrained.toFixed(1)}`,
  );
});
