/**
 * The standard normal distribution to double precision: density φ, CDF Φ, quantile Φ⁻¹ and the integral
 * of the CDF. The exact toy metrics integrate against these, so their error must be far below the
 * sampling error they are compared with (≈ 1/√n); float32-grade approximations (e.g. Abramowitz–Stegun
 * 7.1.26, error 1.5e-7) would do, but these are as cheap and accurate to ≈ 1e-15.
 */

const INV_SQRT_2PI = 0.3989422804014327;
const SQRT_PI = Math.sqrt(Math.PI);

/** φ(z) = e^(−z²/2)/√(2π). */
export function normalPdf(z: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
}

/**
 * erfc(x) for x ≥ 0. Below 3: erf from the positive series erf(x) = (2/√π)·e^(−x²)·Σ 2ⁿx^(2n+1)/(2n+1)!!
 * (all terms positive, so no cancellation). From 3 on: Lentz's continued fraction
 * erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), which converges in a few dozen terms there.
 */
function erfcNonNegative(x: number): number {
  if (x < 3) {
    let term = x;
    let sum = x;
    for (let n = 1; n < 200 && term > sum * 1e-17; n++) {
      term *= (2 * x * x) / (2 * n + 1);
      sum += term;
    }
    return 1 - (2 / SQRT_PI) * Math.exp(-x * x) * sum;
  }
  // Continued fraction K = x + a₁/(x + a₂/(x + …)), aₖ = k/2, evaluated by the modified Lentz method.
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / SQRT_PI / f;
}

/** Φ(z) = ½·erfc(−z/√2), accurate in both tails. */
export function normalCdf(z: number): number {
  const x = z / Math.SQRT2;
  return x >= 0 ? 1 - 0.5 * erfcNonNegative(x) : 0.5 * erfcNonNegative(-x);
}

// Acklam's rational approximation of Φ⁻¹ (relative error 1.15e-9), refined by one Halley step below.
const A = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
  2.506628277459239,
];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

function acklam(p: number): number {
  if (p < P_LOW || p > 1 - P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p < P_LOW ? p : 1 - p));
    const x =
      (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    return p < P_LOW ? x : -x;
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
    (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1)
  );
}

/** Φ⁻¹(p) for p in (0, 1); ±∞ at 0 and 1. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`probability must be in [0, 1], got ${p}`);
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const x = acklam(p);
  // Halley's step on Φ(x) − p = 0: with e = Φ(x) − p and u = e/φ(x), x ← x − u/(1 + x·u/2).
  const e = normalCdf(x) - p;
  const u = e / normalPdf(x);
  return x - u / (1 + (x * u) / 2);
}

/** ∫_{−∞}^{z} Φ(t) dt = z·Φ(z) + φ(z) (its derivative is Φ(z) + zφ(z) − zφ(z) = Φ(z)). */
export function normalIntegratedCdf(z: number): number {
  return z * normalCdf(z) + normalPdf(z);
}
