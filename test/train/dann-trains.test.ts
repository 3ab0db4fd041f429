/**
 * The DANN preset trains what it can be held to at CI size (MNIST → mnistm-emoji, 200 steps, scored on
 * the full 10,000-image test sets): both the DANN model and the source-only baseline beside it learn the
 * labelled source task (an untrained or broken model scores ≈ 10 %), and the target is a real domain
 * shift for the baseline (its target accuracy is far below its source accuracy). Whether DANN beats the
 * baseline on the target is NOT asserted: at this budget the measured difference changes sign with the
 * seed (README, "Domain adaptation: DANN"), so a test of it would be a coin toss, not a proof.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { initBackend } from '../../src/backend/index.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { runTraining } from '../../src/train/run.js';
import { tmpDir } from '../helpers.js';

await initBackend('auto');

const STEPS = 200;

test(`dann-mnist: both models learn the source task in ${STEPS} steps; the target is a real shift`, async (t) => {
  const config = resolveConfig({
    preset: 'dann-mnist',
    overrides: {
      data: { limit: 10000 },
      train: { steps: STEPS, logEvery: STEPS, sampleEvery: STEPS, checkpointEvery: STEPS },
      eval: { every: STEPS, n: 10000 },
    },
  });
  const dir = path.join(tmpDir(), 'run');
  await runTraining(config, dir);
  const last = JSON.parse(readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').at(-1)!);
  t.diagnostic(
    `target accuracy DANN ${last['target_acc:dann']}, source-only ${last['target_acc:source_only']}; ` +
      `source accuracy DANN ${last['source_acc:dann']}, source-only ${last['source_acc:source_only']}`,
  );
  // Observed at 200 steps over seeds 1, 2, 42: source accuracy 0.89–0.94.
  for (const key of ['source_acc:dann', 'source_acc:source_only'])
    assert.ok(last[key] > 0.85, `${key} = ${last[key]}: the labelled task is learnt`);
  // Observed: 0.22–0.23 on the target against 0.93–0.94 on the source.
  assert.ok(
    last['target_acc:source_only'] < last['source_acc:source_only'] - 0.4,
    'the target is a real domain shift for the baseline',
  );
  for (const key of ['DANN/label', 'DANN/domain', 'DANN/source_only'])
    assert.ok(Number.isFinite(last[key]), `${key} logged`);
});
