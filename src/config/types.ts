/**
 * The one typed configuration every run is resolved into (docs/architecture.md "Contracts": presets are names for configs,
 * not code paths). `config.json` in a run directory is this object, fully resolved.
 */
import type { PixelRange } from '../data/dataset.js';
import type { TranslationDatasetName } from '../data/translation/registry.js';
import type { ImageShape } from '../models/types.js';

/** Image datasets, `path`, `toy`, and the two-domain translation datasets (src/data/translation). */
export type DatasetName = 'mnist' | 'fashion-mnist' | 'emoji' | 'path' | 'toy' | TranslationDatasetName;

export interface DataConfig {
  /**
   * Built-in dataset, `path` for `path` below (a folder of images or an IDX file; for a translation model
   * a folder in a pix2pix/CycleGAN layout), `toy`, or a translation dataset (`edges2mnist`, …).
   */
  dataset: DatasetName;
  path?: string;
  /** For `dataset: toy`: the distribution (src/data/toy) and its options. */
  toy?: { name: string; [option: string]: number | string };
  split: 'train' | 'test';
  /** Use only the first `limit` images (quick runs, tests). */
  limit?: number;
  /**
   * Images are resized / channel-converted to this [height, width, channels]; toys use [1, 1, dim].
   * For translation data this is domain B's shape (the output of A→B); A has the same height and width.
   */
  shape: ImageShape;
  /**
   * Translation data only: channels of domain A (1 or 3) when they differ from `shape`'s. Default: the
   * dataset's natural input channels (1 for `edges2mnist` and `gray2emoji`), else `shape`'s.
   */
  inputChannels?: number;
  /** Pixel scaling the generator's output activation matches. */
  range: PixelRange;
  /**
   * Domain adaptation only (`model.family: dann`): the unlabelled target domain — the built-in
   * `mnistm-emoji` (MNIST digits blended over emoji patches, src/data/domain-adaptation), or `path`, a
   * folder of images whose labels, if any, are ignored. `test`: a folder with one sub-folder per class
   * (named as the source's classes), used only to score target accuracy.
   */
  target?: TargetConfig;
}

/** The target domain of a domain-adaptation run (see {@link DataConfig.target}). */
export interface TargetConfig {
  dataset: 'mnistm-emoji' | 'path';
  path?: string;
  test?: string;
}

export interface ModelConfig {
  /** Model family registered in src/models/registry.ts. */
  family: string;
  /** Size of the noise input of noise-fed families (required by them; image-to-image families have none). */
  latentDim?: number;
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
  /** How the learning rate changes over the run (constant when absent); see {@link LrSchedule}. */
  schedule?: LrSchedule;
}

/**
 * A learning-rate schedule over the run's progress p = step / steps (0 → 1):
 * - `linear`: constant until `start` (a fraction of the run, default 0), then linear to `lr · endFactor`
 *   at the end — CycleGAN keeps the rate for the first half, then decays it to 0
 *   (`{ start: 0.5, endFactor: 0 }`);
 * - `inv`: lr / (1 + α·p)^β, the annealing of Ganin & Lempitsky 2015 (α 10, β 0.75; Caffe's `inv`).
 */
export type LrSchedule =
  | { type: 'linear'; endFactor: number; start?: number }
  | { type: 'inv'; alpha: number; beta: number };

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

/** Discriminator regularisers added to D's loss (src/losses/regularizers.ts, wasserstein.ts). */
export interface RegularizerConfig {
  /** WGAN-GP: λ·E[(‖∇D(x̂)‖ − target)²] on real/fake interpolates. */
  gradientPenalty?: { weight: number; target?: number };
  /** R1: (γ/2)·E‖∇D(x_real)‖². */
  r1?: { gamma: number };
  /** R2: (γ/2)·E‖∇D(x_fake)‖². */
  r2?: { gamma: number };
  /** WGAN weight clipping of every D weight into [−c, c] after each D step. */
  weightClip?: number;
}

/** Training tricks from the seeds, each off unless configured. */
export interface TricksConfig {
  /** Gaussian noise of std σ·max(0, 1 − step/annealSteps) added to every D input (Sønderby et al. 2016). */
  instanceNoise?: { std: number; annealSteps: number };
  /** Experience replay (seed 002): a `ratio` of each fake batch for D comes from a buffer of `size` old fakes. */
  replay?: { size: number; ratio: number };
  /** Exponential moving average of G's weights, used for samples and evaluation. */
  ema?: { decay: number };
  /** Adds `weight` × feature matching (Salimans et al. 2016) on D's last hidden features to G's loss. */
  featureMatching?: { weight: number };
  /** AC-GAN: `weight` × the auxiliary classifier loss (needs a model with `auxClassifier: true`). */
  auxClassifier?: { weight: number };
}

/**
 * Mode-collapse monitor (seed 001): every `every` steps it measures sample diversity (mean pairwise
 * distance of fixed-noise samples over that of real samples); below `minDiversity`, or on a non-finite
 * loss, it rolls back to the last good checkpoint and multiplies both learning rates by `lrDecay`.
 */
export interface MonitorConfig {
  every: number;
  minDiversity: number;
  lrDecay: number;
  maxRollbacks: number;
  /**
   * Labelled data sets: the dataset's classifier labels the fixed-noise samples at each check, and fewer
   * than this many classes among them counts as collapse too.
   */
  minClasses?: number;
  /**
   * Steps before the first check (default 0). Untrained generators have low diversity and few classes by
   * nature (an MLP GAN on MNIST scores ≈ 0.2 and 1 class for its first few hundred steps); checkpoints
   * saved during the warm-up count as good.
   */
  warmup?: number;
}

/** Metrics during training (`--eval-every`): a fixed sample of `n` images scored every `every` steps. */
export interface EvalConfig {
  every: number;
  n: number;
  /** Metric names (src/metrics/registry.ts); default fid, kid, is, pr, classes. */
  metrics?: string[];
}

export interface GanConfig {
  name: string;
  description: string;
  data: DataConfig;
  model: ModelConfig;
  loss: LossConfig;
  /**
   * Optimizers by name; each phase of the family's objective names the one it uses (the GAN objective,
   * pix2pix and CycleGAN use `generator` and `discriminator`, DANN `classifier`).
   */
  optimizers: Record<string, OptimizerConfig>;
  regularizers?: RegularizerConfig;
  tricks?: TricksConfig;
  monitor?: MonitorConfig;
  eval?: EvalConfig;
  /**
   * Options of the family's objective beyond the adversarial loss (weights of the reconstruction terms,
   * pool sizes): `{ l1Weight }` for pix2pix, `{ cycleWeight, identityWeight, poolSize }` for CycleGAN.
   * Each objective checks its own keys.
   */
  objective?: Record<string, number>;
  train: TrainConfig;
}
