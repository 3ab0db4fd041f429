/**
 * What ProGAN's generator and discriminator share: each is ONE tfjs layer that owns the layers of every
 * resolution and runs, per call, only the blocks of its current growth state — as the official
 * "recursive" structure does — so a 4×4 stage costs a 4×4 network, not the full one. Its input or
 * output stays at the final resolution (images are upsampled / box-filtered at the boundary, as in the
 * official code), so samplers, metrics and checkpoints see one fixed shape.
 *
 * The growth state (level, α) is a non-trainable layer weight `growth` = [level, α]: checkpoints carry
 * it with the other weights, an EMA copy takes it over (non-trainable weights are copied), and a
 * generator rebuilt by `gankit sample` from a checkpoint draws at the stage it was saved at.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '../../nn/layer-args.js';
import type { GrowthState } from './growth.js';

/** Feature maps of the block at resolution 2^r: min(fmapBase / 2^(r−1), fmapMax) (official `nf`). */
export interface ChannelSpec {
  fmapBase: number;
  fmapMax: number;
}

/** Feature maps of stage `stage` (official `nf(stage)`; the block of resolution 2^r uses stage r − 1). */
export function featureMaps(spec: ChannelSpec, stage: number): number {
  return Math.min(Math.floor(spec.fmapBase / 2 ** stage), spec.fmapMax);
}

/** Feature maps of level k (resolution 4·2^k): `nf(k + 1)`. */
export function levelMaps(spec: ChannelSpec, level: number): number {
  return featureMaps(spec, level + 1);
}

export interface GrowingArgs extends LayerArgs {
  /** Level of the final resolution (3 for 32×32). */
  finalLevel: number;
  /** The growth state the layer starts in. */
  initial: GrowthState;
}

export abstract class GrowingLayer extends tfl.layers.Layer {
  readonly finalLevel: number;
  private readonly initial: GrowthState;
  private growthWeight: tfl.LayerVariable | null = null;

  constructor(args: GrowingArgs) {
    super(args);
    this.finalLevel = args.finalLevel;
    this.initial = args.initial;
  }

  /** Builds `layer` for `inputShape` and makes its weights this layer's (in call order). */
  protected adopt<L extends tfl.layers.Layer>(layer: L, inputShape: tfl.Shape): L {
    layer.build(inputShape);
    layer.built = true;
    this._trainableWeights.push(...layer.trainableWeights);
    return layer;
  }

  /** Creates the `growth` weight; subclasses call it at the end of `build`, after adopting their layers. */
  protected buildGrowth(): void {
    const { level, alpha } = this.initial;
    this.growthWeight = this.addWeight('growth', [2], 'float32', tfl.initializers.zeros(), undefined, false);
    tf.tidy(() => {
      this.growthWeight!.write(tf.tensor1d([level, alpha]));
    });
    this.built = true;
  }

  /** The current growth state (read from the weight: one small synchronous read per call). */
  growth(): GrowthState {
    const [level, alpha] = this.growthWeight!.read().dataSync();
    return { level, alpha };
  }

  setGrowth(state: GrowthState): void {
    if (!Number.isInteger(state.level) || state.level < 0 || state.level > this.finalLevel)
      throw new RangeError(
        `${this.name}: level must be an integer in [0, ${this.finalLevel}], got ${state.level}`,
      );
    if (!(state.alpha >= 0 && state.alpha <= 1))
      throw new RangeError(`${this.name}: alpha must be in [0, 1], got ${state.alpha}`);
    tf.tidy(() => {
      this.growthWeight!.write(tf.tensor1d([state.level, state.alpha]));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { finalLevel: this.finalLevel, ...super.getConfig() };
  }
}

/** (1 − α)·low + α·high: exactly `low` at α = 0 and exactly `high` at α = 1 (unlike low + α·(high − low)). */
export function fade(low: tf.Tensor, high: tf.Tensor, alpha: number): tf.Tensor {
  return tf.tidy(() => tf.add(tf.mul(low, 1 - alpha), tf.mul(high, alpha)));
}

/** LeakyReLU 0.2, ProGAN's activation everywhere but the outputs. */
export function lrelu(x: tf.Tensor): tf.Tensor {
  return tf.leakyRelu(x, 0.2);
}
