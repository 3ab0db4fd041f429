import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gaussian1d } from '../../src/data/toy/gaussian-1d.js';
import { grid, ring } from '../../src/data/toy/mixture-2d.js';
import { quadratic, uniformDensity } from '../../src/data/toy/quadratic.js';
import {
  histogramDivergences,
  modeCoverage,
  quadraticError,
  toyMetrics,
  wasserstein1Samples,
  wasserstein1ToDensity,
} from '../../src/metrics/exact/index.js';
import { Rng } from '../../src/util/rng.js';
import { assertClose, runPython } from '../helpers/python-reference.js';

const std = gaussian1d();

test('W1 closed forms: a point mass, a shift, N(0,1) vs N(1,1) samples ≈ 1', () => {
  // One sample at 0: W₁(δ₀, N(0,1)) = E|X| = √(2/π).
  assertClose([wasserstein1ToDensity([0], std)], [Math.sqrt(2 / Math.PI)], 'δ₀ vs N(0,1)', 1e-12);
  // At x₀: E|X − x₀| = x₀(2Φ(x₀) − 1) + 2φ(x₀).
  const x0 = 1.3;
  const expected = x0 * (2 * std.cdf(x0) - 1) + 2 * std.pdf(x0);
  assertClose([wasserstein1ToDensity([x0], std)], [expected], 'δ₁.₃ vs N(0,1)', 1e-12);
  const rng = new Rng(10);
  const a = gaussian1d().sample(20_000, rng).data;
  const b = gaussian1d({ mean: 1 }).sample(20_000, rng).data;
  // W₁ of a pure shift is the shift; sampling noise of each side ≈ 1.29/√n = 0.009.
  assertClose([wasserstein1Samples(a, b)], [1], 'N(0,1) vs N(1,1) samples', 0.03, 0);
  assertClose([wasserstein1ToDensity(b, std)], [1], 'N(1,1) samples vs N(0,1)', 0.03, 0);
  assert.ok(wasserstein1ToDensity(a, std) < 0.03, 'samples of the truth are near 0');
  assert.equal(wasserstein1Samples([1, 2, 3], [3, 2, 1]), 0);
  assertClose([wasserstein1Samples([0, 0], [1, 3])], [2], 'mean displacement of sorted pairs');
});

test('histogram KL / JS: ≈ 0 on the truth, ≈ μ²/2 for a shift, ≈ ln 2 for disjoint support', () => {
  // Stratified "samples" at the truth's quantiles reproduce every cell mass up to 1/n.
  const n = 100_000;
  const strat = Float64Array.from({ length: n }, (_, i) => std.quantile((i + 0.5) / n));
  const same = histogramDivergences(strat, std);
  assert.ok(same.kl < 1e-4 && same.reverseKl < 1e-4 && same.js < 1e-4, JSON.stringify(same));
  assert.equal(same.bins, 50);
  assertClose(
    [same.low, same.high],
    [-3.090232306167813, 3.090232306167813],
    'default range F⁻¹(0.001…0.999)',
    1e-9,
  );
  // KL(N(0,1) ‖ N(μ,1)) = μ²/2 = 0.125 for μ = 0.5; 50 bins of width 0.12 lose little of it.
  const shifted = gaussian1d({ mean: 0.5 }).sample(200_000, new Rng(4)).data;
  const d = histogramDivergences(shifted, std, { bins: 60, low: -4, high: 4 });
  assertClose([d.kl, d.reverseKl], [0.125, 0.125], 'shift KL both ways', 0.01, 0);
  const far = histogramDivergences(new Float32Array(1000).fill(10), std);
  assert.ok(far.js > Math.LN2 - 0.01 && far.js <= Math.LN2, `disjoint JS ${far.js}`);
  // Every cell the model misses holds ≈ 1/50 of the truth against a smoothed 0.5/1026: log(40) ≈ 3.7 nats.
  assert.ok(far.kl > 3.5, `missing all of the truth is a large KL, got ${far.kl}`);
});

const SCIPY = `
import numpy as np
from scipy import stats, integrate
inp = json.load(sys.stdin)
out = {}
a, b = np.array(inp['a']), np.array(inp['b'])
out['w1_samples'] = stats.wasserstein_distance(a, b)
# W1 to N(mu, s): integrate |F_n - F| piecewise between sorted samples, tails to ±inf.
mu, s = inp['mu'], inp['s']
x = np.sort(a); n = len(x)
F = lambda t: stats.norm.cdf(t, mu, s)
tot = integrate.quad(F, -np.inf, x[0], epsabs=1e-13, epsrel=1e-12)[0]
tot += integrate.quad(lambda t: 1 - F(t), x[-1], np.inf, epsabs=1e-13, epsrel=1e-12)[0]
for i in range(1, n):
    c = i / n
    tot += integrate.quad(lambda t: abs(c - F(t)), x[i-1], x[i], points=[np.clip(stats.norm.ppf(c, mu, s), x[i-1], x[i])], epsabs=1e-14)[0]
out['w1_density'] = tot
# Histogram divergences with the stated binning: 'bins' cells on [low, high] plus two tails.
bins, low, high = inp['bins'], inp['low'], inp['high']
edges = np.concatenate([[-np.inf], np.linspace(low, high, bins + 1), [np.inf]])
counts = np.histogram(a, edges)[0].astype(float)
p = np.diff(F(edges))
q = counts / counts.sum()
qs = (counts + 0.5) / (counts.sum() + 0.5 * len(counts))
out['kl'] = float(stats.entropy(p, qs))
out['reverse_kl'] = float(stats.entropy(qs, p))
from scipy.spatial.distance import jensenshannon
out['js'] = float(jensenshannon(p, q) ** 2)
print(json.dumps(out))
`;

