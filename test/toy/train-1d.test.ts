/**
 * Training that must learn, through the real trainer and presets: the 1-D Gaussian toy's exact W1 falls
 * below a justified threshold, deterministically by seed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initBackend } from '../../src/backend/index.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { createDataSource } from '../../src/data/registry.js';
import type { ToySource } from '../../src/data/toy-source.js';
import { wasserstein1ToDensity } from '../../src/metrics/exact/index.js';
import type { Density1D } from '../../src/data/toy/index.js';
import { createGanTrainer } from '../../src/train/run.js';

await initBackend('auto');

/** Trains toy-gaussian for `steps` and returns W1 (exact, 5000 fixed-noise samples) before and after, and the losses. */
function train(steps: number, seed = 1): { before: number; after: number; losses: number[]; std: number } {
  const config = resolveConfig({
    preset: 'toy-gaussian',
    overrides: { train: { steps, seed, sampleCount: 5000 } },
  });
  const source = createDataSource(config) as ToySource;
  const toy = source.toy as ToySource['toy'] & Density1D & { std: number };
  const trainer = createGanTrainer(config, source);
  const before = wasserstein1ToDensity(trainer.objective.fixedSamples(5000), toy);
  const losses: number[] = [];
  while (trainer.step < steps) {
    const l = trainer.trainStep();
    losses.push(l.d_loss, l.g_loss);
  }
  const after = wasserstein1ToDensity(trainer.objective.fixedSamples(5000), toy);
  trainer.dispose();
  return { before, after, losses, std: toy.std };
}

test('toy-gaussian learns N(4, 1.25²): exact W1 from ≈ 4 to below 0.25σ in 400 steps', () => {
  const { before, after, std } = train(400);
  // Why 0.25σ: 5000 samples of the truth itself sit at ≈ 0.018σ; a generator that found the mean but
  // collapsed to a point is at σ·√(2/π) = 0.80σ, one with half the spread at 0.40σ. Below 0.25σ it has the
  // location and most of the spread. (Measured: 0.158, 0.190, 0.178 for seeds 1, 2, 3.)
  assert.ok(before > 3, `initial W1 ${before}`);
  assert.ok(after < 0.25 * std, `W1 after training ${after}`);
});

test('toy training is a pure function of the seed', () => {
  const a = train(15);
  const b = train(15);
  assert.deepEqual(a.losses, b.losses);
  assert.notDeepEqual(train(15, 2).losses, a.losses);
});
