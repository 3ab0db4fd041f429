/**
 * The optional float64 linear-algebra addon (native/linalg/build/Release/gankit_linalg.node, OpenBLAS
 * BLAS + LAPACK behind N-API) and its typed surface. It is built separately from the oneDNN backend
 * addon (scripts/build-native.mjs), so either works without the other.
 */
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Functions exported by native/linalg/src/addon.cc. */
export interface LinalgAddon {
  /** Mean and unbiased covariance of the n×d row-major `x`, widened to float64 in C++. */
  covariance(x: Float32Array | Float64Array, n: number, d: number): { mean: Float64Array; cov: Float64Array };
  /** tr √(Σ₁Σ₂) of two d×d symmetric PSD matrices, and the numerical rank of Σ₁. */
  traceSqrtProduct(s1: Float64Array, s2: Float64Array, d: number): { trace: number; rank: number };
  /** KID's three cubic-kernel sums of two m×d row sets: [Σ_{i≠j} k(x,x), Σ_{i≠j} k(y,y), Σ k(x,y)]. */
  polynomialKernelSums(x: Float64Array, y: Float64Array, m: number, d: number): [number, number, number];
  /** The OpenBLAS build (`openblas_get_config`), its kernel set and thread count. */
  info(): { config: string; core: string; threads: number };
  setThreads(n: number): void;
}

/** Where `npm install` leaves the addon, from dist/src/metrics/linalg/. */
export const LINALG_ADDON_PATH = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../native/linalg/build/Release/gankit_linalg.node',
);

/** Loads the addon, or returns why it cannot be loaded (never throws). */
export function loadLinalgAddon(): { addon: LinalgAddon } | { reason: string } {
  let addon: LinalgAddon;
  try {
    addon = createRequire(import.meta.url)(LINALG_ADDON_PATH) as LinalgAddon;
  } catch (err) {
    const msg = (err as Error).message.split('\n')[0];
    return {
      reason: `linalg addon not loadable (${msg}); install libopenblas-dev and run 'npm rebuild gankit'`,
    };
  }
  // The same thread cap as the JS worker pool (parallel.ts), so GANKIT_THREADS=1 means one thread on
  // both paths; otherwise OpenBLAS's own default (OPENBLAS_NUM_THREADS, else every core) stands.
  const env = Number(process.env.GANKIT_THREADS);
  if (Number.isInteger(env) && env >= 1) addon.setThreads(Math.min(env, availableParallelism()));
  return { addon };
}