test('W1 (two-sample and to a density) and histogram KL / JS match SciPy', (t) => {
  const rng = new Rng(31);
  const a = Array.from(gaussian1d({ mean: 0.3, std: 1.4 }).sample(60, rng).data);
  const b = Array.from(gaussian1d({ mean: -0.2, std: 0.8 }).sample(45, rng).data);
  const truth = gaussian1d({ mean: 0.1, std: 1.2 });
  const binning = { bins: 12, low: -2, high: 2.5 };
  const ref = runPython<Record<string, number>>(SCIPY, { a, b, mu: 0.1, s: 1.2, ...binning }, [
    'numpy',
    'scipy',
  ]);
  if (!ref.ok) {
    t.skip(ref.reason);
    return;
  }
  assertClose([wasserstein1Samples(a, b)], [ref.value.w1_samples], 'W1 two-sample', 1e-12, 1e-12);
  assertClose([wasserstein1ToDensity(a, truth)], [ref.value.w1_density], 'W1 to density', 1e-9, 1e-9);
  const h = histogramDivergences(a, truth, binning);
  assertClose(
    [h.kl, h.reverseKl, h.js],
    [ref.value.kl, ref.value.reverse_kl, ref.value.js],
    'KL, reverse KL, JS',
    1e-12,
    1e-9,
  );
});

test('mode coverage: the truth covers every mode with ≈ 1 − e^(−4.5) high-quality samples', () => {
  for (const mix of [ring(), grid()]) {
    const { data } = mix.sample(2500, new Rng(6));
    const cov = modeCoverage(data, mix);
    assert.equal(cov.modesCovered, mix.modes.length, mix.name);
    // ‖x − centre‖²/σ² is χ²₂, so P(within 3σ) = 1 − e^(−9/2) = 0.9889; binomial s.e. 0.002.
    assertClose([cov.highQualityFraction], [1 - Math.exp(-4.5)], `${mix.name} high quality`, 0.01, 0);
    // ‖x − centre‖/σ is Rayleigh(1), of mean √(π/2); s.e. of the mean of 2500 ≈ 0.013·σ (1 %).
    assertClose([cov.meanDistance], [mix.std * Math.sqrt(Math.PI / 2)], `${mix.name} mean distance`, 0, 0.04);
  }
  const r = ring();
  // A collapsed generator: every sample on mode 3.
  const [mx, my] = r.modes[3];
  const collapsed = new Float32Array(2 * 500).map((_, i) => (i % 2 === 0 ? mx : my));
  const cov = modeCoverage(collapsed, r);
  assert.equal(cov.modesCovered, 1);
  assert.equal(cov.highQualityFraction, 1);
  assert.deepEqual(cov.counts, [0, 0, 0, 500, 0, 0, 0, 0]);
  // The ring's centre is 2 away from every mode: no quality, no coverage; 19 samples are not enough.
  assert.deepEqual(modeCoverage(new Float32Array(200), r).modesCovered, 0);
  assertClose(
    [modeCoverage(new Float32Array(200), r).meanDistance],
    [2],
    'distance from the centre',
    1e-12,
    0,
  );
  assert.ok(cov.meanDistance < 1e-6, `collapsed onto a mode: distance ${cov.meanDistance}`);
  const few = new Float32Array(2 * 19).map((_, i) => (i % 2 === 0 ? mx : my));
  assert.equal(modeCoverage(few, r).modesCovered, 0);
  assert.equal(modeCoverage(few, r, { minSamples: 19 }).modesCovered, 1);
});

test('quadratic error: 0 on the curve, the offset off it', () => {
  const q = quadratic();
  const { data } = q.sample(1000, new Rng(7));
  assert.ok(quadraticError(data) < 1e-8);
  const off = data.map((v, i) => (i % 2 === 1 ? v + 0.1 : v));
  assertClose([quadraticError(off)], [0.1], 'offset 0.1', 1e-6);
  assert.throws(() => quadraticError([1, 2, 3]), RangeError);
});

test('toyMetrics picks the metrics of each toy kind; uniform W1 closed form', () => {
  const rng = new Rng(8);
  const g = gaussian1d();
  assert.deepEqual(Object.keys(toyMetrics(g, g.sample(500, rng).data)), ['w1', 'kl', 'reverse_kl', 'js']);
  const r = ring();
  assert.deepEqual(toyMetrics(r, r.sample(2500, rng).data).modes_covered, 8);
  const q = quadratic();
  const m = toyMetrics(q, q.sample(4000, rng).data);
  assert.ok(m.quadratic_error < 1e-8 && m.w1_x < 0.02, JSON.stringify(m));
  // A generator that puts every x at 0 is on the curve but covers nothing: W1 to U[−½, ½] is E|X| = ¼.
  assertClose([toyMetrics(q, new Float32Array(20)).w1_x], [0.25], 'point mass vs uniform', 1e-12);
  // Uniform density pieces: G integrates F, quantile inverts it.
  const u = uniformDensity(-1, 3);
  assertClose(
    [u.integratedCdf(1), u.integratedCdf(5), u.quantile(u.cdf(0.3))],
    [0.5, 4, 0.3],
    'U[−1, 3]',
    1e-12,
  );
});
