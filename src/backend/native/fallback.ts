/**
 * Runs a kernel on a private tfjs cpu backend when the native backend has no implementation for it
 * (or not for these dtypes/attributes): inputs are copied out of native storage, the cpu kernel runs,
 * outputs are copied back. Slow but exact, and announced once per kernel so it is never silent.
 * complex64 tensors are not copied: they live on this cpu backend for good (see `NativeData.cpu`).
 */
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type { NativeBackend } from './backend.js';
import type { Inputs } from './kernels/shared.js';

type KernelResult = tf.TensorInfo | tf.TensorInfo[];
/** What tfjs passes a kernel: named inputs, some of them lists (ragged ops), or a plain list (Concat). */
type AnyInputs = Inputs | tf.TensorInfo[] | Record<string, tf.TensorInfo | tf.TensorInfo[] | undefined>;

export class CpuFallback {
  private readonly cpu = new MathBackendCPU();
  private readonly warned = new Set<string>();
  /** Kernel names that ran on the cpu fallback, with call counts (for the benchmark's report). */
  readonly calls = new Map<string, number>();

  constructor(private readonly native: NativeBackend) {}

  /** Runs kernel `name` on cpu; `why` is printed with the one-time warning. */
  run(name: string, inputs: AnyInputs, attrs: tf.NamedAttrMap, why: string): KernelResult {
    const kernel = tf.getKernel(name, 'cpu');
    if (kernel === undefined)
      throw new Error(`kernel ${name} exists on neither the native nor the cpu backend`);
    if (!this.warned.has(name)) {
      this.warned.add(name);
      console.warn(`gankit native backend: ${name} runs on the cpu fallback (${why})`);
    }
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
    const created: tf.DataId[] = [];
    const toCpu = (t: tf.TensorInfo): tf.TensorInfo => {
      const d = this.native.data.get(t.dataId);
      let dataId = d.cpu;
      if (dataId === undefined) {
        dataId = this.cpu.write(this.native.readSync(t.dataId), t.shape, t.dtype);
        created.push(dataId);
      }
      // The same object with another dataId: cpu kernels called with Tensors (gradients run kernels
      // on them) read `rank`, `size` or `strides`, which a bare TensorInfo lacks.
      return Object.assign(Object.create(Object.getPrototypeOf(t)), t, { dataId });
    };
    const mapInput = (t: tf.TensorInfo | tf.TensorInfo[] | undefined) =>
      t == null ? t : Array.isArray(t) ? t.map(toCpu) : toCpu(t);
    const cpuInputs = Array.isArray(inputs)
      ? inputs.map(toCpu)
      : Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, mapInput(t)]));
    let out: KernelResult;
    try {
      out = kernel.kernelFunc({
        inputs: cpuInputs as unknown as tf.NamedTensorInfoMap,
        attrs,
        backend: this.cpu,
      }) as KernelResult;
    } finally {
      // One reference per copied input: a cpu kernel that keeps an input (Complex keeps its parts)
      // took its own reference.
      for (const id of created) this.cpu.disposeData(id);
    }
    const outs = Array.isArray(out) ? out : [out];
    const back = outs.map((o) => this.adopt(o));
    return Array.isArray(out) ? back : back[0];
  }

  /** A native tensor for cpu output `o`: complex64 stays here (its reference moves), the rest is copied. */
  private adopt(o: tf.TensorInfo): tf.TensorInfo {
    if (o.dtype === 'complex64') {
      const dataId = {};
      this.native.data.set(dataId, { id: 0, dtype: o.dtype, shape: o.shape, refCount: 1, cpu: o.dataId });
      return { dataId, shape: o.shape, dtype: o.dtype };
    }
    const dataId = this.native.write(this.cpu.readSync(o.dataId), o.shape, o.dtype);
    this.cpu.disposeData(o.dataId);
    return { dataId, shape: o.shape, dtype: o.dtype };
  }

  /** Stores interleaved complex values (or zeros when null) on the cpu backend; returns its dataId. */
  writeComplex(values: Float32Array | null, shape: number[]): tf.DataId {
    const n = tf.util.sizeFromShape(shape);
    const parts = tf.backend_util.splitRealAndImagArrays(values ?? new Float32Array(2 * n));
    const real = this.cpu.makeTensorInfo(shape, 'float32', parts.real);
    const imag = this.cpu.makeTensorInfo(shape, 'float32', parts.imag);
    const complex = tf.getKernel(tf.Complex, 'cpu')!.kernelFunc({
      inputs: { real, imag },
      attrs: {},
      backend: this.cpu,
    }) as tf.TensorInfo;
    this.cpu.disposeData(real.dataId);
    this.cpu.disposeData(imag.dataId);
    return complex.dataId;
  }

  /** Interleaved values of a complex tensor stored here. */
  readComplex(dataId: tf.DataId): Float32Array {
    return this.cpu.readSync(dataId) as Float32Array;
  }

  /** Tensors held on the private cpu backend (complex64 values; 0 between kernels otherwise). */
  numDataIds(): number {
    return this.cpu.numDataIds();
  }

  /** Drops one reference to cpu data held by a native record. */
  release(dataId: tf.DataId): void {
    this.cpu.disposeData(dataId);
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
            inputs as AnyInputs,
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
