/**
 * Where the time of one training step goes, kernel by kernel: `tf.profile` around one `trainStep()`,
 * with each kernel timed by the backend's `time()` (the native backend's kernels run synchronously, so
 * that is their wall time), summed per kernel name, plus the kernels that ran on the native backend's cpu
 * fallback during the step. The benchmark prints it for rows that are meant to beat PyTorch, so a slow
 * row comes with the numbers that say which kernel to fix.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Trainer } from '../train/trainer.js';

/** One kernel's share of a profiled step. */
export interface KernelTime {
  kernel: string;
  ms: number;
  calls: number;
  /** The input shapes of the kernel's costliest call signature, and that signature's ms and calls. */
  top: { inputShapes: string; ms: number; calls: number };
}

export interface StepProfile {
  backend: string;
  /** Wall time of the profiled step (profiling adds a little to it). */
  stepMs: number;
  /** Sum of all kernel times: the rest of the step is JavaScript (tape, layers, optimizer bookkeeping). */
  kernelMs: number;
  kernelCalls: number;
  /** The `limit` costliest kernels, costliest first. */
  kernels: KernelTime[];
  /** Kernels that ran on the native backend's cpu fallback during the step, with call counts. */
  fallbacks: Record<string, number>;
}

/** The cpu fallback's per-kernel call counts, when the native backend is active. */
function fallbackCalls(): Map<string, number> | undefined {
  return (tf.backend() as unknown as { fallback?: { calls: Map<string, number> } }).fallback?.calls;
}

/** Profiles one `trainer.trainStep()` on the active backend (run warm-up steps first). */
export async function profileStep(trainer: Trainer, limit = 10): Promise<StepProfile> {
  const before = new Map(fallbackCalls() ?? []);
  // The check reads every kernel's output back asynchronously: time kernels, not that.
  const check = tf.env().getBool('CHECK_COMPUTATION_FOR_ERRORS');
  tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', false);
  let stepMs = 0;
  let info: Awaited<ReturnType<typeof tf.profile>>;
  try {
    info = await tf.profile(() => {
      const t = performance.now();
      trainer.trainStep();
      stepMs = performance.now() - t;
    });
  } finally {
    tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', check);
  }
  type Calls = { ms: number; calls: number };
  const byName = new Map<string, Calls & { sites: Map<string, Calls> }>();
  let kernelMs = 0;
  let kernelCalls = 0;
  const backend = tf.getBackend();
  for (const k of info.kernels) {
    // Ops with a custom gradient (the fused convolutions) are recorded as an entry of their own around
    // the kernel they run: count registered kernels only, each once.
    if (tf.getKernel(k.name, backend) === undefined) continue;
    kernelCalls++;
    const ms = k.kernelTimeMs as number;
    kernelMs += ms;
    const entry = byName.get(k.name) ?? { ms: 0, calls: 0, sites: new Map() };
    entry.ms += ms;
    entry.calls++;
    const shapes = k.inputShapes.map((s: number[] | undefined) => `[${s?.join(',') ?? ''}]`).join(' ');
    const site = entry.sites.get(shapes) ?? { ms: 0, calls: 0 };
    site.ms += ms;
    site.calls++;
    entry.sites.set(shapes, site);
    byName.set(k.name, entry);
  }
  const kernels = [...byName]
    .map(([kernel, e]) => {
      const [inputShapes, site] = [...e.sites].reduce((a, b) => (b[1].ms > a[1].ms ? b : a));
      return { kernel, ms: e.ms, calls: e.calls, top: { inputShapes, ...site } };
    })
    .sort((a, b) => b.ms - a.ms)
    .slice(0, limit);
  const fallbacks: Record<string, number> = {};
  for (const [name, n] of fallbackCalls() ?? []) {
    const during = n - (before.get(name) ?? 0);
    if (during > 0) fallbacks[name] = during;
  }
  return { backend, stepMs, kernelMs, kernelCalls, kernels, fallbacks };
}

/** The profile as indented lines under a benchmark row. */
export function formatProfile(p: StepProfile, indent: string): string[] {
  const share = (ms: number) => `${((100 * ms) / p.kernelMs).toFixed(1)}%`;
  const fallbacks = Object.entries(p.fallbacks);
  return [
    `${indent}profile of one ${p.backend} step: ${p.stepMs.toFixed(0)} ms, ${p.kernelMs.toFixed(0)} ms in ` +
      `${p.kernelCalls} kernel calls (${(p.stepMs - p.kernelMs).toFixed(0)} ms outside kernels); ` +
      `cpu fallback: ${fallbacks.length ? fallbacks.map(([k, n]) => `${k} ×${n}`).join(', ') : 'none'}`,
    ...p.kernels.map(
      (k) =>
        `${indent}  ${k.kernel.padEnd(28)}${k.ms.toFixed(1).padStart(9)} ms ${share(k.ms).padStart(6)} ` +
        `×${String(k.calls).padEnd(5)} costliest: ${k.top.inputShapes} ×${k.top.calls} ${k.top.ms.toFixed(1)} ms`,
    ),
  ];
}
