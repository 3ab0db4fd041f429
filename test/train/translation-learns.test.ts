/**
 * pix2pix and CycleGAN do their jobs, measured on held-out test images with figures an untrained or
 * broken translator fails (src/train/translation-eval.ts):
 * - pix2pix on edges → digits brings L1 to the true digit far below two useless baselines (copying the
 *   outline, drawing the mean digit) and the shipped MNIST classifier reads the source digit's label in
 *   its outputs far above chance (0.1) and above what it reads in the bare outlines;
 * - CycleGAN on sneaker ↔ ankle boot lowers its cycle loss, and the Fashion-MNIST classifier calls
 *   translated sneakers ankle boots (and translated boots sneakers) at least three times as often as it does
 *   the untranslated inputs.
 * Small runs (CI); the full-length figures are in the README (examples/pix2pix-edges.ts, cyclegan-fashion.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { initBackend } from '../../src/backend/index.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { latestCheckpoint, loadCheckpoint } from '../../src/train/checkpoint.js';
import { runTraining } from '../../src/train/run.js';
import type { TrainerState } from '../../src/train/trainer.js';
import { evaluateTranslation } from '../../src/train/translation-eval.js';
import { loadTranslator } from '../../src/train/translator.js';
import { tmpDir } from '../helpers.js';

await initBackend('auto');

/** Trains `config` in a fresh folder and scores its translators on `n` test examples. */
async function trainAndScore(preset: string, overrides: Record<string, unknown>, n: number) {
  const config = resolveConfig({ preset, overrides });
  const dir = path.join(tmpDir(), 'run');
  await runTraining(config, dir);
  const ckpt = loadCheckpoint<TrainerState>(latestCheckpoint(path.join(dir, 'checkpoints'))!);
  const ab = loadTranslator(config, ckpt, 'AtoB').model;
  const ba = config.model.family === 'cyclegan' ? loadTranslator(config, ckpt, 'BtoA').model : undefined;
  try {
    const scores = await evaluateTranslation(config, { AtoB: ab, BtoA: ba }, n);
    const rows = readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, number>);
    return { scores, rows };
  } finally {
    ab.dispose();
    ba?.dispose();
  }
}

test('pix2pix edges → digits: L1 far below both baselines, the source digit recognised in the outputs', async (t) => {
  const { scores: s } = await trainAndScore(
    'pix2pix-edges',
    { data: { limit: 2000 }, train: { steps: 100, logEvery: 50, sampleEvery: 100, checkpointEvery: 100 } },
    300,
  );
  t.diagnostic(JSON.stringify(s));
  assert.ok(
    s.l1 < 0.6 * s.l1_input && s.l1 < 0.75 * s.l1_mean,
    `L1 ${s.l1} vs input ${s.l1_input}, mean ${s.l1_mean}`,
  );
  assert.ok(s.label_accuracy > 0.7, `label accuracy ${s.label_accuracy} (chance 0.1)`);
  assert.ok(
    s.label_accuracy > s.label_accuracy_input + 0.1,
    `outputs ${s.label_accuracy} vs bare outlines ${s.label_accuracy_input}`,
  );
});

test('CycleGAN sneaker ↔ ankle boot: cycle loss falls, the classifier sees the target class far more often', async (t) => {
  const { scores: s, rows } = await trainAndScore(
    'cyclegan-fashion',
    {
      data: { limit: 2000 },
      model: { generator: { filters: 16, blocks: 2 }, discriminator: { filters: 16 } },
      train: { steps: 200, logEvery: 10, sampleEvery: 200, checkpointEvery: 200 },
    },
    300,
  );
  t.diagnostic(JSON.stringify(s));
  const cycle = (r: Record<string, number>) => r['G/cycle_A'] + r['G/cycle_B'];
  assert.ok(
    cycle(rows[rows.length - 1]) < 0.8 * cycle(rows[0]),
    `cycle ${cycle(rows[0])} → ${cycle(rows[rows.length - 1])}`,
  );
  assert.ok(
    s.label_accuracy > 0.12 && s.label_accuracy > 3 * s.label_accuracy_input,
    `sneakers called boots: translated ${s.label_accuracy}, untranslated ${s.label_accuracy_input}`,
  );
  assert.ok(
    s.label_accuracy_BA > 0.12 && s.label_accuracy_BA > 3 * s.label_accuracy_input_BA,
    `boots called sneakers: translated ${s.label_accuracy_BA}, untranslated ${s.label_accuracy_input_BA}`,
  );
});
