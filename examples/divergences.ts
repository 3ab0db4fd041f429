/**
 * Seed 003's probability distances between two 1-D distributions P and Q, as the theory defines them and
 * as gankit estimates them from samples:
 *   KL(P‖Q) = ∫ p log(p/q)          — closed form for Gaussians: log(σ_q/σ_p) + (σ_p² + (μ_p − μ_q)²)/(2σ_q²) − ½;
 *   JS(P‖Q) = ½KL(P‖M) + ½KL(Q‖M), M = (P + Q)/2 — integrated numerically from the exact densities;
 *   W₁(P, Q) = inf_γ E|x − y| = ∫ |F_P − F_Q| — integrated numerically from the exact CDFs;
 * next to the estimates: `histogramDivergences` (KL, JS of 20,000 samples of Q against P's density),
 * `wasserstein1ToDensity` (W₁ of the samples against P, exact for the empirical law) and
 * `wasserstein1Samples` (W₁ between 20,000 samples of each). Then the slide's earth-mover example
 * (P = 3, 2, 1, 4 and Q = 1, 2, 4, 3 shovelfuls: W = 5), and the slide's point about mismatched supports:
 * as Q moves away, JS saturates at ln 2 and KL grows without bound (no useful gradient from JS), while W₁
 * grows with the distance — the reason for the Wasserstein GAN.
 *   npm run example -- divergences [--smoke]
 */
import { makeToy, Rng } from '../src/index.js';
import {
  histogramDivergences,
  wasserstein1Samples,
  wasserstein1ToDensity,
} from '../src/metrics/exact/index.js';
import type { Density1D, ToyDistribution } from '../src/data/toy/types.js';
import { exampleArgs, startBackend } from './lib/cli.js';

const args = exampleArgs('divergences [--smoke]', {});
await startBackend();
const n = args.smoke ? 2000 : 20000;
type Gaussian = ToyDistribution & Density1D & { std: number };
const gaussian = (mean: number, std: number) => makeToy('gaussian-1d', { mean, std }) as Gaussian;

/** ∫ f over [lo, hi] by Simpson's rule on `m` (even) intervals. */
function integrate(f: (x: number) => number, lo: number, hi: number, m = 20000): number {
  const h = (hi - lo) / m;
  let s = f(lo) + f(hi);
  for (let i = 1; i < m; i++) s += (i % 2 ? 4 : 2) * f(lo + i * h);
  return (s * h) / 3;
}

const klClosed = (p: Gaussian, q: Gaussian) =>
  Math.log(q.std / p.std) + (p.std ** 2 + (p.mean - q.mean) ** 2) / (2 * q.std ** 2) - 0.5;
const span = (p: Gaussian, q: Gaussian): [number, number] => [
  Math.min(p.mean - 12 * p.std, q.mean - 12 * q.std),
  Math.max(p.mean + 12 * p.std, q.mean + 12 * q.std),
];
const xlogy = (a: number, b: number) => (a > 0 ? a * Math.log(a / b) : 0);
function jsExact(p: Gaussian, q: Gaussian): number {
  const [lo, hi] = span(p, q);
  return integrate(
    (x) => {
      const [a, b] = [p.pdf(x), q.pdf(x)];
      const m = (a + b) / 2;
      return 0.5 * xlogy(a, m) + 0.5 * xlogy(b, m);
    },
    lo,
    hi,
  );
}
function w1Exact(p: Gaussian, q: Gaussian): number {
  const [lo, hi] = span(p, q);
  return integrate((x) => Math.abs(p.cdf(x) - q.cdf(x)), lo, hi);
}

const P = gaussian(0, 1);
const Q = gaussian(1, 1.5);
const rng = new Rng(3, 0);
const qs = Q.sample(n, rng).data;
const ps = P.sample(n, rng).data;
// histogramDivergences(samples, truth) estimates KL(truth ‖ samples' law) and JS from a histogram.
const h = histogramDivergences(qs, P);
console.log(`P = N(0, 1), Q = N(1, 1.5²); estimates from ${n} samples of Q (and of P for the two-sample W₁)`);
console.log(`KL(P‖Q): exact ${klClosed(P, Q).toFixed(4)}, histogram estimate ${h.kl.toFixed(4)}`);
console.log(`KL(Q‖P): exact ${klClosed(Q, P).toFixed(4)}, histogram estimate ${h.reverseKl.toFixed(4)}`);
console.log(
  `JS(P‖Q): exact ${jsExact(P, Q).toFixed(4)}, histogram estimate ${h.js.toFixed(4)} (≤ ln 2 = ${Math.LN2.toFixed(4)})`,
);
console.log(
  `W₁(P, Q): exact ${w1Exact(P, Q).toFixed(4)}, samples vs density ${wasserstein1ToDensity(qs, P).toFixed(4)}, samples vs samples ${wasserstein1Samples(qs, ps).toFixed(4)}`,
);

// The slide's earth mover: shovelfuls on positions 1–4, W₁ of the two histograms × the 10 shovelfuls.
const pile = (counts: number[]) => counts.flatMap((c, i) => Array<number>(c).fill(i + 1));
const emd = wasserstein1Samples(pile([3, 2, 1, 4]), pile([1, 2, 4, 3])) * 10;
console.log(
  `earth mover's distance of the slide (P = 3,2,1,4; Q = 1,2,4,3): W = ${emd.toFixed(4)} shovelfuls × steps`,
);

console.log('Q = N(μ, 1) moving away from P = N(0, 1):   μ   KL(P‖Q)   JS(P‖Q)   W₁(P, Q)');
for (const mu of [0, 1, 2, 4, 8, 16]) {
  const Qm = gaussian(mu, 1);
  console.log(
    `${String(mu).padStart(46)}   ${klClosed(P, Qm).toFixed(3).padStart(7)}   ${jsExact(P, Qm).toFixed(4)}    ${w1Exact(P, Qm).toFixed(3)}`,
  );
}
