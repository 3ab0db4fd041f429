/**
 * Exact divergences between 1-D samples and a known density (the 1-D toy worlds), and between two sample
 * sets. Inputs are plain arrays; nothing here needs a backend.
 */
import type { Density1D } from '../../data/toy/types.js';

/** Ascending copy as float64. */
function sorted(xs: ArrayLike<number>): Float64Array {
  const s = Float64Array.from(xs);
  s.sort();
  return s;
}

/**
 * W₁ between the empirical distribution of `samples` and the continuous `truth`, exactly:
 *   W₁ = ∫₀¹ |F_n⁻¹(u) − F⁻¹(u)| du = ∫ |F_n(t) − F(t)| dt
 * (the two integrals are the same area between the CDF graphs, read along the other axis). F_n is the
 * step i/n on [x₍ᵢ₎, x₍ᵢ₊₁₎), so each piece is closed-form through G(t) = ∫_{−∞}^t F:
 *   ∫_a^b |c − F| = c(t* − a) − (G(t*) − G(a)) + (G(b) − G(t*)) − c(b − t*),  t* = F⁻¹(c) clamped to [a, b],
 * with the tails ∫_{−∞}^{x₍₁₎} F = G(x₍₁₎) and ∫_{x₍ₙ₎}^{∞} (1 − F) = μ − x₍ₙ₎ + G(x₍ₙ₎).
 * This is the distance of the sample itself: n samples drawn FROM a Gaussian truth are already at
 * E[W₁] ≈ √(2/π)·∫√(F(1−F)) dt/√n ≈ 1.29·σ/√n (sampling noise), the floor a trained generator is judged against.
 */
export function wasserstein1ToDensity(samples: ArrayLike<number>, truth: Density1D): number {
  const x = sorted(samples);
  const n = x.length;
  if (n === 0) throw new RangeError('W1 needs at least one sample');
  const G = (t: number) => truth.integratedCdf(t);
  let total = G(x[0]) + (truth.mean - x[n - 1] + G(x[n - 1]));
  for (let i = 1; i < n; i++) {
    const a = x[i - 1];
    const b = x[i];
    if (b === a) continue;
    const c = i / n;
    const t = Math.min(b, Math.max(a, truth.quantile(c)));
    const gt = G(t);
    total += c * (t - a) - (gt - G(a)) + (G(b) - gt) - c * (b - t);
  }
  return total;
}

/**
 * W₁ between the empirical distributions of two sample sets (sizes may differ), exactly:
 * ∫ |F_a(t) − F_b(t)| dt over the merged sorted values (the same definition as
 * `scipy.stats.wasserstein_distance`).
 */
export function wasserstein1Samples(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const xa = sorted(a);
  const xb = sorted(b);
  if (xa.length === 0 || xb.length === 0) throw new RangeError('W1 needs samples on both sides');
  let i = 0;
  let j = 0;
  let prev = Math.min(xa[0], xb[0]);
  let total = 0;
  while (i < xa.length || j < xb.length) {
    const next = j >= xb.length || (i < xa.length && xa[i] <= xb[j]) ? xa[i] : xb[j];
    total += Math.abs(i / xa.length - j / xb.length) * (next - prev);
    while (i < xa.length && xa[i] === next) i++;
    while (j < xb.length && xb[j] === next) j++;
    prev = next;
  }
  return total;
}

/** How {@link histogramDivergences} bins the line. */
export interface Binning {
  /** Number of equal-width bins on [low, high]. Default 50. */
  bins?: number;
  /** Default F⁻¹(0.001) of the truth. */
  low?: number;
  /** Default F⁻¹(0.999) of the truth. */
  high?: number;
  /**
   * Pseudo-count added to every model cell before the KL terms (Krichevsky–Trofimov ½), so that a cell the
   * generator never visits gives a large finite KL instead of ∞. Default 0.5. JS uses raw counts.
   */
  pseudoCount?: number;
}

export interface HistogramDivergences {
  /** KL(P_true ‖ P_model) = Σ p log(p/q), in nats. Large when the model misses mass (mode dropping). */
  kl: number;
  /** KL(P_model ‖ P_true) = Σ q log(q/p), in nats. Large when the model puts mass where the truth has none. */
  reverseKl: number;
  /** JS = ½KL(P‖M) + ½KL(Q‖M), M = (P + Q)/2, in nats (≤ ln 2). */
  js: number;
  /** The binning used: `bins` equal-width cells on [low, high] plus the two tails (−∞, low) and [high, ∞). */
  bins: number;
  low: number;
  high: number;
}

/**
 * Histogram estimates of KL and JS divergence between `samples` and `truth`. Cells: `bins` equal-width
 * bins on [low, high] plus the two tails, so both distributions sum to 1 over the cells. The truth's cell
 * masses are exact (CDF differences, not density × width); the model's are sample frequencies.
 */
export function histogramDivergences(
  samples: ArrayLike<number>,
  truth: Density1D,
  binning: Binning = {},
): HistogramDivergences {
  const { bins = 50, low = truth.quantile(0.001), high = truth.quantile(0.999), pseudoCount = 0.5 } = binning;
  if (!(bins >= 1 && high > low)) throw new RangeError(`bad binning: ${bins} bins on [${low}, ${high}]`);
  const n = samples.length;
  if (n === 0) throw new RangeError('divergences need at least one sample');
  const cells = bins + 2;
  const width = (high - low) / bins;
  // Cell 0 is (−∞, low), cells 1…bins are [low + (k−1)·width, low + k·width), cell bins+1 is [high, ∞).
  const counts = new Float64Array(cells);
  for (let i = 0; i < n; i++) {
    const v = samples[i];
    const k = v < low ? 0 : v >= high ? cells - 1 : Math.min(bins, 1 + Math.floor((v - low) / width));
    counts[k]++;
  }
  const edges = Array.from({ length: bins + 1 }, (_, k) => (k === bins ? high : low + k * width));
  const cdfs = edges.map((e) => truth.cdf(e));
  const p = new Float64Array(cells);
  p[0] = cdfs[0];
  for (let k = 1; k <= bins; k++) p[k] = cdfs[k] - cdfs[k - 1];
  p[cells - 1] = 1 - cdfs[bins];
  let kl = 0;
  let reverseKl = 0;
  let js = 0;
  const smoothedTotal = n + pseudoCount * cells;
  for (let k = 0; k < cells; k++) {
    const q = counts[k] / n;
    const qs = (counts[k] + pseudoCount) / smoothedTotal;
    if (p[k] > 0) kl += p[k] * Math.log(p[k] / qs);
    if (qs > 0 && p[k] > 0) reverseKl += qs * Math.log(qs / p[k]);
    const m = (p[k] + q) / 2;
    if (p[k] > 0) js += 0.5 * p[k] * Math.log(p[k] / m);
    if (q > 0) js += 0.5 * q * Math.log(q / m);
  }
  return { kl, reverseKl, js, bins, low, high };
}
