/**
 * Registers the `native` backend: its kernels, then a cpu-forwarding kernel for every other kernel name
 * tfjs's cpu backend knows, so a missing kernel is slow (and announced) rather than an error.
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from './addon.js';
import { NativeBackend } from './backend.js';
import { CpuFallback } from './fallback.js';
import { nativeKernels } from './kernels/index.js';

/** Registers the backend once; later calls are no-ops. */
export function registerNativeBackend(addon: NativeAddon): void {
  if (tf.findBackendFactory('native') !== null) return;
  for (const k of nativeKernels) tf.registerKernel(k);
  CpuFallback.forwardMissing('native');
  tf.registerBackend('native', () => new NativeBackend(addon), 3);
}
