/**
 * How each backend is loaded. A loader registers its tfjs backend and reports whether it can run;
 * it never throws for an expected absence (e.g. the native addon was not built).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { registerWasmKernels } from './wasm/index.js';

export type BackendName = 'native' | 'wasm' | 'cpu';

export type LoadResult = { ok: true } | { ok: false; reason: string };

const require = createRequire(import.meta.url);

async function loadCpu(): Promise<LoadResult> {
  await import('@tensorflow/tfjs-backend-cpu');
  return { ok: true };
}

async function loadWasm(): Promise<LoadResult> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // In Node the .wasm files sit beside the package's main file; tell the loader where.
  const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  wasm.setWasmPaths(`${dir}${path.sep}`);
  // The package lacks kernels that training needs (Conv2DBackpropFilter); add ours before first use.
  registerWasmKernels();
  return { ok: true };
}

async function loadNative(): Promise<LoadResult> {
  const { loadAddon } = await import('./native/addon.js');
  const loaded = loadAddon();
  if (!('addon' in loaded)) return { ok: false, reason: loaded.reason };
  const { registerNativeBackend } = await import('./native/register.js');
  registerNativeBackend(loaded.addon);
  return { ok: true };
}

export const backendLoaders: Record<BackendName, () => Promise<LoadResult>> = {
  native: loadNative,
  wasm: loadWasm,
  cpu: loadCpu,
};
