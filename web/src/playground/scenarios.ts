/**
 * The starting settings and the one-click scenarios. "Mode collapse" is seed 001's failure: the
 * non-saturating GAN on the ring of 8 Gaussians with a fast generator settles on a few modes and hops
 * between them; "Remedy" is the lecture's "(Even more scientific) Improved Wasserstein GAN": the
 * WGAN-GP settings of presets/toy-ring-wgan-gp.yaml (critic steps 2, λ 0.1, Adam β 0.5/0.9).
 */
import type { Settings } from './session.js';

export const DEFAULTS: Settings = {
  world: 'ring',
  drawn: [],
  loss: 'non-saturating',
  regularizer: 'none',
  regWeight: 10,
  optimizer: 'adam',
  lrD: 0.002,
  lrG: 0.002,
  dSteps: 1,
  noiseDim: 2,
  width: 32,
  depth: 2,
  batchSize: 128,
  seed: 1,
};

export const SCENARIOS: Record<string, { label: string; settings: Partial<Settings> }> = {
  collapse: {
    label: 'Mode collapse',
    settings: {
      world: 'ring',
      loss: 'non-saturating',
      regularizer: 'none',
      optimizer: 'adam',
      lrD: 0.001,
      lrG: 0.005,
      dSteps: 1,
      noiseDim: 2,
      width: 32,
      depth: 2,
      batchSize: 64,
    },
  },
  remedy: {
    label: 'Remedy: WGAN-GP',
    settings: {
      world: 'ring',
      loss: 'wasserstein',
      regularizer: 'gp',
      regWeight: 0.1,
      optimizer: 'adam',
      lrD: 0.002,
      lrG: 0.002,
      dSteps: 2,
      noiseDim: 2,
      width: 64,
      depth: 2,
      batchSize: 128,
    },
  },
};
