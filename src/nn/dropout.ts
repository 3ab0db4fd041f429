/**
 * Dropout whose masks come from gankit's seeded Philox stream instead of tfjs's unseeded
 * `Math.random`-based generator, so a run is reproducible and resumable. On the native backend the
 * mask is drawn by a native kernel from the same Philox stream; elsewhere by the JS {@link Rng}.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { Rng, type RngState } from '../util/rng.js';
import { dropoutMask } from './random.js';
import type { SeededLayer } from './seeded.js';

export interface SeededDropoutArgs {
  rate: number;
  seed: number;
  name?: string;
}

/** Inverted dropout: at training time keeps each unit with probability 1 − rate and scales by 1/(1 − rate). */
export class SeededDropout extends tfl.layers.Layer implements SeededLayer {
  static readonly className = 'GankitSeededDropout';
  private readonly rate: number;
  private readonly seed: number;
  private readonly rng: Rng;

  constructor(args: SeededDropoutArgs) {
    super({ name: args.name });
    if (!(args.rate >= 0 && args.rate < 1))
      throw new RangeError(`dropout rate must be in [0, 1), got ${args.rate}`);
    this.rate = args.rate;
    this.seed = args.seed;
    this.rng = new Rng(args.seed >>> 0);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!kwargs.training || this.rate === 0) return tf.clone(x);
    return tf.tidy(() => tf.mul(x, dropoutMask(x.shape, this.rate, this.rng)));
  }

  /** Position of the mask stream (advances with every training call): part of a checkpoint. */
  randomState(): RngState {
    return this.rng.state();
  }

  /** Moves the mask stream to a position from {@link randomState}. */
  setRandomState(state: RngState): void {
    this.rng.seek(state);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(SeededDropout);
