/**
 * Runs a kernel on a private tfjs cpu backend when the native backend has no implementation for it
 * (or not for these dtypes/attributes): inputs are copied out of native storage, the cpu kernel runs,
 * outputs are copied back. Slow but exact, and announced once per kernel so it is never silent.
 */
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type { NativeBackend } from './backend.js';
import type { Inputs } from './kernels/shared.js';

type KernelResult = tf.TensorInfo | tf.TensorInfo[];

export class CpuFallback {
  private readonly cpu = new MathBackendCPU();
  private readonly warned = new Set<string>();
  /** Kernel names that ran on the cpu fallback, with call counts (for the benchmark's report). */
  readonly calls = new Map<string, number>();

  constructor(private readonly native: NativeBackend) {}

  /** Runs kernel `name` on cpu; `why` is printed with the one-time warning. */
  run(name: string, inputs: Inputs | tf.TensorInfo[], attrs: tf.NamedAttrMap, why: string): KernelResult {
    const kernel = tf.getKernel(name, 'cpu');
    if (kernel === undefined)
      throw new Error(`kernel ${name} exists on neither the native nor the cpu backend`);
    if (!this.warned.has(name)) {
      this.warned.add(name);
      console.warn(`gankit native backend: ${name} runs on the cpu fallback (${why})`);
    }
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
    const created: tf.DataId[] = [];
    const toCpu = (t: tf.TensorInfo | undefined): tf.TensorInfo | undefined => {
      if (t == null) return t;
      const dataId = this.cpu.write(this.native.readSync(t.dataId), t.shape, t.dtype);
      created.push(dataId);
      return { dataId, shape: t.shape, dtype: t.dtype };
    };
    const cpuInputs = Array.isArray(inputs)
      ? inputs.map((t) => toCpu(t)!)
      : Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, toCpu(t)]));
    const out = kernel.kernelFunc({
      inputs: cpuInputs as tf.NamedTensorInfoMap,
      attrs,
      backend: this.cpu,
    }) as KernelResult;
    const outs = Array.isArray(out) ? out : [out];
    const back = outs.map((o) => ({
      dataId: this.native.write(this.cpu.readSync(o.dataId), o.shape, o.dtype),
      shape: o.shape,
      dtype: o.dtype,
    }));
    for (const id of new Set([...created, ...outs.map((o) => o.dataId)])) this.cpu.disposeData(id, true);
    return Array.isArray(out) ? back : back[0];
  }

  /** Registers a forwarding kernel on `backendName` for every cpu kernel that has none there. */
  static forwardMissing(backendName: string): void {
    for (const k of tf.getKernelsForBackend('cpu')) {
      if (tf.getKernel(k.kernelName, backendName) !== undefined) continue;
      tf.registerKernel({
        kernelName: k.kernelName,
        backendName,
        kernelFunc: ({ inputs, attrs, backend }) =>
          (backend as NativeBackend).fallback.run(
            k.kernelName,
            inputs as Inputs | tf.TensorInfo[],
            attrs ?? {},
            'no native implementation',
          ),
      });
    }
  }

  dispose(): void {
    this.cpu.dispose();
  }
}
