/** Sweep files: checks that name the file and key, grids in order, seeded random draws with the right spread. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { nestParams, planRuns, readSweepFile } from '../../src/sweep/spec.js';
import { InputError } from '../../src/util/errors.js';
import { tmpDir } from '../helpers.js';

const dir = tmpDir('gankit-sweep-spec-');
let n = 0;
/** A sweep file with `sweep` as its sweep section (YAML), over the toy-gaussian preset. */
function sweepFile(sweep: string, name = `s${n++}.yaml`): string {
  const file = path.join(dir, name);
  writeFileSync(file, `extends: toy-gaussian\ntrain: { steps: 10 }\nsweep:\n${sweep}`);
  return file;
}

test('a grid is every combination, the last parameter fastest; a grid range gives count log-spaced values', () => {
  const spec = readSweepFile(
    sweepFile(
      `  metric: w1
  goal: min
  parameters:
    optimizers.generator.lr: { min: 0.0001, max: 0.01, log: true, count: 3 }
    train.seed: [1, 2]
`,
      'grid-lr.yaml',
    ),
  );
  assert.equal(spec.name, 'grid-lr');
  assert.equal(spec.base.train.steps, 10);
  assert.equal(spec.base.data.dataset, 'toy');
  const runs = planRuns(spec);
  assert.deepEqual(
    runs.map((r) => [r.id, r.params['optimizers.generator.lr'], r.params['train.seed']]),
    [
      ['run-000', 0.0001, 1],
      ['run-001', 0.0001, 2],
      ['run-002', 0.001, 1],
      ['run-003', 0.001, 2],
      ['run-004', 0.01, 1],
      ['run-005', 0.01, 2],
    ],
  );
});

test('random search: the same seed plans the same runs, draws fall in their ranges with the right spread', () => {
  const file = (seed: number) =>
    sweepFile(`  method: random
  runs: 600
  seed: ${seed}
  metric: w1
  goal: min
  parameters:
    optimizers.generator.lr: { min: 0.0001, max: 0.1, log: true }
    train.dSteps: { min: 1, max: 3, integer: true }
    loss.type: [non-saturating, hinge]
`);
  const a = planRuns(readSweepFile(file(7)));
  assert.deepEqual(planRuns(readSweepFile(file(7))), a);
  assert.notDeepEqual(planRuns(readSweepFile(file(8))), a);
  const lr = a.map((r) => r.params['optimizers.generator.lr'] as number);
  assert.ok(lr.every((x) => x >= 0.0001 && x <= 0.1));
  // Log-uniform over three decades: a third below 1e-3 (a uniform draw would put 0.9 % there).
  const low = lr.filter((x) => x < 0.001).length / lr.length;
  assert.ok(Math.abs(low - 1 / 3) < 0.06, `fraction below 1e-3: ${low}`);
  const d = a.map((r) => r.params['train.dSteps'] as number);
  for (const k of [1, 2, 3]) {
    const f = d.filter((x) => x === k).length / d.length;
    assert.ok(Math.abs(f - 1 / 3) < 0.06, `dSteps ${k}: ${f}`);
  }
  assert.ok(d.every((x) => Number.isInteger(x) && x >= 1 && x <= 3));
  const hinge = a.filter((r) => r.params['loss.type'] === 'hinge').length / a.length;
  assert.ok(Math.abs(hinge - 0.5) < 0.07, `hinge: ${hinge}`);
});

test('dotted keys nest into a partial config', () => {
  assert.deepEqual(
    nestParams({ 'optimizers.generator.lr': 0.1, 'optimizers.generator.beta1': 0.5, 'train.seed': 3 }),
    {
      optimizers: { generator: { lr: 0.1, beta1: 0.5 } },
      train: { seed: 3 },
    },
  );
});

test('bad sweep files are input errors naming the file and the key', () => {
  const cases: [string, RegExp][] = [
    ['', /has no 'sweep:' section/],
    [
      '  metric: w1\n  goal: min\n  parameters: { train.seed: [1] }\n  budget: 3\n',
      /'sweep.budget' is not a sweep setting/,
    ],
    ['  metric: w1\n  goal: lower\n  parameters: { train.seed: [1] }\n', /'sweep.goal' must be min or max/],
    ['  goal: min\n  parameters: { train.seed: [1] }\n', /'sweep.metric' must name a metrics.jsonl column/],
    [
      '  metric: w1\n  goal: min\n  runs: 3\n  parameters: { train.seed: [1, 2], train.dSteps: [1, 2] }\n',
      /'sweep.runs' is 3, but the grid has 4 combinations/,
    ],
    [
      '  method: random\n  metric: w1\n  goal: min\n  parameters: { train.seed: [1, 2] }\n',
      /'sweep.runs' is required for random search/,
    ],
    [
      '  metric: w1\n  goal: min\n  parameters: { train.seed: { min: 1, max: 4 } }\n',
      /'sweep.parameters.train.seed.count' must be an integer >= 2 in a grid/,
    ],
    [
      '  metric: w1\n  goal: min\n  parameters: { train.seed: [] }\n',
      /'sweep.parameters.train.seed' lists no values/,
    ],
    [
      '  metric: w1\n  goal: min\n  parameters: { train.seed: [1] }\n  queue: { lockSeconds: 0 }\n',
      /'sweep.queue.lockSeconds' must be a number of seconds > 0/,
    ],
  ];
  for (const [sweep, message] of cases) {
    const file = sweepFile(sweep);
    assert.throws(
      () => readSweepFile(file),
      (err: unknown) =>
        err instanceof InputError && err.message.startsWith(file) && message.test(err.message),
      sweep,
    );
  }
  // The config part is checked like a --config file, naming the file.
  const file = path.join(dir, 'bad-base.yaml');
  writeFileSync(
    file,
    'extends: toy-gaussian\ntrain: { stepz: 10 }\nsweep: { metric: w1, goal: min, parameters: { train.seed: [1] } }\n',
  );
  assert.throws(() => readSweepFile(file), /bad-base\.yaml: config: unknown key 'config\.train\.stepz'/);
});
