/**
 * Tensors as plain typed arrays (what checkpoints store), kept apart from checkpoint.ts's file I/O so
 * that the trainer and the weight helpers stay free of Node modules and run in a browser too
 * (src/browser.ts).
 */
import * as tf from '@tensorflow/tfjs-core';

/** One stored tensor. */
export interface StoredTensor {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  values: Float32Array | Int32Array;
}

/** Reads the values of named tensors (the caller keeps ownership of the tensors). */
export function storeTensors(named: { name: string; tensor: tf.Tensor }[]): StoredTensor[] {
  return named.map(({ name, tensor }) => {
    const dtype = tensor.dtype === 'int32' ? 'int32' : 'float32';
    const data = tensor.dataSync();
    return {
      name,
      shape: tensor.shape,
      dtype,
      values: dtype === 'int32' ? Int32Array.from(data) : Float32Array.from(data),
    };
  });
}

/** Creates tensors from stored values (the caller owns and disposes them). */
export function restoreTensors(stored: StoredTensor[]): tf.Tensor[] {
  return stored.map((s) => tf.tensor(s.values, s.shape, s.dtype));
}

/** `group/name` of the first float tensor holding a NaN or ±Inf, or `undefined` when all are finite. */
export function firstNonFinite(groups: Record<string, StoredTensor[]>): string | undefined {
  for (const [group, tensors] of Object.entries(groups))
    for (const t of tensors)
      if (t.dtype === 'float32' && !t.values.every(Number.isFinite)) return `${group}/${t.name}`;
  return undefined;
}
