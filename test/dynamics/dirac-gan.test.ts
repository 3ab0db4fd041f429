/**
 * The Dirac GAN through gankit's own losses and regularisers: the players' gradients equal the paper's
 * closed-form vector fields (Mescheder et al. 2018, their official `diracgan` code, with ψ's sign flipped:
 * gankit's D gives real data high logits), the linearised rates of convergence and divergence come out
 * as the eigenvalues predict, and the paper's verdicts hold — the unregularised losses, clipping and
 * WGAN-GP do not converge, R1, R2 and instance noise do.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import {
  type DiracMethod,
  diracGradients,
  diracTrajectory,
  diracVerdict,
} from '../../src/dynamics/dirac-gan.js';
import { UsageError } from '../../src/util/errors.js';
import { assertClose } from '../helpers/python-reference.js';

await initBackend('cpu');

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const points: [number, number][] = [
  [1, 1],
  [0.7, -1.3],
  [-2, 0.4],
  [-0.5, -0.25],
];

test('the gradients are the closed-form vector fields of the paper', () => {
  // [gθ, gψ] as functions of (θ, ψ): D's logits are ψ·0 on the real point and ψθ on the fake one.
  const cases: [DiracMethod, (t: number, p: number) => [number, number]][] = [
    [{ loss: 'minimax' }, (t, p) => [-p * sigmoid(p * t), t * sigmoid(p * t)]],
    [{ loss: 'non-saturating' }, (t, p) => [-p * sigmoid(-p * t), t * sigmoid(p * t)]],
    [{ loss: 'wasserstein' }, (t, p) => [-p, t]],
    [{ loss: 'hinge' }, (t, p) => [-p, 1 + p * t > 0 ? t : 0]],
    [{ loss: 'least-squares' }, (t, p) => [p * (p * t - 1), p * t * t]],
    // R1 and R2: (γ/2)·‖∇ₓD‖² = (γ/2)·ψ² wherever the point is.
    [
      { loss: 'non-saturating', regularizer: { name: 'r1', gamma: 0.3 } },
      (t, p) => [-p * sigmoid(-p * t), t * sigmoid(p * t) + 0.3 * p],
    ],
    [
      { loss: 'minimax', regularizer: { name: 'r2', gamma: 2 } },
      (t, p) => [-p * sigmoid(p * t), t * sigmoid(p * t) + 2 * p],
    ],
    // WGAN-GP: λ·(|ψ| − t)², the official `WGAN_GP` with reg = 2λ.
    [
      { loss: 'wasserstein', regularizer: { name: 'gp', weight: 0.5, target: 0.3 } },
      (t, p) => [-p, t + (Math.abs(p) - 0.3) * Math.sign(p)],
    ],
  ];
  for (const [method, expected] of cases) {
    for (const [t, p] of points) {
      const g = diracGradients(method, t, p);
      assertClose([g.theta, g.psi], expected(t, p), `${JSON.stringify(method)} at θ=${t}, ψ=${p}`, 1e-5);
    }
  }
});

test('instance noise is the Monte-Carlo average of the noisy field', () => {
  // The official GAN_InstNoise field: E[−ψσ(ψ(θ+ε₁))], E[(θ+ε₁)σ(ψ(θ+ε₁)) − ε₂σ(−ψε₂)], ε ~ N(0, s²),
  // here by the midpoint rule on ±8s against gankit's 200,000-sample average.
  const [theta, psi, s] = [0.8, 0.6, 0.5];
  const g = diracGradients({ loss: 'minimax', instanceNoise: s }, theta, psi, {
    noiseSamples: 200_000,
    seed: 3,
  });
  const expect = (f: (e: number) => number) => {
    const cells = 4000;
    const de = (16 * s) / cells;
    let sum = 0;
    for (let i = 0; i < cells; i++) {
      const e = -8 * s + (i + 0.5) * de;
      sum += f(e) * Math.exp(-(e * e) / (2 * s * s)) * de;
    }
    return sum / (s * Math.sqrt(2 * Math.PI));
  };
  const gTheta = expect((e) => -psi * sigmoid(psi * (theta + e)));
  const gPsi = expect((e) => (theta + e) * sigmoid(psi * (theta + e)) - e * sigmoid(-psi * e));
  assertClose([g.theta, g.psi], [gTheta, gPsi], 'noisy field', 5e-3);
});

test('linearised rates: the eigenvalues of the update predict growth and decay', () => {
  const h = 0.1;
  // WGAN is linear: one simultaneous step multiplies the distance by exactly √(1 + h²).
  const w = diracTrajectory({ loss: 'wasserstein' }, { steps: 300, theta0: 1, psi0: 0, lr: h });
  assertClose([w.distance[300]], [(1 + h * h) ** 150], 'WGAN spirals out', 0, 1e-5);
  // Non-saturating near the equilibrium: J = [[0, ½], [−½, 0]], |1 + hλ| = √(1 + h²/4) > 1.
  const ns = diracTrajectory({ loss: 'non-saturating' }, { steps: 600, theta0: 0.01, psi0: 0.01, lr: h });
  const nsRate = Math.log(ns.distance[600] / ns.distance[0]) / 600;
  assertClose([nsRate], [0.5 * Math.log(1 + (h * h) / 4)], 'non-saturating spirals out', 0, 0.02);
  // With R1 (γ): J = [[0, ½], [−½, −γ]], λ = (−γ ± i√(1 − γ²))/2, |1 + hλ| < 1.
  const gamma = 0.3;
  const r1 = diracTrajectory(
    { loss: 'non-saturating', regularizer: { name: 'r1', gamma } },
    { steps: 600, theta0: 0.01, psi0: 0.01, lr: h },
  );
  const r1Rate = Math.log(r1.distance[500] / r1.distance[100]) / 400;
  const rho = Math.sqrt((1 - (h * gamma) / 2) ** 2 + (h * h * (1 - gamma * gamma)) / 4);
  assertClose([r1Rate], [Math.log(rho)], 'R1 spirals in', 0, 0.05);
  // Alternating steps on WGAN are area-preserving (determinant 1): bounded, and never converging.
  const alt = diracTrajectory(
    { loss: 'wasserstein' },
    { steps: 2000, theta0: 1, psi0: 0, lr: h, update: 'alternating' },
  );
  assert.ok(Math.min(...alt.distance) > 0.9 && Math.max(...alt.distance) < 1.1, 'alternating WGAN circles');
});

test("the paper's verdicts: which methods converge from θ = ψ = 1", () => {
  const final = (method: DiracMethod) => {
    const p = diracTrajectory(method, { steps: 500, seed: 1 });
    return { distance: p.distance[500], theta: p.theta[500], psi: p.psi[500], path: p };
  };
  for (const method of [
    { loss: 'minimax' },
    { loss: 'non-saturating' },
    { loss: 'hinge' },
    { loss: 'wasserstein', clip: 0.3 },
    { loss: 'wasserstein', regularizer: { name: 'gp', weight: 0.5, target: 0.3 } },
  ] as DiracMethod[])
    assert.ok(
      final(method).distance > 0.2,
      `${JSON.stringify(method)} does not converge: ${final(method).distance}`,
    );
  for (const method of [
    { loss: 'non-saturating', regularizer: { name: 'r1', gamma: 0.3 } },
    { loss: 'minimax', regularizer: { name: 'r1', gamma: 0.3 } },
    { loss: 'non-saturating', regularizer: { name: 'r2', gamma: 0.3 } },
  ] as DiracMethod[])
    assert.ok(
      final(method).distance < 5e-3,
      `${JSON.stringify(method)} converges: ${final(method).distance}`,
    );
  const noisy = final({ loss: 'non-saturating', instanceNoise: 1 });
  assert.ok(noisy.distance < 0.05, `instance noise converges (to the Monte-Carlo noise): ${noisy.distance}`);
  // LSGAN with a linear D: D(0) = 0 can never reach its target 1, D settles at ψ = 0 and G stalls off the data.
  const ls = final({ loss: 'least-squares' });
  assert.ok(Math.abs(ls.psi) < 1e-3 && ls.theta > 1, `LSGAN stalls at θ = ${ls.theta}, ψ = ${ls.psi}`);
  // The verdict the example and the browser page print, on three of these paths.
  assert.equal(diracVerdict(ls.path), 'stalls off the data');
  assert.equal(diracVerdict(noisy.path), 'converges');
  assert.equal(diracVerdict(final({ loss: 'non-saturating' }).path), 'does not converge');
  const clipped = final({ loss: 'wasserstein', clip: 0.3 }).path.psi;
  assert.ok(
    clipped.every((p) => Math.abs(p) <= 0.3 + 1e-7),
    'clipping keeps ψ in [−0.3, 0.3]',
  );
});

test('training leaves no tensor behind', () => {
  const before = tf.memory().numTensors;
  diracTrajectory(
    { loss: 'wasserstein', clip: 0.3, instanceNoise: 0.5 },
    { steps: 20, update: 'alternating' },
  );
  diracTrajectory({ loss: 'non-saturating', regularizer: { name: 'gp' } }, { steps: 20 });
  diracGradients({ loss: 'minimax', regularizer: { name: 'r1' } }, 0.5, 0.5);
  assert.equal(tf.memory().numTensors, before);
});

test('bad settings are usage errors that say what is wrong', () => {
  assert.throws(
    () => diracTrajectory({ loss: 'nope' }),
    (e: Error) => e instanceof UsageError && /unknown loss 'nope'; valid losses: .*minimax/.test(e.message),
  );
  assert.throws(
    () => diracTrajectory({ loss: 'minimax', regularizer: { name: 'r1', gama: 1 } }),
    /unknown option 'gama'/,
  );
  assert.throws(
    () => diracTrajectory({ loss: 'wasserstein', clip: -1 }),
    /clip must be a positive number, got -1/,
  );
  assert.throws(() => diracTrajectory({ loss: 'minimax' }, { steps: 0 }), /steps must be a positive integer/);
  assert.throws(
    () => diracTrajectory({ loss: 'minimax' }, { update: 'both' as 'simultaneous' }),
    /update must be 'simultaneous' or 'alternating'/,
  );
});
