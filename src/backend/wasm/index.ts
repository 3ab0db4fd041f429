/**
 * gankit's kernels for `@tensorflow/tfjs-backend-wasm`: the gradient kernels GAN training needs that
 * the package lacks, faster replacements for built-in kernels that are too slow to train with, and the
 * fused Adam update the native backend has too.
 * Registration is idempotent and works before or after the backend starts: tfjs looks kernels up at
 * every call. In Node `loadWasm` registers them; a browser bundle calls `registerWasmKernels()` after
 * importing `@tensorflow/tfjs-backend-wasm` (nothing here touches Node APIs).
 */
import { type KernelConfig, getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { adamConfig } from './adam.js';
import { batchMatMulConfig } from './batch-mat-mul.js';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { conv2DBackpropInputConfig } from './conv2d-backprop-input.js';
import { conv2DConfig, fusedConv2DConfig } from './conv2d-same-padding.js';
import { depthwiseConv2dNativeBackpropFilterConfig } from './depthwise-conv2d-backprop-filter.js';
import { depthwiseConv2dNativeBackpropInputConfig } from './depthwise-conv2d-backprop-input.js';
import { identityConfig } from './identity.js';
import { builtinWasmKernels } from './kernel-utils.js';
import { oneHotConfig } from './one-hot.js';
import { tileConfig } from './tile.js';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum.js';

/** Every kernel gankit registers for `wasm`. */
export const WASM_KERNEL_CONFIGS: readonly KernelConfig[] = [
  conv2DBackpropFilterConfig,
  conv2DBackpropInputConfig,
  unsortedSegmentSumConfig,
  depthwiseConv2dNativeBackpropInputConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
  batchMatMulConfig,
  tileConfig,
  identityConfig,
  conv2DConfig,
  fusedConv2DConfig,
  adamConfig,
  oneHotConfig,
];

/** Names of the kernels gankit registers for `wasm` (missing from, or replacing, the package's). */
export const GANKIT_WASM_KERNELS: readonly string[] = WASM_KERNEL_CONFIGS.map((c) => c.kernelName);

/** Registers gankit's wasm kernels, replacing any built-in kernel of the same name. */
export function registerWasmKernels(): void {
  for (const config of WASM_KERNEL_CONFIGS) {
    const current = getKernel(config.kernelName, 'wasm');
    if (current?.kernelFunc === config.kernelFunc) continue;
    if (current != null) {
      // Kept so that replacements can delegate the cases they do not speed up.
      if (!builtinWasmKernels.has(config.kernelName)) builtinWasmKernels.set(config.kernelName, current);
      // tfjs warns when a name is registered twice; replacing a built-in kernel is deliberate here.
      unregisterKernel(config.kernelName, 'wasm');
    }
    // tfjs runs the setupFunc of the kernels registered when a backend starts, and the package's kernels
    // bind their wasm functions there: a replaced kernel's setup must still run for us to delegate to it.
    const builtinSetup = builtinWasmKernels.get(config.kernelName)?.setupFunc;
    registerKernel(builtinSetup ? { ...config, setupFunc: builtinSetup } : config);
  }
}
