/**
 * Factor-2 resampling of NHWC images as ProGAN and StyleGAN use it: nearest-neighbour upsampling
 * (`upscale2d`: every pixel becomes a 2×2 block) and 2×2 box downsampling (`downscale2d`: the mean of
 * each block). The upsampling is written as a broadcast multiply ([N, H, 1, W, 1, C] · ones
 * [1, 1, 2, 1, 2, 1]) rather than `resizeNearestNeighbor`, so that its forward and its gradient (a sum
 * over each block) are kernels every gankit backend runs natively.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from './layer-args.js';

/** [N, H, W, C] → [N, 2H, 2W, C], each pixel repeated over a 2×2 block. */
export function upsample2x(x: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  return tf.tidy(() => {
    const blocks = tf.mul(tf.reshape(x, [n, h, 1, w, 1, c]), tf.ones([1, 1, 2, 1, 2, 1]));
    return tf.reshape(blocks, [n, 2 * h, 2 * w, c]);
  });
}

/** [N, H, W, C] → [N, H/2, W/2, C], the mean of each 2×2 block (H and W must be even). */
export function downsample2x(x: tf.Tensor4D): tf.Tensor4D {
  const [, h, w] = x.shape;
  if (h % 2 !== 0 || w % 2 !== 0)
    throw new Error(`downsample2x needs an even height and width, got ${h}×${w}`);
  return tf.avgPool(x, 2, 2, 'valid');
}

/** The layer form of {@link upsample2x}. */
export class Upsample2x extends tfl.layers.Layer {
  static readonly className = 'Upsample2x';

  constructor(args: LayerArgs = {}) {
    super(args);
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [n, h, w, c] = inputShape as tfl.Shape;
    return [n, h === null ? null : 2 * h, w === null ? null : 2 * w, c];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return upsample2x((Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D);
  }
}
tf.serialization.registerClass(Upsample2x);

/** The layer form of {@link downsample2x}. */
export class Downsample2x extends tfl.layers.Layer {
  static readonly className = 'Downsample2x';

  constructor(args: LayerArgs = {}) {
    super(args);
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [n, h, w, c] = inputShape as tfl.Shape;
    return [n, h === null ? null : h / 2, w === null ? null : w / 2, c];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return downsample2x((Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D);
  }
}
tf.serialization.registerClass(Downsample2x);
