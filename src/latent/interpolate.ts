/**
 * Paths between latent codes. Linear interpolation cuts through the low-density interior of a Gaussian
 * latent space (a midpoint of two N(0, I) codes in d dimensions has norm ≈ √(d/2), not √d); spherical
 * interpolation (White 2016, "Sampling Generative Networks") follows the great circle between the two
 * directions instead. Here the direction moves along the great circle and the norm linearly between
 * the endpoints' norms, so every point's norm lies between theirs and both endpoints are hit exactly —
 * for equal norms this is Shoemake's slerp.
 */

/** (1 − t)·a + t·b. */
export function lerp(a: Float32Array, b: Float32Array, t: number): Float32Array {
  sameWidth(a, b);
  return Float32Array.from(a, (v, i) => v + t * (b[i] - v));
}

/** The spherical path from a (t = 0) to b (t = 1); see the module comment. */
export function slerp(a: Float32Array, b: Float32Array, t: number): Float32Array {
  sameWidth(a, b);
  if (t === 0) return Float32Array.from(a);
  if (t === 1) return Float32Array.from(b);
  const na = norm(a);
  const nb = norm(b);
  if (na === 0 || nb === 0) return lerp(a, b, t);
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] / na) * (b[i] / nb);
  const omega = Math.acos(Math.min(1, Math.max(-1, dot)));
  const s = Math.sin(omega);
  // (Anti)parallel directions: the great circle is the straight line (or undefined); interpolate linearly.
  if (s < 1e-6) return lerp(a, b, t);
  const ca = Math.sin((1 - t) * omega) / s / na;
  const cb = Math.sin(t * omega) / s / nb;
  const r = (1 - t) * na + t * nb;
  return Float32Array.from(a, (v, i) => r * (ca * v + cb * b[i]));
}

/**
 * The frames of a path through `keys` (two or more codes): `steps` frames per segment, endpoints
 * included, shared endpoints once — (keys − 1)·(steps − 1) + 1 frames.
 */
export function interpolationPath(keys: Float32Array[], steps: number, spherical: boolean): Float32Array[] {
  if (keys.length < 2) throw new Error(`interpolationPath needs two or more latents, got ${keys.length}`);
  if (!Number.isInteger(steps) || steps < 2) throw new Error(`steps must be an integer >= 2, got ${steps}`);
  const step = spherical ? slerp : lerp;
  const frames: Float32Array[] = [Float32Array.from(keys[0])];
  for (let k = 1; k < keys.length; k++) {
    for (let s = 1; s < steps; s++) frames.push(step(keys[k - 1], keys[k], s / (steps - 1)));
  }
  return frames;
}

/** Euclidean norm. */
export function norm(v: Float32Array): number {
  let s = 0;
  for (const x of v) s += x * x;
  return Math.sqrt(s);
}

function sameWidth(a: Float32Array, b: Float32Array): void {
  if (a.length !== b.length) throw new Error(`latents of different widths: ${a.length} and ${b.length}`);
}
