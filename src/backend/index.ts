/**
 * Backend selection: `--backend native|wasm|cpu`, default the fastest that initialises
 * (docs/architecture.md "Engine"). The chosen backend is reported by the caller at start.
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's Node entry registers no op gradients; tfjs-layers' bundle registers all of them.
import '@tensorflow/tfjs-layers';
import { UsageError } from '../util/errors.js';
import { type BackendName, backendLoaders } from './loaders.js';

export type { BackendName } from './loaders.js';

/** Backends in order of preference for `auto`. */
export const BACKEND_NAMES: readonly BackendName[] = ['native', 'wasm', 'cpu'];

/** Why each backend that was tried did not initialise (for the one-time report). */
export const backendFailures = new Map<BackendName, string>();

async function tryBackend(name: BackendName): Promise<boolean> {
  if (tf.getBackend() === name) return true;
  try {
    const loaded = await backendLoaders[name]();
    if (!loaded.ok) {
      backendFailures.set(name, loaded.reason);
      return false;
    }
    return await tf.setBackend(name);
  } catch (err) {
    backendFailures.set(name, (err as Error).message);
    return false;
  }
}

/**
 * Initialises and activates a backend.
 * @param requested a backend name, or `auto` for the fastest that initialises.
 * @returns the name of the active backend.
 * @throws UsageError when a named backend cannot start (the message says why).
 */
export async function initBackend(requested: BackendName | 'auto' = 'auto'): Promise<BackendName> {
  // PROD silences tfjs's console advice (e.g. "install tfjs-node", which cannot install here).
  tf.env().set('PROD', true);
  if (requested !== 'auto') {
    if (!BACKEND_NAMES.includes(requested)) {
      throw new UsageError(
        `unknown backend '${requested}'; choose one of: auto, ${BACKEND_NAMES.join(', ')}`,
      );
    }
    if (!(await tryBackend(requested))) {
      throw new UsageError(
        `backend '${requested}' could not start: ${backendFailures.get(requested) ?? 'unknown reason'}. ` +
          'Use --backend auto to fall back to the fastest one that works.',
      );
    }
    return requested;
  }
  for (const name of BACKEND_NAMES) {
    if (await tryBackend(name)) return name;
  }
  throw new UsageError('no tfjs backend could start; reinstall gankit with `npm ci`');
}

/** One line describing the active backend and, for `auto`, what was skipped and why. */
export function describeBackend(active: BackendName): string {
  const skipped = [...backendFailures.entries()]
    .filter(([n]) => BACKEND_NAMES.indexOf(n) < BACKEND_NAMES.indexOf(active))
    .map(([n, why]) => `${n} unavailable: ${why}`);
  return `backend: ${active}${skipped.length ? ` (${skipped.join('; ')})` : ''}`;
}

/**
 * Returns memory the C allocator holds after frees to the system, when the native addon is loaded
 * (glibc's malloc_trim; see native/src/store.cc): called after each checkpoint, whose tens of MB of
 * buffers would otherwise stay in the process for good and step a long run's RSS up. True when any was.
 */
export function releaseFreedMemory(): boolean {
  const native = tf.findBackend('native') as unknown as { addon?: { trim?: () => boolean } } | null;
  return native?.addon?.trim?.() ?? false;
}
