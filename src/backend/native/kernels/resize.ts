/**
 * ResizeBilinear (tf.image.resizeBilinear: scoring a 64×64 generator with a 28×28 classifier) as two
 * GEMMs on the addon: bilinear interpolation is separable, so out = R_h · x · R_wᵀ per image and channel,
 * with R an [out, in] matrix holding each output row's two weights (1 − f, f). In NHWC, the width pass is
 * R_w [w, iw] times x viewed as [n·ih] matrices [iw, c]; the height pass R_h [h, ih] times that result
 * viewed as [n] matrices [ih, w·c]. The source coordinates are the cpu backend's (alignCorners,
 * halfPixelCenters). Non-float32 images go to the fallback (it casts them).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NativeBackend } from '../backend.js';
import { kernel } from './shared.js';

/**
 * The [outSize, inSize] interpolation matrix of one axis, as tfjs-backend-cpu's ResizeBilinear places
 * the source of output index o: ratio·(o + ½) − ½ with half-pixel centres, else ratio·o, its lower
 * neighbour clamped to 0 and the upper to inSize − 1.
 */
export function bilinearWeights(
  inSize: number,
  outSize: number,
  alignCorners: boolean,
  halfPixelCenters: boolean,
): Float32Array {
  const aligned = alignCorners && outSize > 1;
  const ratio = (aligned ? inSize - 1 : inSize) / (aligned ? outSize - 1 : outSize);
  const r = new Float32Array(outSize * inSize);
  for (let o = 0; o < outSize; o++) {
    const src = halfPixelCenters ? ratio * (o + 0.5) - 0.5 : ratio * o;
    const lo = Math.max(0, Math.floor(src));
    const hi = Math.min(inSize - 1, Math.ceil(src));
    const f = src - lo;
    r[o * inSize + lo] += 1 - f;
    r[o * inSize + hi] += f;
  }
  return r;
}

function resizeBilinear(b: NativeBackend, inputs: Record<string, tf.TensorInfo>, attrs: tf.NamedAttrMap) {
  const images = inputs.images;
  const [h, w] = attrs.size as [number, number];
  const alignCorners = attrs.alignCorners as boolean;
  const halfPixelCenters = attrs.halfPixelCenters as boolean;
  if (images.dtype !== 'float32' || images.shape.length !== 4)
    return b.fallback.run(
      tf.ResizeBilinear,
      inputs,
      attrs,
      `${images.dtype} rank-${images.shape.length} images`,
    );
  const [n, ih, iw, c] = images.shape;
  if (ih * iw === 0 && n * h * w * c > 0)
    throw new Error(`ResizeBilinear: cannot resize empty ${ih}×${iw} images to ${h}×${w}`);
  const out = b.makeOutput([n, h, w, c], 'float32');
  if (n * h * w * c === 0) return out;
  const weights = (inSize: number, outSize: number): tf.TensorInfo => {
    const shape = [outSize, inSize];
    const values = bilinearWeights(inSize, outSize, alignCorners, halfPixelCenters);
    return { dataId: b.write(values, shape, 'float32'), shape, dtype: 'float32' };
  };
  const rw = weights(iw, w);
  const rh = weights(ih, h);
  const across = b.makeOutput([n * ih, w, c], 'float32');
  try {
    // Width: [w, iw] · [iw, c] for each of the n·ih rows; then height: [h, ih] · [ih, w·c] per image.
    b.addon.matmul(b.id(rw), b.id(images), 0, b.id(across), 1, n * ih, w, c, iw, false, false, 0);
    b.addon.matmul(b.id(rh), b.id(across), 0, b.id(out), 1, n, h, w * c, ih, false, false, 0);
  } catch (err) {
    b.disposeData(out.dataId);
    throw err;
  } finally {
    b.disposeData(rw.dataId);
    b.disposeData(rh.dataId);
    b.disposeData(across.dataId);
  }
  return out;
}

export const resizeKernels: tf.KernelConfig[] = [
  kernel(tf.ResizeBilinear, ({ inputs, attrs, backend }) => resizeBilinear(backend, inputs, attrs)),
];
