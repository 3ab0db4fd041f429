import { test } from 'node:test';
import { initBackend } from '../../src/backend/index.js';
import { Adam } from '../../src/train/adam.js';
import {
  assertExactRoundTrip,
  assertSameTrajectory,
  TORCH_PROBLEM,
  trajectory,
} from '../helpers/optimizer-reference.js';
import { runPython } from '../helpers/python-reference.js';

/** Ten Adam steps on f(w) = Σ (w·x − 1)² + 0.1·Σ w⁴ from a fixed start. */
await initBackend('cpu');

const TORCH = `
a = json.load(sys.stdin)
${TORCH_PROBLEM}
opt = torch.optim.Adam([w], lr=a['lr'], betas=(a['b1'], a['b2']), eps=a['eps'])
out = []
for _ in range(10):
    opt.zero_grad()
    objective().backward()
    opt.step()
    out.append(w.detach().tolist())
print(json.dumps(out))
`;

test('Adam follows torch.optim.Adam step for step', (t) => {
  for (const p of [
    { lr: 0.1, b1: 0.9, b2: 0.999, eps: 1e-8 },
    { lr: 2e-4, b1: 0.5, b2: 0.999, eps: 1e-8 },
  ]) {
    const res = runPython<number[][]>(TORCH, p, ['torch']);
    if (!res.ok) return t.skip(res.reason);
    assertSameTrajectory(trajectory(new Adam(p.lr, p.b1, p.b2, p.eps), 10), res.value);
  }
});

test('Adam state round-trips through getWeights/setWeights exactly', async () => {
  await assertExactRoundTrip(() => new Adam(0.01));
});
