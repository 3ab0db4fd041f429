/**
 * Memory on long runs, CI size (issue 17; bench/reliability/memory.ts runs 10,000 steps of gan-mnist
 * and 2,000 of dcgan-fashion and the image-to-image presets): through the whole training loop — logging,
 * sample pictures, checkpoints, the report — the tensor count is the same after every step.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatMemoryFigures, memoryCampaign } from '../../bench/reliability/memory.js';

test('gan-mnist and pix2pix-edges: numTensors constant after the warm-up, across checkpoints and samples', async () => {
  const small = {
    train: { batchSize: 8, logEvery: 10, sampleEvery: 40, checkpointEvery: 40 },
    data: { limit: 500 },
  };
  for (const [preset, steps] of [
    ['gan-mnist', 200],
    ['pix2pix-edges', 60],
  ] as const) {
    const f = await memoryCampaign(preset, steps, small);
    console.log(formatMemoryFigures(f));
    assert.equal(f.tensorCounts.length, 1, `${preset}: tensor counts ${f.tensorCounts.join(', ')}`);
  }
});
