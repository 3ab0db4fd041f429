import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gaussian1d } from '../../src/data/toy/gaussian-1d.js';
import { makeToy, toyDistributions } from '../../src/data/toy/index.js';
import { grid, ring } from '../../src/data/toy/mixture-2d.js';
import { normalCdf, normalIntegratedCdf, normalQuantile } from '../../src/data/toy/normal.js';
import { quadratic } from '../../src/data/toy/quadratic.js';
import { UsageError } from '../../src/util/errors.js';
import { Rng } from '../../src/util/rng.js';
import { assertClose } from '../helpers/python-reference.js';

function moments(xs: ArrayLike<number>, stride = 1, offset = 0): { mean: number; variance: number } {
  let n = 0;
  let s = 0;
  let s2 = 0;
  for (let i = offset; i < xs.length; i += stride) {
    s += xs[i];
    s2 += xs[i] * xs[i];
    n++;
  }
  const mean = s / n;
  return { mean, variance: s2 / n - mean * mean };
}

test('every toy is deterministic by rng state and differs across seeds', () => {
  for (const name of Object.keys(toyDistributions)) {
    const toy = makeToy(name);
    const r = new Rng(5);
    const a = toy.sample(100, r);
    const b = toy.sample(100, Rng.fromState({ seed: 5, stream: 0, counter: 0 }));
    assert.deepEqual(a.data, b.data, name);
    assert.equal(a.data.length, 100 * toy.dim);
    assert.equal(a.dim, toy.dim);
    assert.notDeepEqual(toy.sample(100, r).data, a.data, `${name}: the rng advances`);
    assert.notDeepEqual(toy.sample(100, new Rng(6)).data, a.data, `${name}: seed matters`);
  }
  assert.throws(() => makeToy('spiral'), UsageError);
  assert.throws(() => gaussian1d({ std: 0 }), RangeError);
});

test('1-D Gaussian: sample mean and variance; density functions are consistent', () => {
  const g = gaussian1d({ mean: 3, std: 0.5 });
  const { mean, variance } = moments(g.sample(200_000, new Rng(1)).data);
  // Standard errors: σ/√n = 0.0011 for the mean, σ²·√(2/n) = 0.0008 for the variance.
  assertClose([mean, variance], [3, 0.25], 'N(3, 0.25) moments', 0.005, 0);
  assertClose([g.cdf(3), g.quantile(0.5), g.pdf(3)], [0.5, 3, 1 / (0.5 * Math.sqrt(2 * Math.PI))], 'centre');
  assertClose([g.quantile(g.cdf(3.7))], [3.7], 'quantile ∘ cdf');
  // G(x) = E[(x − X)⁺]; at x = μ it is σ·φ(0) = σ/√(2π).
  assertClose([g.integratedCdf(3)], [0.5 / Math.sqrt(2 * Math.PI)], 'integrated cdf at μ', 1e-12);
});

test('quadratic: points lie on y = x², x uniform on the range', () => {
  const q = quadratic({ low: -1, high: 2 });
  const { data } = q.sample(100_000, new Rng(2));
  for (let i = 0; i < data.length; i += 2) {
    assert.ok(data[i] >= -1 && data[i] < 2);
    assert.equal(data[i + 1], Math.fround(data[i] * data[i]));
  }
  // U[−1, 2]: mean ½, variance 9/12; E[x²] = (2³ − (−1)³)/(3·3) = 1.
  const x = moments(data, 2, 0);
  assertClose([x.mean, x.variance, moments(data, 2, 1).mean], [0.5, 0.75, 1], 'U[−1, 2] moments', 0.01, 0);
  assert.throws(() => quadratic({ low: 1, high: 1 }), RangeError);
});

test('ring and grid: components equally likely, each N(centre, σ²)', () => {
  for (const [mix, k] of [
    [ring(), 8],
    [grid(), 25],
  ] as const) {
    assert.equal(mix.modes.length, k);
    const n = 50_000;
    const { data } = mix.sample(n, new Rng(3));
    const counts = new Array<number>(k).fill(0);
    let dx2 = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestD = Number.POSITIVE_INFINITY;
      mix.modes.forEach(([mx, my], j) => {
        const d = (data[2 * i] - mx) ** 2 + (data[2 * i + 1] - my) ** 2;
        if (d < bestD) {
          bestD = d;
          best = j;
        }
      });
      counts[best]++;
      dx2 += bestD;
    }
    // Binomial standard error of a share 1/k with n draws is < 0.0013; 5 of them is the tolerance.
    for (const c of counts) assertClose([c / n], [1 / k], `${mix.name} component share`, 0.0065, 0);
    // E‖x − centre‖² = 2σ².
    assertClose([dx2 / n], [2 * mix.std ** 2], `${mix.name} spread`, 0, 0.02);
  }
  assertClose([...ring().modes[2]], [0, 2], 'ring mode 2 at 90°', 1e-12);
  assertClose([...grid().modes[0], ...grid().modes[24]], [-4, -4, 4, 4], 'grid corners');
});

test('normal CDF / quantile / integrated CDF (literal values from SciPy 1.10)', () => {
  // scipy.stats.norm.cdf / ppf at these points.
  assertClose(
    [normalCdf(-8), normalCdf(-3), normalCdf(0.5), normalCdf(3), normalCdf(7)],
    [6.22096057427174e-16, 0.0013498980316300933, 0.6914624612740131, 0.9986501019683699, 0.9999999999987201],
    'Φ',
    0,
    1e-12,
  );
  assertClose(
    [normalQuantile(1e-10), normalQuantile(0.01), normalQuantile(0.3), normalQuantile(0.9)],
    [-6.361340902404056, -2.3263478740408408, -0.5244005127080409, 1.2815515655446004],
    'Φ⁻¹',
    0,
    1e-12,
  );
  // ∫_{−∞}^{z} Φ: at 0 it is φ(0); far right it approaches z (the area of the whole CDF's deficit is E[X⁺] = φ(0)).
  assertClose(
    [normalIntegratedCdf(0), normalIntegratedCdf(10) - 10],
    [1 / Math.sqrt(2 * Math.PI), 0],
    'G',
    1e-12,
  );
});
