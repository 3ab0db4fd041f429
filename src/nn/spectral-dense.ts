/**
 * Dense layer with spectral normalisation (Miyato et al. 2018): y = x · (W / σ(W)) + b, W ∈ ℝ^{in×units},
 * σ(W) its largest singular value estimated by power iteration (see {@link SpectralLayer}). The usual
 * discriminator layer of SN-GAN; bounds the layer's Lipschitz constant by 1.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { type SpectralArgs, SpectralLayer } from './spectral-layer.js';

export interface SpectralDenseArgs extends SpectralArgs {
  /** Output features. */
  units: number;
}

/** Input [batch, in] → output [batch, units]. */
export class SpectralDense extends SpectralLayer {
  static readonly className = 'SpectralDense';
  private readonly units: number;

  constructor(args: SpectralDenseArgs) {
    super(args);
    if (!Number.isInteger(args.units) || args.units < 1) {
      throw new RangeError(`SpectralDense: units must be a positive integer, got ${args.units}`);
    }
    this.units = args.units;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = inputShape as tfl.Shape;
    const inDim = shape[shape.length - 1];
    if (shape.length !== 2 || inDim === null) {
      throw new Error(`SpectralDense expects input [batch, features], got [${shape.join(', ')}]`);
    }
    this.buildSpectral([inDim, this.units]);
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return [(inputShape as tfl.Shape)[0], this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      return this.addBias(tf.matMul(x, this.normalizedKernel(kwargs.training === true)));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { units: this.units, ...super.getConfig() };
  }
}
tf.serialization.registerClass(SpectralDense);
