/**
 * Kernel coverage of every preset: the kernels of one training step of each preset are recorded, and every
 * one must be implemented natively (not merely forwarded to cpu) and registered for wasm.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initBackend } from '../../src/backend/index.js';
import { recordKernels, unregisteredKernels } from '../../src/backend/kernel-usage.js';
import { loadAddon } from '../../src/backend/native/addon.js';
import { nativeKernels } from '../../src/backend/native/kernels/index.js';
import { presetNames } from '../../src/config/presets.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { createTrainer } from '../../src/train/run.js';

const NATIVE = new Set(nativeKernels.map((k) => k.kernelName));
/**
 * Kernels knowingly left to the native backend's cpu fallback (warned once at run time). Adding to this
 * list is a decision, not a fix: each entry says why it is acceptable.
 */
const KNOWN_FALLBACK = new Set<string>([]);
const addon = loadAddon();
// Steps are recorded on wasm (fast, and a kernel it lacks fails the recording by name); the cpu backend
// would take minutes on the DCGANs.
await initBackend('wasm');

/** Kernels of two training steps (the first creates optimizer slots), one sample and the objective's own evaluation, at batch 2. */
async function presetKernels(preset: string): Promise<string[]> {
  const config = resolveConfig({
    preset,
    overrides: { data: { limit: 16 }, train: { batchSize: 2, steps: 2, sampleCount: 2 } },
  });
  const trainer = createTrainer(config);
  try {
    return await recordKernels(async () => {
      trainer.trainStep();
      trainer.trainStep();
      trainer.objective.visual(2);
      // Objectives that score themselves (DANN's accuracies) run their evaluation kernels too.
      await trainer.objective.evaluate?.(2);
    });
  } finally {
    trainer.dispose();
  }
}

for (const preset of presetNames()) {
  test(`${preset}: every kernel of a training step runs natively and on wasm`, async (t) => {
    const used = await presetKernels(preset);
    assert.ok(used.length > 10, `recorded ${used.length} kernels`);
    const missing = {
      wasm: unregisteredKernels(used, 'wasm'),
      native: 'reason' in addon ? 'not built' : used.filter((k) => !NATIVE.has(k) && !KNOWN_FALLBACK.has(k)),
    };
    assert.deepEqual(missing, { wasm: [], native: 'reason' in addon ? 'not built' : [] });
    if ('reason' in addon)
      t.diagnostic(`native addon not built (${addon.reason}): native coverage not checked`);
  });
}
