/**
 * Minibatch standard deviation (Karras et al. 2018, ProGAN; StyleGAN's `MinibatchStdLayer` with one
 * feature group): gives the discriminator a direct view of the batch's diversity, so a generator that
 * collapses to few outputs is easy to tell apart from real data.
 *
 * The batch of N samples is split into N / G groups of G; sample i belongs to group i mod (N / G), as in
 * StyleGAN's `reshape(G, −1, …)` (groups are strided, not consecutive). For each group g:
 *   s_g = mean over features f of  sqrt( (1/G) Σ_{k∈g} (x_{k,f} − x̄_{g,f})² + ε ),   ε = 1e−8,
 * the biased (1/G) standard deviation, as ProGAN and StyleGAN use. Every sample of group g gets s_g
 * appended: one more feature for [N, F] input, one more constant channel for NHWC [N, H, W, C] input
 * (the mean then runs over H, W and C).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from './layer-args.js';

export interface MinibatchStdDevArgs extends LayerArgs {
  /**
   * Samples per group: a number G (StyleGAN's default 4; min(G, N) is used, and N must be a multiple
   * of it), or `'batch'` for one group of the whole batch (ProGAN's original form).
   */
  groupSize?: number | 'batch';
}

/** Keeps the square root differentiable where a feature is constant over the group. */
const EPSILON = 1e-8;

/** [N, F] → [N, F + 1], or [N, H, W, C] → [N, H, W, C + 1]. */
export class MinibatchStdDev extends tfl.layers.Layer {
  static readonly className = 'MinibatchStdDev';
  private readonly groupSize: number | 'batch';

  constructor(args: MinibatchStdDevArgs = {}) {
    super(args);
    this.groupSize = args.groupSize ?? 4;
    if (this.groupSize !== 'batch' && !(Number.isInteger(this.groupSize) && this.groupSize > 0)) {
      throw new RangeError(
        `MinibatchStdDev: groupSize must be a positive integer or 'batch', got ${this.groupSize}`,
      );
    }
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const shape = inputShape as tfl.Shape;
    if (shape.length !== 2 && shape.length !== 4) {
      throw new Error(`MinibatchStdDev expects [batch, features] or NHWC input, got [${shape.join(', ')}]`);
    }
    const last = shape[shape.length - 1];
    return [...shape.slice(0, -1), last === null ? null : last + 1];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const n = x.shape[0];
      const g = this.groupSize === 'batch' ? n : Math.min(this.groupSize, n);
      if (n % g !== 0) {
        throw new Error(`MinibatchStdDev: batch ${n} is not a multiple of the group size ${g}`);
      }
      const groups = n / g;
      // [G, N/G, …]: row k of the batch lands in slot (⌊k / (N/G)⌋, k mod N/G).
      const grouped = tf.reshape(x, [g, groups, ...x.shape.slice(1)]);
      const centred = tf.sub(grouped, tf.mean(grouped, 0));
      const std = tf.sqrt(tf.add(tf.mean(tf.square(centred), 0), EPSILON));
      const featureAxes = Array.from({ length: x.rank - 1 }, (_, i) => i + 1);
      const perGroup = tf.mean(std, featureAxes); // [N/G]
      const perSample = tf.tile(perGroup, [g]); // sample k gets group k mod (N/G)
      const extraShape = [n, ...x.shape.slice(1, -1), 1];
      const extra = tf.broadcastTo(
        tf.reshape(perSample, [n, ...extraShape.slice(1).map(() => 1)]),
        extraShape,
      );
      return tf.concat([x, extra], -1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { groupSize: this.groupSize, ...super.getConfig() };
  }
}
tf.serialization.registerClass(MinibatchStdDev);
