/**
 * Reflection padding of H and W, as torch.nn.ReflectionPad2d (CycleGAN's ResnetGenerator pads by 3 before
 * its 7×7 convolutions and by 1 inside every residual block): padded row −i is row i, padded row H−1+i is
 * row H−1−i; the edge itself is not repeated.
 *
 * Why a layer of our own: tfjs-core 4.22 registers a gradient for `MirrorPad` that only slices the centre
 * out of dy (gradients/MirrorPad_grad.js), dropping what the reflected border cells pass back to the cells
 * they copy — wrong for every cell within p of an edge. {@link reflectionPad2d} keeps tfjs's forward
 * kernel and supplies the true gradient through `tf.customGrad`: each border strip of dy is reversed and
 * added onto the cells it was copied from (slice, reverse, pad, add: standard kernels on every backend).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from './layer-args.js';

/**
 * The adjoint of reflect-padding axis `axis` (1 = H, 2 = W) by `p`: dy has size n + 2p on that axis, the
 * result size n. Strip i < p of the leading border came from row p − i, strip i of the trailing border
 * from row n − 2 − i; reversed, each strip lines up with rows 1…p resp. n−1−p…n−2.
 */
function foldReflection(dy: tf.Tensor4D, axis: 1 | 2, p: number): tf.Tensor4D {
  const n = dy.shape[axis] - 2 * p;
  const part = (begin: number, size: number) => {
    const b = [0, 0, 0, 0];
    const s = [-1, -1, -1, -1];
    b[axis] = begin;
    s[axis] = size;
    return tf.slice(dy, b, s);
  };
  const place = (strip: tf.Tensor4D, before: number) => {
    const pads: [number, number][] = [
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ];
    pads[axis] = [before, n - p - before];
    return tf.pad(tf.reverse(strip, axis), pads);
  };
  return tf.addN([part(p, n), place(part(0, p), 1), place(part(p + n, p), n - 1 - p)]) as tf.Tensor4D;
}

/**
 * Pads H and W of an NHWC tensor by `p` on each side with mode 'reflect' (p < H and p < W), with the
 * correct gradient (see the module comment).
 */
export function reflectionPad2d(x: tf.Tensor4D, p: number): tf.Tensor4D {
  if (p === 0) return x.clone();
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: tf.mirrorPad(
      args[0] as tf.Tensor,
      [
        [0, 0],
        [p, p],
        [p, p],
        [0, 0],
      ],
      'reflect',
    ),
    gradFunc: (dy: tf.Tensor) => foldReflection(foldReflection(dy as tf.Tensor4D, 1, p), 2, p),
  }));
  return op(x) as tf.Tensor4D;
}

/** Options of {@link ReflectionPadding2D}. */
export interface ReflectionPadding2DArgs extends LayerArgs {
  /** Rows / columns added on each side of H and W (a non-negative integer smaller than H and W). */
  padding: number;
}

/** Input [batch, h, w, c] → output [batch, h + 2p, w + 2p, c], borders reflected. */
export class ReflectionPadding2D extends tfl.layers.Layer {
  static readonly className = 'GankitReflectionPadding2D';
  private readonly padding: number;

  constructor(args: ReflectionPadding2DArgs) {
    super(args);
    if (!Number.isInteger(args.padding) || args.padding < 0) {
      throw new RangeError(
        `ReflectionPadding2D: padding must be a non-negative integer, got ${args.padding}`,
      );
    }
    this.padding = args.padding;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [n, h, w, c] = inputShape as tfl.Shape;
    const grow = (size: number | null) => (size === null ? null : size + 2 * this.padding);
    return [n, grow(h), grow(w), c];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return reflectionPad2d(x, this.padding);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { padding: this.padding, ...super.getConfig() };
  }
}
tf.serialization.registerClass(ReflectionPadding2D);
