/**
 * The one typed configuration every run is resolved into (DESIGN.md: presets are names for configs,
 * not code paths). `config.json` in a run directory is this object, fully resolved.
 */
import type { PixelRange } from '../data/dataset.js';
import type { ImageShape } from '../models/types.js';

export type DatasetName = 'mnist' | 'fashion-mnist' | 'emoji' | 'path';

export interface DataConfig {
  /** Built-in dataset, or `path` for `path` below (a folder of images or an IDX file). */
  dataset: DatasetName;
  path?: string;
  split: 'train' | 'test';
  /** Use only the first `limit` images (quick runs, tests). */
  limit?: number;
  /** Images are resized / channel-converted to this [height, width, channels]. */
  shape: ImageShape;
  /** Pixel scaling the generator's output activation matches. */
  range: PixelRange;
}

export interface ModelConfig {
  /** Model family registered in src/models/registry.ts. */
  family: string;
  latentDim: number;
  /** Family-specific options (layer sizes, activations, …). */
  [option: string]: unknown;
}

export interface OptimizerConfig {
  type: 'adam' | 'rmsprop' | 'sgd';
  lr: number;
  /** Adam β1, β2. */
  beta1?: number;
  beta2?: number;
  /** RMSprop decay ρ (Keras default 0.9). */
  rho?: number;
  momentum?: number;
  epsilon?: number;
}

export interface LossConfig {
  /** Adversarial loss registered in src/losses/registry.ts. */
  type: string;
  [option: string]: unknown;
}

export interface TrainConfig {
  batchSize: number;
  /** Total generator steps of the run. */
  steps: number;
  /** Discriminator updates per generator update. */
  dSteps: number;
  logEvery: number;
  sampleEvery: number;
  checkpointEvery: number;
  /** Checkpoints kept on disk (oldest deleted first). */
  keepCheckpoints: number;
  /** Images in the fixed-noise sample grid. */
  sampleCount: number;
  seed: number;
}

export interface GanConfig {
  name: string;
  description: string;
  data: DataConfig;
  model: ModelConfig;
  loss: LossConfig;
  optimizers: { generator: OptimizerConfig; discriminator: OptimizerConfig };
  train: TrainConfig;
}
