/**
 * The collapse monitor: a deliberately collapsing setting (Adam with lr 0.02, β1 0.9 on the 8-ring) loses
 * its sample diversity without the monitor; with it, the run rolls back and lowers the learning rates.
 * On labelled data the class histogram of the samples (shipped classifier) is a second signal.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { initBackend } from '../../src/backend/index.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { gatherScaled } from '../../src/data/dataset.js';
import { loadDataset } from '../../src/data/registry.js';
import { ClassHistogramCheck } from '../../src/train/class-monitor.js';
import { gankit, tmpDir } from '../helpers.js';

const COLLAPSING = `extends: toy-ring
optimizers:
  generator: { type: adam, lr: 0.02, beta1: 0.9 }
  discriminator: { type: adam, lr: 0.02, beta1: 0.9 }
train: { steps: 150, logEvery: 25, checkpointEvery: 50, sampleEvery: 150, batchSize: 128, sampleCount: 256 }
`;

function rows(dir: string, file: string): Record<string, number | string>[] {
  return readFileSync(path.join(dir, file), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

test('the monitor catches a collapsing run, rolls back and lowers the learning rates', () => {
  const root = tmpDir();
  const monitored = path.join(root, 'monitored.yaml');
  writeFileSync(
    monitored,
    `${COLLAPSING}monitor: { every: 25, minDiversity: 0.5, lrDecay: 0.1, maxRollbacks: 3 }\n`,
  );
  const out = path.join(root, 'run');
  const r = gankit(['train', '--config', monitored, '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stdout,
    /monitor: sample diversity 0\.\d+ fell below 0\.5 \(mode collapse\) at step \d+; rolled back to step \d+/,
  );
  const events = rows(out, 'events.jsonl');
  assert.ok(events.length >= 1 && events[0].event === 'rollback');
  assert.ok((events.at(-1)!.lr_scale as number) < 1);
  const steps = rows(out, 'metrics.jsonl').map((row) => row.step as number);
  assert.deepEqual(steps, [25, 50, 75, 100, 125, 150], 'rolled-back rows are replaced, not duplicated');
  const kept = rows(out, 'metrics.jsonl');
  assert.ok(
    kept.every((row) => (row.diversity as number) >= 0.5),
    'every kept row is above the threshold',
  );
});

test('without the monitor the same setting collapses (the test above is not vacuous)', () => {
  const root = tmpDir();
  const plain = path.join(root, 'plain.yaml');
  // The monitor's diversity column is logged only when the monitor runs; a never-triggering one measures it.
  writeFileSync(plain, `${COLLAPSING}monitor: { every: 25, minDiversity: 0, lrDecay: 1, maxRollbacks: 0 }\n`);
  const out = path.join(root, 'run');
  const r = gankit(['train', '--config', plain, '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const diversity = rows(out, 'metrics.jsonl').map((row) => row.diversity as number);
  assert.ok(Math.min(...diversity) < 0.5, `diversity never fell: ${diversity.join(', ')}`);
});

const MONITOR = { every: 25, minDiversity: 0, lrDecay: 0.5, maxRollbacks: 1 };
const UNTRAINED_MNIST = `extends: gan-mnist
train: { steps: 50, logEvery: 25, checkpointEvery: 50, sampleEvery: 50 }
`;

test('the class histogram sees ten digits in real test images and one in copies of a single digit', async () => {
  await initBackend('auto');
  const config = resolveConfig({ preset: 'gan-mnist' });
  const check = await ClassHistogramCheck.create(config, 10);
  const test = loadDataset({ ...config.data, split: 'test' });
  const n = 200;
  const varied = await check.histogram(
    gatherScaled(
      test,
      Array.from({ length: n }, (_, i) => i),
      '-1,1',
    ),
    n,
  );
  assert.equal(varied.modes, 10);
  assert.ok(varied.class_jsd < 0.02, `real digits are nearly balanced, JSD ${varied.class_jsd}`);
  const same = await check.histogram(gatherScaled(test, new Array(n).fill(0), '-1,1'), n);
  assert.equal(same.modes, 1);
  assert.ok(same.class_jsd > 0.5, `one class is far from uniform, JSD ${same.class_jsd}`);
  await assert.rejects(
    ClassHistogramCheck.create({ ...config, monitor: { ...MONITOR, minClasses: 11 } }, 10),
    /minClasses' is 11 but the dataset has only 10 classes/,
  );
});

test('minClasses rolls back a generator whose samples fall into too few classes, after the warm-up', () => {
  // An untrained MLP generator draws the same grey blob for every z: the classifier sees one class.
  const root = tmpDir();
  const strict = path.join(root, 'strict.yaml');
  writeFileSync(strict, `${UNTRAINED_MNIST}monitor: ${JSON.stringify({ ...MONITOR, minClasses: 3 })}\n`);
  const out = path.join(root, 'run');
  const r = gankit(['train', '--config', strict, '--out', out]);
  assert.notEqual(r.code, 0, 'the second collapse exhausts maxRollbacks: 1');
  assert.match(
    r.stdout,
    /monitor: samples cover 1 of 10 classes, fewer than minClasses 3 \(mode collapse\) at step 25; rolled back to step 0/,
  );
  assert.match(r.stderr, /samples cover 1 of 10 classes.* after 1 rollbacks/);
  const events = rows(out, 'events.jsonl');
  assert.deepEqual(
    events.map((e) => e.event),
    ['rollback', 'stop'],
    'one rollback, then the stop that exhausted maxRollbacks',
  );
  assert.match(String(events[0].reason), /classes/);

  const warm = path.join(root, 'warm.yaml');
  writeFileSync(
    warm,
    `${UNTRAINED_MNIST}monitor: ${JSON.stringify({ ...MONITOR, minClasses: 3, warmup: 51 })}\n`,
  );
  const out2 = path.join(root, 'warm');
  const r2 = gankit(['train', '--config', warm, '--out', out2]);
  assert.equal(r2.code, 0, r2.stderr);
  assert.ok(
    rows(out2, 'metrics.jsonl').every((row) => row.classes === undefined),
    'no check during the warm-up',
  );
});
