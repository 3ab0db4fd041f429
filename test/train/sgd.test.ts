/**
 * gankit's SGD with momentum (src/train/sgd.ts) follows torch.optim.SGD step for step — with the
 * learning rate changed before every step, as the trainer's schedules do (here DANN's annealing
 * μ₀/(1 + 10p)^0.75) — and its state round-trips through a checkpoint exactly.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initBackend } from '../../src/backend/index.js';
import { Sgd } from '../../src/train/sgd.js';
import { scheduleFactor } from '../../src/train/trainer.js';
import {
  assertExactRoundTrip,
  assertSameTrajectory,
  TORCH_PROBLEM,
  trajectory,
} from '../helpers/optimizer-reference.js';
import { runPython } from '../helpers/python-reference.js';

await initBackend('cpu');

const STEPS = 10;
const SCHEDULE = { type: 'inv', alpha: 10, beta: 0.75 } as const;
const CASES = [
  { lr: 0.01, momentum: 0.9 },
  { lr: 0.02, momentum: 0 },
];

// One interpreter for every case (importing torch takes seconds).
const TORCH = `
cases = json.load(sys.stdin)
result = []
for a in cases:
${TORCH_PROBLEM.replace(/^/gm, '    ')}
    opt = torch.optim.SGD([w], lr=a['lr'], momentum=a['momentum'])
    out = []
    for i in range(${STEPS}):
        for g in opt.param_groups:
            g['lr'] = a['lr'] * (1 + 10 * i / ${STEPS}) ** -0.75
        opt.zero_grad()
        objective().backward()
        opt.step()
        out.append(w.detach().tolist())
    result.append(out)
print(json.dumps(result))
`;

test('SGD (momentum 0.9 and 0) follows torch.optim.SGD under the inv schedule', (t) => {
  const res = runPython<number[][][]>(TORCH, CASES, ['torch']);
  if (!res.ok) return t.skip(res.reason);
  CASES.forEach((p, k) => {
    const opt = new Sgd(p.lr, p.momentum);
    const ours = trajectory(opt, STEPS, (i) => {
      opt.learningRate = p.lr * scheduleFactor(SCHEDULE, i / STEPS);
    });
    assertSameTrajectory(ours, res.value[k]);
  });
});

test('the inv schedule is (1 + αp)^−β', () => {
  assert.equal(scheduleFactor(SCHEDULE, 0), 1);
  assert.ok(Math.abs(scheduleFactor(SCHEDULE, 1) - 11 ** -0.75) < 1e-15);
  assert.ok(Math.abs(scheduleFactor(SCHEDULE, 0.25) - 3.5 ** -0.75) < 1e-15);
});

test('SGD momentum state round-trips through getWeights/setWeights exactly', async () => {
  assert.equal(await assertExactRoundTrip(() => new Sgd(0.01, 0.9)), 2, 'iterations and one buffer');
});
