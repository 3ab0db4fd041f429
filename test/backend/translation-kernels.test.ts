/**
 * Kernel coverage of the image-to-image families (pix2pix, CycleGAN): the kernels of two training steps
 * (forward, backward and Adam; the first step creates the optimizer slots) of miniature models built
 * from the same ops are recorded, and every one must run natively — implemented by the native backend
 * and not sent to its cpu fallback — and be registered for wasm. The steps' losses must also agree
 * between native and cpu, which checks the kernels end to end.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import { kernelsMissingOn, recordKernels } from '../../src/backend/kernel-usage.js';
import type { NativeBackend } from '../../src/backend/native/backend.js';
import { nativeKernels } from '../../src/backend/native/kernels/index.js';
import { type StepLosses, type TranslationGan, buildCycleGan, buildPix2pix } from './fixtures/translation.js';
import { skipNative } from './native-helpers.js';

const NATIVE = new Set(nativeKernels.map((k) => k.kernelName));

const MODELS: Record<string, () => TranslationGan> = {
  'pix2pix, batch norm, BCE': () => buildPix2pix({ seed: 3, norm: 'batch', loss: 'bce' }),
  'pix2pix, composed instance norm, least squares': () =>
    buildPix2pix({ seed: 4, norm: 'instance', loss: 'lsgan' }),
  'pix2pix, fused instance norm, BCE': () => buildPix2pix({ seed: 5, norm: 'instance-fused', loss: 'bce' }),
  "CycleGAN, composed instance norm, 'same' transposed conv": () =>
    buildCycleGan({ seed: 6, upPadding: 'same', norm: 'instance' }),
  'CycleGAN, fused instance norm, PyTorch output padding': () =>
    buildCycleGan({ seed: 7, upPadding: 'torch', norm: 'instance-fused' }),
};

/** Two training steps of a freshly built model on the active backend; the model is disposed after. */
function twoSteps(build: () => TranslationGan): () => StepLosses[] {
  return () => {
    const gan = build();
    try {
      return [gan.step(), gan.step()];
    } finally {
      gan.dispose();
    }
  };
}

/** The cpu backend's losses of each model's two steps (the reference), computed once. */
const reference = new Map<string, StepLosses[]>();
async function cpuLosses(name: string): Promise<StepLosses[]> {
  if (!reference.has(name)) {
    await initBackend('cpu');
    reference.set(name, twoSteps(MODELS[name])());
  }
  return reference.get(name)!;
}

/** Asserts that each step's D and G losses on `backend` agree with cpu to float32 accumulation error. */
function assertLossesMatch(got: StepLosses[], want: StepLosses[], backend: string): void {
  got.forEach((losses, i) => {
    for (const key of ['dLoss', 'gLoss'] as const) {
      const [g, w] = [losses[key], want[i][key]];
      assert.ok(
        Math.abs(g - w) <= 1e-4 * Math.max(1, Math.abs(w)),
        `step ${i} ${key}: ${backend} ${g} vs cpu ${w}`,
      );
    }
  });
}

before(async () => {
  await initBackend('cpu');
  await initBackend('wasm');
});

for (const [name, build] of Object.entries(MODELS)) {
  test(`${name}: every kernel of a training step is registered for wasm, and the losses match cpu`, async () => {
    // Recorded on cpu, which has every kernel, so all missing ones are named at once.
    const missing = await kernelsMissingOn('wasm', twoSteps(build));
    assert.deepEqual(missing, [], `kernels wasm does not register: ${missing.join(', ')}`);
    const want = await cpuLosses(name);
    await initBackend('wasm');
    assertLossesMatch(twoSteps(build)(), want, 'wasm');
  });
}

describe('translation models on the native backend', { skip: skipNative }, () => {
  for (const [name, build] of Object.entries(MODELS)) {
    test(`${name}: every kernel of a training step runs natively, and the losses match cpu`, async () => {
      const want = await cpuLosses(name);
      await initBackend('native');
      const fallback = (tf.backend() as NativeBackend).fallback.calls;
      const fallenBefore = new Map(fallback);
      let got: StepLosses[] = [];
      const used = await recordKernels(() => {
        got = twoSteps(build)();
      });
      assert.ok(used.length > 20, `recorded ${used.length} kernels`);
      assert.deepEqual(
        used.filter((k) => !NATIVE.has(k)),
        [],
        'kernels without a native implementation',
      );
      const fellBack = [...fallback].filter(([k, n]) => n !== (fallenBefore.get(k) ?? 0)).map(([k]) => k);
      assert.deepEqual(fellBack, [], 'native kernels that sent these calls to the cpu fallback');
      assertLossesMatch(got, want, 'native');
    });
  }
});
