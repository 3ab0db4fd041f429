/**
 * The two paths FID/KID's linear algebra can take (src/metrics/linalg/dispatch.ts), for tests that
 * must pass on both: the native OpenBLAS addon (skipped, with the reason printed once, when it is not
 * built) and the JavaScript fallback.
 */
import { test } from 'node:test';
import { setMetricLinalg } from '../../src/metrics/linalg/dispatch.js';
import { type LinalgAddon, loadLinalgAddon } from '../../src/metrics/linalg/nativeAddon.js';

const loaded = loadLinalgAddon();

/** The addon, when it is built. */
export const linalgAddon: LinalgAddon | undefined = 'addon' in loaded ? loaded.addon : undefined;

/** Why native-path tests are skipped, or undefined when they run. */
export const nativeSkip = 'reason' in loaded ? loaded.reason : undefined;
if (nativeSkip) console.log(`# skipping native linear-algebra tests: ${nativeSkip}`);

export const LINALG_PATHS = [
  { path: 'native', skip: nativeSkip },
  { path: 'js', skip: undefined },
] as const;

/** Runs `f` with FID/KID forced onto one path, then restores the default choice. */
export function onPath<T>(path: 'native' | 'js', f: () => T): T {
  setMetricLinalg(path);
  try {
    return f();
  } finally {
    setMetricLinalg();
  }
}

/** Declares a test once per path, named with the path, skipped where the path is unavailable. */
export function pathTest(name: string, body: () => void): void {
  for (const { path, skip } of LINALG_PATHS) test(`${name} (${path})`, { skip }, () => onPath(path, body));
}
