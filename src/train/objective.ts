/**
 * The contract between the trainer and a model family's training objective (docs/architecture.md,
 * "Trainer and objectives"). In the spirit of stylegan2-ada's loss object, whose
 * `accumulate_gradients(phase, …)` the loop calls per phase, and of pytorch-CycleGAN-and-pix2pix's
 * `model_names` / `loss_names` / `visual_names`: an objective owns a record of named networks, declares
 * the phases of one training step (which networks each trains, with which optimizer, how often), computes
 * each phase's loss terms as a named record, and says what a sample picture shows. The trainer knows
 * phases, never loss formulas: it takes gradients over the phase's networks, applies its optimizer,
 * updates EMA copies and checkpoints everything by name.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ImageShape } from '../models/types.js';
import type { StoredTensor } from './stored-tensors.js';
import type { DomainTranslator } from './domain-translator.js';
import type { Translators } from './translation-eval.js';

/** One phase of a training step. */
export interface Phase {
  /** Short name, the prefix of its terms in metrics.jsonl (`D/real`, `G/l1`): `D` or `G` by convention. */
  readonly name: string;
  /** Names of the networks whose trainable weights this phase updates (keys of {@link Objective.networks}). */
  readonly trains: readonly string[];
  /** Key of `config.optimizers` whose optimizer applies this phase's gradients. */
  readonly optimizer: string;
  /**
   * Networks of `trains` that have an optimizer of their own, by network name → `config.optimizers`
   * key (StarGAN v2's mapping network and style encoder: their own Adam, as in the official solver, so
   * that the generator's Adam counts its two updates per step and theirs their one).
   */
  readonly networkOptimizers?: Readonly<Record<string, string>>;
  /**
   * Which logged total the phase's loss counts towards: `d_loss` or `g_loss`; or, for a phase that plays
   * both sides of a game in one update (DANN's gradient reversal), which total each term counts towards
   * (terms it leaves out count towards neither and are logged as `<phase>/<term>` only).
   */
  readonly side: 'd' | 'g' | Readonly<Record<string, 'd' | 'g'>>;
  /** Runs of the phase per training step (D steps per G step); the last run's loss is the one logged. */
  readonly repeat: number;
  /**
   * The phase runs only at steps that are multiples of `every` (default 1: every step), as lazy
   * regularisation's `Dreg` phase every 16 steps (StyleGAN2); its terms are logged at those steps only.
   */
  readonly every?: number;
  /**
   * Networks whose EMA copies are updated after this phase (default: every network it trains). StarGAN v2
   * trains its generator in two phases per step and averages it once, after the second.
   */
  readonly emaAfter?: readonly string[];
}

/**
 * The phases of an adversarial step with one discriminator and one generator side: D (network
 * `discriminator`, optimizer `discriminator`) `dSteps` times, then G (`generator`) once.
 */
export function discriminatorThenGenerator(dSteps: number): Phase[] {
  return [
    { name: 'D', trains: ['discriminator'], optimizer: 'discriminator', side: 'd', repeat: dSteps },
    { name: 'G', trains: ['generator'], optimizer: 'generator', side: 'g', repeat: 1 },
  ];
}

/** Named scalar loss terms of one phase; the phase's loss is their sum, in insertion order. */
export type LossTerms = Record<string, tf.Scalar>;

/** What a sample picture shows. */
export type Visual =
  /** Images in a grid, `columns` per row (NHWC floats in the run's pixel range). */
  | { kind: 'grid'; images: Float32Array; count: number; columns?: number; shape: ImageShape }
  /** Points of a toy world: model samples over reference samples, `dim`-dimensional. */
  | { kind: 'points'; samples: Float32Array; reference: Float32Array; dim: number };

/** Where the real data is: what a checkpoint stores of it. */
export interface DataPosition {
  /** Human-readable origin, printed at start. */
  readonly name: string;
  /** Number of classes of a labelled set. */
  readonly numClasses?: number;
  state(): unknown;
  seek(state: unknown): void;
}

/** An objective's own state (RNG streams, pools, buffers) for a checkpoint. */
export interface ObjectiveState {
  json: Record<string, unknown>;
  tensors: Record<string, StoredTensor[]>;
}

/**
 * A noise-fed generator that a metric, the collapse monitor or a latent tool can draw from (the
 * objectives of unconditional and class-conditional GANs have one; translation objectives do not).
 */
export interface NoiseSampler {
  /** The generator to sample from: the EMA copy when kept. */
  readonly model: tfl.LayersModel;
  readonly latentDim: number;
  readonly numClasses?: number;
  /** Generator output for the run's fixed noise (`n` samples, flattened). */
  fixedSamples(n: number): Float32Array;
  /** `n` real samples from a fixed stream (the reference of the monitor and of toy plots). */
  reference(n: number): Float32Array;
}

export interface Objective {
  /** Registered name (`gan`, `pix2pix`, `cyclegan`). */
  readonly name: string;
  /** Every network of the model by name; each is checkpointed as a group of that name. */
  readonly networks: Readonly<Record<string, tfl.LayersModel>>;
  /**
   * EMA copies by the name of the network they average (`tricks.ema`): updated after every run of a
   * phase that trains that network, checkpointed as `<name>_ema`.
   */
  readonly ema: Readonly<Record<string, tfl.LayersModel>>;
  readonly phases: readonly Phase[];
  readonly data: DataPosition;
  /** Set when the objective trains a noise-fed generator. */
  readonly sampler?: NoiseSampler;
  /** Set when the objective trains image-to-image generators: the one of each direction it learns. */
  readonly translators?: Translators;
  /** Set when the objective trains a multi-domain translator (StarGAN v2): its G, F and E. */
  readonly domainTranslator?: DomainTranslator;
  /**
   * Prepares one run of `phase` at training step `step` (draws its batches and noise) and returns the
   * function that computes its loss terms. Both run inside the trainer's `tf.tidy`; the returned
   * function runs under the gradient tape.
   */
  phaseTerms(phase: Phase, step: number): () => LossTerms;
  /**
   * Keys of `config.optimizers` whose state is reset (fresh moments, step count 0) before training step
   * `step`: ProGAN resets Adam when a new resolution starts to fade in and when it is stabilised. A
   * function of the step alone, so a resumed run resets at the same steps.
   */
  optimizerResets?(step: number): readonly string[];
  /** Called after the phase's gradients were applied (e.g. WGAN weight clipping). */
  afterPhase?(phase: Phase): void;
  /**
   * Scores of the objective's own models for `--eval-every` (e.g. DANN's source and target accuracy on
   * up to `n` test images), logged into metrics.jsonl by name; objectives with a sampler or translators
   * are scored by the shared evaluators instead.
   */
  evaluate?(n: number): Promise<Record<string, number>>;
  /** The content of the sample picture of `n` items. */
  visual(n: number): Visual;
  saveState(): ObjectiveState;
  loadState(state: ObjectiveState): void;
}
