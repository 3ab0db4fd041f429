/**
 * ProGAN's training (Karras et al. 2018): the GAN objective's phases and losses (configured as the paper
 * does in presets/progan-emoji.yaml: WGAN-GP with the drift term, Adam β 0/0.99, EMA of G) plus the
 * growth schedule of src/models/progan/growth.ts. Before each phase it sets both networks to the growth
 * state of the images shown so far; real batches are shown at the current resolution as the official
 * `process_reals` does — box-filtered down to it, during a fade blended with their own half-resolution
 * version by 1 − α, and nearest-upsampled back to the networks' fixed input size; the optimizers are
 * reset when a fade starts and when it ends.
 *
 * The growth state is a function of the step (images = step × batch × D steps), saved with the
 * objective's state and restored by `loadState`, so a run resumed in the middle of a fade continues
 * exactly.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { GanConfig } from '../../config/types.js';
import type { Batch } from '../../data/batches.js';
import type { DataSource } from '../../data/source.js';
import { growingLayer } from '../../models/progan/index.js';
import {
  type GrowthSchedule,
  type GrowthState,
  growthAt,
  growthStageChanged,
  parseGrowth,
} from '../../models/progan/growth.js';
import { downsample2x, upsample2x } from '../../nn/resample.js';
import type { GanNetworks } from '../../models/types.js';
import { GankitError } from '../../util/errors.js';
import type { LossTerms, ObjectiveState, Phase } from '../objective.js';
import { GanObjective } from './gan.js';
import { fade } from '../../models/progan/growing-layer.js';

/**
 * A real batch [n, S, S, c] (S = 4·2^finalLevel) as the networks see it at growth state (level, α):
 * the box-filtered level-`level` image, during a fade blended with its 2×-down-then-up copy, upsampled
 * (nearest) back to S.
 */
export function realsAtGrowth(x: tf.Tensor4D, state: GrowthState, finalLevel: number): tf.Tensor4D {
  return tf.tidy(() => {
    let img = x;
    for (let k = finalLevel; k > state.level; k--) img = downsample2x(img);
    if (state.alpha < 1) img = fade(upsample2x(downsample2x(img)), img, state.alpha) as tf.Tensor4D;
    for (let k = state.level; k < finalLevel; k++) img = upsample2x(img);
    return img;
  });
}

export class ProganObjective extends GanObjective {
  override readonly name = 'progan';
  readonly schedule: GrowthSchedule;
  private state: GrowthState;

  constructor(config: GanConfig, nets: GanNetworks, data: DataSource, emaGenerator?: tfl.LayersModel) {
    super(config, nets, data, emaGenerator);
    this.schedule = parseGrowth(config.model.growth, nets.imageShape[0]);
    this.state = growthAt(this.schedule, 0);
    this.apply(this.state);
  }

  /** Real images shown before training step `step`. */
  imagesBefore(step: number): number {
    return step * this.config.train.batchSize * this.config.train.dSteps;
  }

  /** The growth state of training step `step`. */
  growthOf(step: number): GrowthState {
    return growthAt(this.schedule, this.imagesBefore(step));
  }

  /** The current growth state (what the networks compute with). */
  get growth(): GrowthState {
    return this.state;
  }

  private apply(state: GrowthState): void {
    this.state = state;
    for (const net of [this.nets.generator, this.nets.discriminator, this.ema.generator])
      if (net) growingLayer(net).setGrowth(state);
  }

  optimizerResets(step: number): readonly string[] {
    if (!this.schedule.resetOptimizers || step === 0) return [];
    return growthStageChanged(this.growthOf(step - 1), this.growthOf(step))
      ? ['generator', 'discriminator']
      : [];
  }

  override phaseTerms(phase: Phase, step: number): () => LossTerms {
    this.apply(this.growthOf(step));
    return super.phaseTerms(phase, step);
  }

  protected override realTensor(batch: Batch): tf.Tensor {
    return tf.tidy(() =>
      realsAtGrowth(super.realTensor(batch) as tf.Tensor4D, this.state, this.schedule.finalLevel),
    );
  }

  override saveState(): ObjectiveState {
    const own = super.saveState();
    return { ...own, json: { ...own.json, growth: { ...this.state } } };
  }

  override loadState(state: ObjectiveState): void {
    super.loadState(state);
    const growth = state.json.growth as GrowthState | undefined;
    if (!growth)
      throw new GankitError('checkpoint has no ProGAN growth state; was it written by another config?');
    this.apply(growth);
  }
}
