/**
 * gankit's kernels for `@tensorflow/tfjs-backend-wasm`: the gradient kernels GAN training needs that
 * the package lacks, and faster replacements for built-in kernels that are too slow to train with.
 * Registration is idempotent and needs no initialised backend: tfjs looks kernels up at every call.
 */
import { type KernelConfig, getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { conv2DBackpropInputConfig } from './conv2d-backprop-input.js';

/** Every kernel gankit registers for `wasm`. */
export const WASM_KERNEL_CONFIGS: readonly KernelConfig[] = [
  conv2DBackpropFilterConfig,
  conv2DBackpropInputConfig,
];

/** Names of the kernels gankit registers for `wasm` (missing from, or replacing, the package's). */
export const GANKIT_WASM_KERNELS: readonly string[] = WASM_KERNEL_CONFIGS.map((c) => c.kernelName);

/** Registers gankit's wasm kernels, replacing any built-in kernel of the same name. */
export function registerWasmKernels(): void {
  for (const config of WASM_KERNEL_CONFIGS) {
    const current = getKernel(config.kernelName, 'wasm');
    if (current?.kernelFunc === config.kernelFunc) continue;
    // tfjs warns when a name is registered twice; replacing a built-in kernel is deliberate here.
    if (current != null) unregisterKernel(config.kernelName, 'wasm');
    registerKernel(config);
  }
}
