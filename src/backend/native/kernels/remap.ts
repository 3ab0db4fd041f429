/**
 * Reverse and MirrorPad: copies whose every output index reads one input index per axis, so both are
 * the addon's `remap` gather given an index map per axis (native/src/layout.cc). CycleGAN's reflection
 * padding is MirrorPad forward and Reverse (plus Slice, PadV2, Add) in its custom gradient.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NativeBackend } from '../backend.js';
import { DTYPE_CODE, elemBytes } from '../backend.js';
import { kernel } from './shared.js';

/** Runs the remap of `x` to `outShape` with `maps[d][i]` the source index of output index i on axis d. */
function remap(b: NativeBackend, x: tf.TensorInfo, outShape: number[], maps: number[][]): tf.TensorInfo {
  const out = b.makeOutput(outShape, x.dtype);
  if (tf.util.sizeFromShape(outShape) > 0) {
    b.addon.remap(b.id(x), b.id(out), x.shape, outShape, maps.flat(), elemBytes(x.dtype));
  }
  return out;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * Source indices of one mirror-padded axis of length n: reflect excludes the edge (… 2 1 | 0 1 2 …),
 * symmetric repeats it (… 1 0 | 0 1 2 …).
 * @throws RangeError when a padding exceeds what the mode can mirror (n − 1 for reflect, n for symmetric).
 */
export function mirrorIndices(
  n: number,
  before: number,
  after: number,
  mode: 'reflect' | 'symmetric',
): number[] {
  const shift = mode === 'reflect' ? 0 : 1;
  const limit = n - 1 + shift;
  if (!Number.isInteger(before) || !Number.isInteger(after) || before < 0 || after < 0) {
    throw new RangeError(`MirrorPad: paddings must be non-negative integers, got [${before}, ${after}]`);
  }
  // An unpadded axis is valid whatever its length (reflecting an empty or single-element axis is not).
  if ((before > 0 || after > 0) && (before > limit || after > limit)) {
    throw new RangeError(
      `MirrorPad: ${mode} padding of an axis of ${n} is at most ${limit}, got [${before}, ${after}]`,
    );
  }
  return range(before + n + after).map((i) => {
    const j = i - before;
    if (j < 0) return -j - shift;
    if (j >= n) return 2 * n - 2 - j + shift;
    return j;
  });
}

export const remapKernels: tf.KernelConfig[] = [
  kernel(tf.Reverse, ({ inputs, attrs, backend: b }) => {
    const x = inputs.x;
    if (DTYPE_CODE[x.dtype] === undefined)
      return b.fallback.run(tf.Reverse, inputs, attrs, `dtype ${x.dtype}`);
    const axes = tf.util.parseAxisParam(attrs.dims as number | number[], x.shape);
    const maps = x.shape.map((n, d) => (axes.includes(d) ? range(n).reverse() : range(n)));
    return remap(b, x, x.shape, maps);
  }),
  kernel(tf.MirrorPad, ({ inputs, attrs, backend: b }) => {
    const x = inputs.x;
    if (DTYPE_CODE[x.dtype] === undefined)
      return b.fallback.run(tf.MirrorPad, inputs, attrs, `dtype ${x.dtype}`);
    const paddings = attrs.paddings as [number, number][];
    const mode = attrs.mode as 'reflect' | 'symmetric';
    if (mode !== 'reflect' && mode !== 'symmetric') throw new Error(`MirrorPad: unknown mode '${mode}'`);
    if (paddings.length !== x.shape.length) {
      throw new Error(`MirrorPad: ${paddings.length} paddings for a tensor of rank ${x.shape.length}`);
    }
    const maps = x.shape.map((n, d) => mirrorIndices(n, paddings[d][0], paddings[d][1], mode));
    return remap(
      b,
      x,
      maps.map((m) => m.length),
      maps,
    );
  }),
];
