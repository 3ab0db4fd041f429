/**
 * DANN does its job (CI-sized): on MNIST → mnistm-emoji, after the same budget, the DANN model
 * classifies the held-out target test set better than the source-only baseline trained beside it
 * (same networks, initial weights, batches, optimizer and schedule; λ = 0), while both learn the
 * labelled source task. Scored on the full 10,000-image test sets. An untrained model scores ≈ 10 %
 * everywhere; a broken gradient reversal (no reversal, or no domain term) makes the two models equal or
 * puts DANN below. The longer run is examples/dann-mnist.ts (numbers in the README).
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

/** Steps of the CI run and the margin (target accuracy points) DANN must beat the baseline by. */
const STEPS = 200;
const MARGIN = 0.01;

test(`DANN beats the source-only baseline on the target after ${STEPS} steps`, async (t) => {
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
  const dann = last['target_acc:dann'];
  const base = last['target_acc:source_only'];
  t.diagnostic(
    `target accuracy DANN ${dann}, source-only ${base}; source accuracy DANN ${last['source_acc:dann']}, source-only ${last['source_acc:source_only']}`,
  );
  for (const key of ['source_acc:dann', 'source_acc:source_only'])
    assert.ok(last[key] > 0.85, `${key} = ${last[key]}: the labelled task is learnt`);
  assert.ok(
    base < last['source_acc:source_only'] - 0.4,
    'the target is a real domain shift for the baseline',
  );
  assert.ok(dann - base >= MARGIN, `DANN ${dann} vs source-only ${base}: margin below ${MARGIN}`);
});
