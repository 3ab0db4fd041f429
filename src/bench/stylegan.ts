/**
 * The StyleGAN row of the benchmark's training section: one step of `stylegan-emoji` at 32×32 (batch
 * 32) against the same networks and step in PyTorch (bench/pytorch_stylegan.py). gankit's side is what
 * `gankit train --preset stylegan-emoji` builds — the preset's networks, objective and trainer — with R1
 * in every D step instead of lazily every 4 steps (so that every timed step does the same work), and one
 * fixed in-memory batch instead of the emoji (the row times training, not PNG decoding).
 *
 * The step: D on the real batch and fresh fakes (non-saturating loss) + R1 (γ = 1, double
 * backpropagation through D on the reals), then G through D; style mixing with probability 0.9, noise
 * inputs, the tracked mean w and the EMA of G on both sides.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { resolveConfig } from '../config/resolve.js';
import { networksWithEma } from '../train/objectives/networks.js';
import { StyleGanObjective } from '../train/objectives/stylegan.js';
import { Trainer } from '../train/trainer.js';
import { FixedBatchSource } from './fixed-batch.js';

/** Images per step on both frameworks: the preset's batch. */
export const STYLEGAN_BATCH = 32;

/** gankit's trainer of the row (see the module comment). */
export function styleGanTrainer(seed: number): Trainer {
  const config = resolveConfig({
    preset: 'stylegan-emoji',
    overrides: { objective: { r1Interval: 1 }, train: { batchSize: STYLEGAN_BATCH, seed } },
  });
  const source = new FixedBatchSource(config.data.shape, STYLEGAN_BATCH, seed);
  const { nets, emaGenerator } = networksWithEma(config, {});
  return new Trainer(config, new StyleGanObjective(config, nets, source, emaGenerator));
}

/**
 * FLOPs of the step's adversarial passes, as the other GAN rows count them (D step: G forward + D
 * forward and backward on real and fake; G step: G forward and backward + D forward and input
 * gradient); R1's extra passes through D are not counted.
 */
export function styleGanStepFlops(
  networks: Readonly<Record<string, tfl.LayersModel>>,
  macs: (model: tfl.LayersModel) => number,
): number {
  return 2 * STYLEGAN_BATCH * (4 * macs(networks.generator) + 8 * macs(networks.discriminator));
}
