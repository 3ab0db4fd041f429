/**
 * The tfjs backend a page runs on: `?backend=webgpu|webgl|wasm|cpu` when asked, else the first of
 * {@link DEFAULT_ORDER} that initialises. wasm comes first because the toy networks are tiny: a step is
 * hundreds of small kernels, each a few microseconds on wasm, while webgl pays a draw call per kernel
 * and a GPU→CPU read each time the trainer reads a loss (measured by bench/playground.mjs; on this
 * machine webgl runs on SwiftShader, a CPU emulation of a GPU). No gankit code here: the image page
 * uses it with plain tfjs; the playground registers gankit's extra wasm kernels itself.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

export const BACKENDS = ['wasm', 'webgl', 'webgpu', 'cpu'] as const;
export type PageBackend = (typeof BACKENDS)[number];
const DEFAULT_ORDER: readonly PageBackend[] = BACKENDS;

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

/** The backend named in the page's `?backend=` query, if it is one. */
export function requestedBackend(): PageBackend | undefined {
  const b = new URLSearchParams(location.search).get('backend');
  return (BACKENDS as readonly string[]).includes(b ?? '') ? (b as PageBackend) : undefined;
}

/** Switches tfjs to `wanted` (or the first that works); resolves to the backend in use. */
export async function startBackend(wanted = requestedBackend()): Promise<string> {
  for (const name of wanted ? [wanted, ...DEFAULT_ORDER] : DEFAULT_ORDER) {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return tf.getBackend();
      }
    } catch {
      // Not offered by this browser (no WebGPU adapter, no WebGL context…): try the next one.
    }
  }
  throw new Error('no tfjs backend could start');
}
