/**
 * The `native` tfjs backend: tensor data lives in the addon's storage (see native/src/store.cc), so
 * JavaScript holds only small records and the GC has nothing large to trace. Several tfjs dataIds
 * never share a native buffer; instead Identity/Reshape return the same dataId with its reference
 * count raised, as tfjs's cpu backend does, so they cost no copy.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from './addon.js';
import { CpuFallback } from './fallback.js';

/**
 * Per-dataId record: the native buffer id (0 for strings and complex64, which stay in JS). A complex64
 * tensor lives on the private cpu backend of the fallback (`cpu` is its dataId there, one reference owned
 * by this record): every kernel that sees one runs there, as tfjs's cpu backend stores complex values
 * as a pair of float32 tensors that its complex kernels read directly.
 */
export interface NativeData {
  id: number;
  dtype: tf.DataType;
  shape: number[];
  refCount: number;
  strings?: Uint8Array[];
  cpu?: tf.DataId;
}

/** Dtype codes shared with the C++ kernels. */
export const DTYPE_CODE: Partial<Record<tf.DataType, number>> = { float32: 0, int32: 1, bool: 2 };

/** Bytes per element of a numeric dtype stored natively. */
export function elemBytes(dtype: tf.DataType): number {
  return dtype === 'bool' ? 1 : 4;
}

const ARRAY_TYPE = { float32: Float32Array, int32: Int32Array, bool: Uint8Array } as const;

function typedArrayFor(dtype: tf.DataType, n: number): Float32Array | Int32Array | Uint8Array {
  return new ARRAY_TYPE[dtype as keyof typeof ARRAY_TYPE](n);
}

export class NativeBackend extends tf.KernelBackend {
  readonly data: tf.DataStorage<NativeData>;
  /** Runs kernels the addon lacks on a private cpu backend (one warning per kernel). */
  readonly fallback: CpuFallback;
  /** Native buffers owned by this backend, freed by {@link dispose}. */
  private readonly live = new Set<number>();

  constructor(readonly addon: NativeAddon) {
    super();
    this.data = new tf.DataStorage(this, tf.engine());
    this.fallback = new CpuFallback(this);
  }

  override write(
    values: tf.backend_util.BackendValues | null,
    shape: number[],
    dtype: tf.DataType,
  ): tf.DataId {
    const dataId = {};
    this.move(dataId, values, shape, dtype, 1);
    return dataId;
  }

  override move(
    dataId: tf.DataId,
    values: tf.backend_util.BackendValues | null,
    shape: number[],
    dtype: tf.DataType,
    refCount: number,
  ): void {
    if (dtype === 'string') {
      this.data.set(dataId, { id: 0, dtype, shape, refCount, strings: (values ?? []) as Uint8Array[] });
      return;
    }
    if (dtype === 'complex64') {
      // Interleaved [re, im, …] values arrive when tfjs moves a complex tensor from another backend.
      const cpu = this.fallback.writeComplex(values as Float32Array | null, shape);
      this.data.set(dataId, { id: 0, dtype, shape, refCount, cpu });
      return;
    }
    if (DTYPE_CODE[dtype] === undefined) throw new Error(`native backend: dtype ${dtype} is not supported`);
    const id = this.allocBuffer(tf.util.sizeFromShape(shape), dtype);
    if (values != null) {
      const typed = typedArrayFor(dtype, 0).constructor === values.constructor ? values : null;
      this.addon.write(
        id,
        (typed ?? tf.util.toTypedArray(values as unknown as number[], dtype)) as ArrayBufferView,
      );
    }
    this.data.set(dataId, { id, dtype, shape, refCount });
  }

  /** A fresh uninitialised output tensor of `shape` (kernels fill it). */
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo {
    const dataId = {};
    const id = this.allocBuffer(tf.util.sizeFromShape(shape), dtype);
    this.data.set(dataId, { id, dtype, shape, refCount: 1 });
    return { dataId, shape, dtype };
  }

  /** The native buffer id behind a tensor. */
  id(t: tf.TensorInfo): number {
    return this.data.get(t.dataId).id;
  }

  private allocBuffer(n: number, dtype: tf.DataType): number {
    const id = this.addon.alloc(n * elemBytes(dtype));
    this.live.add(id);
    return id;
  }

  override readSync(dataId: tf.DataId): tf.backend_util.BackendValues {
    const d = this.data.get(dataId);
    if (d.dtype === 'string') return d.strings!;
    if (d.cpu !== undefined) return this.fallback.readComplex(d.cpu);
    const out = typedArrayFor(d.dtype, tf.util.sizeFromShape(d.shape));
    if (out.length > 0) this.addon.read(d.id, out);
    return out;
  }

  override async read(dataId: tf.DataId): Promise<tf.backend_util.BackendValues> {
    return this.readSync(dataId);
  }

  override disposeData(dataId: tf.DataId, force = false): boolean {
    if (!this.data.has(dataId)) return true;
    const d = this.data.get(dataId);
    if (!force && d.refCount > 1) {
      d.refCount--;
      return false;
    }
    if (d.id !== 0) {
      this.addon.free(d.id);
      this.live.delete(d.id);
    }
    if (d.cpu !== undefined) this.fallback.release(d.cpu);
    this.data.delete(dataId);
    return true;
  }

  override refCount(dataId: tf.DataId): number {
    return this.data.has(dataId) ? this.data.get(dataId).refCount : 0;
  }

  override incRef(dataId: tf.DataId): void {
    this.data.get(dataId).refCount++;
  }

  override numDataIds(): number {
    return this.data.numDataIds();
  }

  override memory(): { unreliable: boolean; reasons?: string[] } {
    return { unreliable: false };
  }

  override timerAvailable(): boolean {
    return true;
  }

  override async time(f: () => void): Promise<tf.BackendTimingInfo> {
    const start = performance.now();
    f();
    return { kernelMs: performance.now() - start };
  }

  override floatPrecision(): 32 {
    return 32;
  }

  override dispose(): void {
    for (const id of this.live) this.addon.free(id);
    this.live.clear();
    this.fallback.dispose();
  }
}
