/**
 * The loss trace of a fixed-seed run of every noise-fed preset (and one config with every trick on),
 * pinned bit for bit: a refactoring of the trainer, its objectives or the losses must not move a single
 * float. The traces were recorded on the wasm backend, whose arithmetic is the same on every x86 machine
 * (oneDNN picks kernels by the host's ISA, so native traces are compared only within one machine).
 *
 * Re-record (only when a change is meant to alter training): `GANKIT_RECORD_TRACES=1 node --test
 * dist/test/train/loss-traces.test.js`, and say why in the commit.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { initBackend } from '../../src/backend/index.js';
import { presetNames } from '../../src/config/presets.js';
import type { Plain } from '../../src/config/presets.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { createDataSource } from '../../src/data/registry.js';
import { familyObjectives } from '../../src/train/objectives/registry.js';
import { isNoiseFamily } from '../../src/models/registry.js';
import { createGanTrainer } from '../../src/train/run.js';

/** The source file (tests run from dist/test, the pinned values live beside this file's source). */
const FIXTURE = fileURLToPath(new URL('../../../test/train/loss-traces.json', import.meta.url));
const RECORD = process.env.GANKIT_RECORD_TRACES === '1';
const STEPS = 4;

interface Trace {
  d_loss: number[];
  g_loss: number[];
  /** Sum of the fixed-noise samples after the last step (catches a changed sampler or EMA). */
  sampleSum: number;
}

/** Every trick and regulariser of the GAN objective at once, on the hinge-sn MLP. */
const ALL_TRICKS: Plain = {
  loss: { type: 'non-saturating', realLabel: 0.9, labelFlip: 0.1 },
  model: { discriminator: { minibatchStd: true, minibatchDiscrimination: { kernels: 8, kernelDim: 4 } } },
  regularizers: { r1: { gamma: 1 }, r2: { gamma: 0.5 } },
  tricks: {
    featureMatching: { weight: 1 },
    ema: { decay: 0.9 },
    replay: { size: 32, ratio: 0.5 },
    instanceNoise: { std: 0.2, annealSteps: 100 },
  },
};

const CASES: Record<string, { preset: string; overrides?: Plain }> = {
  // Families with objectives of their own (image-to-image, StyleGAN) are not traced with the GAN
  // objective's trainer; their exactness is the resume test's (resume-families.test.ts).
  ...Object.fromEntries(
    presetNames()
      .filter((p) => {
        const family = resolveConfig({ preset: p }).model.family;
        return isNoiseFamily(family) && !(family in familyObjectives);
      })
      .map((p) => [p, { preset: p }]),
  ),
  'hinge-sn+all-tricks': { preset: 'hinge-sn', overrides: ALL_TRICKS },
};

await initBackend('wasm');
const pinned: Record<string, Trace> = RECORD ? {} : JSON.parse(readFileSync(FIXTURE, 'utf8'));

function trace(preset: string, overrides: Plain = {}): Trace {
  const config = resolveConfig({
    preset,
    overrides: {
      data: { limit: 64 },
      train: { batchSize: 8, steps: STEPS, sampleCount: 8, seed: 7 },
      ...overrides,
    },
  });
  const trainer = createGanTrainer(config, createDataSource(config));
  try {
    const out: Trace = { d_loss: [], g_loss: [], sampleSum: 0 };
    for (let s = 0; s < STEPS; s++) {
      const l = trainer.trainStep();
      out.d_loss.push(l.d_loss);
      out.g_loss.push(l.g_loss);
    }
    out.sampleSum = trainer.objective.fixedSamples(8).reduce((a, v) => a + v, 0);
    return out;
  } finally {
    trainer.dispose();
  }
}

for (const [name, c] of Object.entries(CASES)) {
  test(`${name}: the fixed-seed loss trace is bit-identical to the pinned one`, () => {
    const got = trace(c.preset, c.overrides);
    if (RECORD) {
      pinned[name] = got;
      return;
    }
    assert.ok(pinned[name], `no pinned trace for '${name}'; record with GANKIT_RECORD_TRACES=1`);
    assert.deepEqual(got, pinned[name]);
  });
}

if (RECORD) {
  test('write the pinned traces', () => {
    writeFileSync(FIXTURE, `${JSON.stringify(pinned, null, 1)}\n`);
  });
}
