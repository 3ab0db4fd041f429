/**
 * The sum of a residual block's branches times a constant, y = scale · Σᵢ xᵢ: StarGAN v2's blocks
 * return (shortcut + residual) / √2 so that the sum of two unit-variance branches keeps unit variance
 * (clovaai/stargan-v2 `ResBlk.forward`). tfjs-layers has `add` and `average` (scale 1/n) but no other
 * constant, and no Lambda layer.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from './layer-args.js';

/** Options of {@link ScaledAdd}. */
export interface ScaledAddArgs extends LayerArgs {
  /** The factor applied to the sum (StarGAN v2: 1/√2). */
  scale: number;
}

/** Inputs of one shape → their sum times `scale`. */
export class ScaledAdd extends tfl.layers.Layer {
  static readonly className = 'GankitScaledAdd';
  private readonly scale: number;

  constructor(args: ScaledAddArgs) {
    super(args);
    if (!Number.isFinite(args.scale))
      throw new RangeError(`ScaledAdd: scale must be finite, got ${args.scale}`);
    this.scale = args.scale;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.mul(tf.addN(Array.isArray(inputs) ? inputs : [inputs]), this.scale));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { scale: this.scale, ...super.getConfig() };
  }
}
tf.serialization.registerClass(ScaledAdd);
