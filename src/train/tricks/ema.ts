/**
 * Exponential moving average of the generator's weights (Karras et al. 2018; Yazıcı et al. 2019): samples
 * from the averaged generator are smoother and score better than from the raw one at any given step.
 *   θ_ema ← β·θ_ema + (1 − β)·θ  for trainable weights; non-trainable ones (batch-norm statistics) are copied.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

export class WeightEma {
  private readonly pairs: { src: tf.Variable; dst: tf.Variable; trainable: boolean }[];

  /** `target` must have the architecture of `source`; it starts as an exact copy. */
  constructor(
    source: tfl.LayersModel,
    readonly target: tfl.LayersModel,
    readonly decay: number,
  ) {
    if (source.weights.length !== target.weights.length)
      throw new Error('EMA target must have the architecture of its source');
    this.pairs = source.weights.map((w, i) => ({
      src: w.read() as tf.Variable,
      dst: target.weights[i].read() as tf.Variable,
      trainable: w.trainable,
    }));
    for (const p of this.pairs) p.dst.assign(p.src);
  }

  /** One averaging step (after each generator update). */
  update(): void {
    tf.tidy(() => {
      for (const { src, dst, trainable } of this.pairs) {
        dst.assign(trainable ? tf.add(tf.mul(dst, this.decay), tf.mul(src, 1 - this.decay)) : src);
      }
    });
  }
}
