/**
 * Instance normalisation (Ulyanov et al. 2016), as torch.nn.InstanceNorm2d: every sample's every channel
 * is normalised by its own mean and (biased) variance over H and W, y = (x − μ) / √(σ² + ε), ε = 1e-5.
 * pix2pix / CycleGAN use it with `affine=False, track_running_stats=False` (networks.py `get_norm_layer`),
 * so by default the layer has no weights and computes the same in training and inference — there are no
 * running statistics. With `affine: true` it learns a per-channel scale (init 1) and shift (init 0), as
 * InstanceNorm2d(affine=True). NHWC input of rank 4.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { instanceNorm } from '../backend/instance-norm.js';
import type { LayerArgs } from './layer-args.js';

/** Options of {@link InstanceNormalization}. */
export interface InstanceNormalizationArgs extends LayerArgs {
  /** Learn a per-channel scale and shift after normalising (default false, as the official code). */
  affine?: boolean;
  /** Added to the variance before the square root (default 1e-5, torch's default). */
  epsilon?: number;
}

/** Input [batch, h, w, c] → output of the same shape, normalised per sample and channel over h and w. */
export class InstanceNormalization extends tfl.layers.Layer {
  static readonly className = 'GankitInstanceNormalization';
  private readonly affine: boolean;
  private readonly epsilon: number;
  private gamma: tfl.LayerVariable | null = null;
  private beta: tfl.LayerVariable | null = null;

  constructor(args: InstanceNormalizationArgs = {}) {
    super(args);
    this.affine = args.affine ?? false;
    this.epsilon = args.epsilon ?? 1e-5;
    if (!(this.epsilon > 0))
      throw new RangeError(`InstanceNormalization: epsilon must be > 0, got ${args.epsilon}`);
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = inputShape as tfl.Shape;
    const channels = shape[3];
    if (shape.length !== 4 || channels === null) {
      throw new Error(`InstanceNormalization expects NHWC input, got [${shape.join(', ')}]`);
    }
    if (this.affine) {
      this.gamma = this.addWeight('gamma', [channels], 'float32', tfl.initializers.ones());
      this.beta = this.addWeight('beta', [channels], 'float32', tfl.initializers.zeros());
    }
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      // The fused native kernels where the backend has them, the tfjs composite elsewhere.
      const y = instanceNorm(x as tf.Tensor4D, this.epsilon);
      return this.gamma && this.beta ? tf.add(tf.mul(y, this.gamma.read()), this.beta.read()) : y;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { affine: this.affine, epsilon: this.epsilon, ...super.getConfig() };
  }
}
tf.serialization.registerClass(InstanceNormalization);
