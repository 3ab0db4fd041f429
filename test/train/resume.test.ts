/** docs/architecture.md "Contracts": N steps in one go equal N/2 + --resume + N/2, loss for loss. */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { gankit, tmpDir } from '../helpers.js';

function losses(dir: string): { step: number; d_loss: number; g_loss: number }[] {
  return readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

// gan-mnist exercises Adam, gan-fashion RMSprop; small batches keep the wide MLP quick on any backend.
for (const preset of ['gan-mnist', 'gan-fashion']) {
  test(`${preset}: 40 steps straight equal 20 + --resume + 20 to 1e-6`, () => {
    const root = tmpDir();
    const common = [
      '--preset',
      preset,
      '--limit',
      '1000',
      '--log-every',
      '1',
      '--sample-every',
      '1000',
      '--seed',
      '5',
      '--batch-size',
      '16',
    ];
    const straight = path.join(root, 'straight');
    const split = path.join(root, 'split');
    assert.equal(gankit(['train', ...common, '--steps', '40', '--out', straight]).code, 0);
    const first = gankit(['train', ...common, '--steps', '20', '--checkpoint-every', '20', '--out', split]);
    assert.equal(first.code, 0, first.stderr);
    const second = gankit(['train', '--resume', '--out', split, '--steps', '40']);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /resumed from .*step-000020 at step 20/);
    const a = losses(straight);
    const b = losses(split);
    assert.equal(a.length, 40);
    assert.deepEqual(
      b.map((r) => r.step),
      a.map((r) => r.step),
    );
    for (let i = 0; i < a.length; i++) {
      assert.ok(
        Math.abs(a[i].d_loss - b[i].d_loss) <= 1e-6,
        `step ${a[i].step}: d_loss ${a[i].d_loss} vs ${b[i].d_loss}`,
      );
      assert.ok(
        Math.abs(a[i].g_loss - b[i].g_loss) <= 1e-6,
        `step ${a[i].step}: g_loss ${a[i].g_loss} vs ${b[i].g_loss}`,
      );
    }
    // A different seed must give different losses (the comparison above is not vacuous).
    const other = path.join(root, 'other');
    assert.equal(gankit(['train', ...common.slice(0, -1), '6', '--steps', '5', '--out', other]).code, 0);
    assert.notEqual(losses(other)[4].g_loss, a[4].g_loss);
  });
}

test('with every trick on (SN, minibatch features, replay, EMA, instance noise, label flips) resume is still exact', () => {
  const root = tmpDir();
  const config = path.join(root, 'all-tricks.yaml');
  writeFileSync(
    config,
    `extends: hinge-sn
loss: { type: non-saturating, realLabel: 0.9, labelFlip: 0.1 }
model:
  discriminator: { minibatchStd: true, minibatchDiscrimination: { kernels: 8, kernelDim: 4 } }
tricks:
  featureMatching: { weight: 1 }
  ema: { decay: 0.9 }
  replay: { size: 64, ratio: 0.5 }
  instanceNoise: { std: 0.2, annealSteps: 100 }
`,
  );
  const common = [
    '--config',
    config,
    '--limit',
    '500',
    '--log-every',
    '1',
    '--sample-every',
    '1000',
    '--batch-size',
    '16',
  ];
  const straight = path.join(root, 'straight');
  const split = path.join(root, 'split');
  assert.equal(gankit(['train', ...common, '--steps', '12', '--out', straight]).code, 0);
  assert.equal(
    gankit(['train', ...common, '--steps', '6', '--checkpoint-every', '6', '--out', split]).code,
    0,
  );
  const second = gankit(['train', '--resume', '--out', split, '--steps', '12']);
  assert.equal(second.code, 0, second.stderr);
  const a = losses(straight);
  const b = losses(split);
  assert.equal(a.length, 12);
  for (let i = 0; i < a.length; i++) {
    assert.ok(
      Math.abs(a[i].d_loss - b[i].d_loss) <= 1e-6 && Math.abs(a[i].g_loss - b[i].g_loss) <= 1e-6,
      `step ${a[i].step}`,
    );
  }
  const sa = gankit(['sample', '--run', straight, '--n', '4', '--out', path.join(root, 'a.png')]);
  const sb = gankit(['sample', '--run', split, '--n', '4', '--out', path.join(root, 'b.png')]);
  assert.equal(sa.code, 0, sa.stderr);
  assert.equal(sb.code, 0, sb.stderr);
  assert.deepEqual(
    readFileSync(path.join(root, 'a.png')),
    readFileSync(path.join(root, 'b.png')),
    'same EMA generator',
  );
});
