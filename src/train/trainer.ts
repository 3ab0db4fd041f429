/**
 * The adversarial training step, as in seed 000's explicit loop, organised in phases like
 * stylegan2-ada's: for each generator step, `dSteps` discriminator phases (real batch + fresh fakes → D's
 * loss + regularisers → D's optimizer), then one generator phase (fresh noise → G's loss through D →
 * G's optimizer). Gradients come from `tf.variableGrads`, the GradientTape equivalent, restricted to the
 * variables of the network the phase trains.
 *
 * Tricks (config `tricks`): instance noise, experience replay, EMA of G, feature matching, AC-GAN's
 * auxiliary classifier; label smoothing / noisy labels are options of the BCE losses. Regularisers (config
 * `regularizers`): WGAN-GP, R1, R2, weight clipping. Learning rates follow an optional linear schedule.
 *
 * Everything that decides the next step — weights, optimizer slots, RNG streams, data position, replay
 * buffer, EMA weights — is in {@link GanTrainer.checkpoint}, so a resumed run continues bit for bit.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { GanConfig, OptimizerConfig } from '../config/types.js';
import type { Batch } from '../data/batches.js';
import { imageSize } from '../data/dataset.js';
import type { DataSource } from '../data/source.js';
import { auxiliaryClassifierLoss } from '../losses/auxiliary-classifier.js';
import { featureMatchingLoss } from '../losses/feature-matching.js';
import { makeLoss } from '../losses/registry.js';
import { gradientPenalty, r1Penalty, r2Penalty } from '../losses/regularizers.js';
import type { AdversarialLoss } from '../losses/types.js';
import { clipWeights } from '../losses/wasserstein.js';
import { forward } from '../models/forward.js';
import { dTakesLabels, type GanNetworks } from '../models/types.js';
import { GankitError } from '../util/errors.js';
import { Rng, type RngState } from '../util/rng.js';
import { type Checkpoint, restoreTensors, type StoredTensor, storeTensors } from './checkpoint.js';
import { makeOptimizer } from './optimizers.js';
import { WeightEma } from './tricks/ema.js';
import { ReplayBuffer } from './tricks/replay-buffer.js';

/** Losses of one training step. */
export interface StepLosses {
  d_loss: number;
  g_loss: number;
}

/** JSON part of a trainer checkpoint. */
export interface TrainerState {
  noise: RngState;
  labels: RngState;
  data: unknown;
  /** Training seconds accumulated before this checkpoint (for `time` in metrics.jsonl). */
  elapsed: number;
  /** Class count of a conditional model (rebuilding it needs the label width). */
  numClasses?: number;
  /** Factor the collapse monitor applied to both learning rates (1 when it never intervened). */
  lrScale: number;
}

/** D's outputs: logits always; last hidden features and class logits when the family provides them. */
interface DOutputs {
  logits: tf.Tensor;
  features?: tf.Tensor;
  classes?: tf.Tensor2D;
}

/** RNG stream ids: independent streams of one seed. */
const NOISE_STREAM = 1;
const SAMPLE_STREAM = 2;
const LABEL_STREAM = 4;

export class GanTrainer {
  readonly gOpt: tf.Optimizer;
  readonly dOpt: tf.Optimizer;
  readonly loss: AdversarialLoss;
  private noise: Rng;
  private readonly labelRng: Rng;
  private readonly gVars: tf.Variable[];
  private readonly dVars: tf.Variable[];
  private readonly replay?: ReplayBuffer;
  private readonly ema?: WeightEma;
  /** Generator steps done so far. */
  step = 0;
  elapsed = 0;
  lrScale = 1;

  /**
   * @param emaGenerator a second generator of the same architecture, required when `tricks.ema` is set:
   *   it holds the averaged weights and is what {@link sampler} returns.
   */
  constructor(
    readonly config: GanConfig,
    readonly nets: GanNetworks,
    readonly data: DataSource,
    readonly emaGenerator?: tfl.LayersModel,
  ) {
    this.gOpt = makeOptimizer(config.optimizers.generator);
    this.dOpt = makeOptimizer(config.optimizers.discriminator);
    this.noise = new Rng(config.train.seed, NOISE_STREAM);
    // The label stream is mutated in place by the loss (label flips), so it is never replaced: restore() seeks it.
    this.labelRng = new Rng(config.train.seed, LABEL_STREAM);
    const { type, ...lossOptions } = config.loss;
    this.loss = makeLoss(type, { ...lossOptions, rng: this.labelRng });
    this.gVars = trainableVariables(nets.generator);
    this.dVars = trainableVariables(nets.discriminator);
    const tricks = config.tricks ?? {};
    if (tricks.replay) {
      if (nets.numClasses)
        throw new GankitError('config: tricks.replay works with unconditional models only');
      this.replay = new ReplayBuffer(tricks.replay.size, imageSize(nets.imageShape));
    }
    if (tricks.ema) {
      if (!emaGenerator) throw new Error('tricks.ema needs an emaGenerator');
      this.ema = new WeightEma(nets.generator, emaGenerator, tricks.ema.decay);
    }
  }

  /** The generator to sample from: the EMA copy when enabled, else the trained one. */
  get sampler(): tfl.LayersModel {
    return this.emaGenerator ?? this.nets.generator;
  }

  /** Random class labels for a fake batch (conditional models). */
  private randomLabels(n: number): Int32Array | undefined {
    const k = this.nets.numClasses;
    return k ? Int32Array.from({ length: n }, () => this.noise.int(k)) : undefined;
  }

  /** Generator inputs: N(0, I) noise and, for conditional models, one-hot labels. */
  private latentInputs(n: number, labels?: Int32Array): tf.Tensor[] {
    const z = tf.tensor2d(this.noise.normal(n * this.nets.latentDim), [n, this.nets.latentDim]);
    return labels ? [z, tf.oneHot(tf.tensor1d(labels, 'int32'), this.nets.numClasses!)] : [z];
  }

  /** The extra D inputs of a batch: one-hot labels for label-conditioned discriminators. */
  private dConditioning(labels?: Int32Array): tf.Tensor[] {
    return dTakesLabels(this.nets) && labels
      ? [tf.oneHot(tf.tensor1d(labels, 'int32'), this.nets.numClasses!)]
      : [];
  }

  private runD(x: tf.Tensor, cond: tf.Tensor[]): DOutputs {
    const out = forward(this.nets.discriminator, [x, ...cond], { training: true });
    if (!Array.isArray(out)) return { logits: out };
    return { logits: out[0], features: out[1], classes: out[2] as tf.Tensor2D | undefined };
  }

  /** Instance noise σ at the current step (0 when off or annealed away). */
  private instanceNoiseStd(): number {
    const cfg = this.config.tricks?.instanceNoise;
    return cfg ? cfg.std * Math.max(0, 1 - this.step / cfg.annealSteps) : 0;
  }

  private withInstanceNoise(x: tf.Tensor): tf.Tensor {
    const std = this.instanceNoiseStd();
    if (std === 0) return x;
    return tf.add(x, tf.mul(tf.tensor(this.noise.normal(x.size), x.shape), std));
  }

  private realTensor(batch: Batch): tf.Tensor {
    return tf.tensor4d(batch.images, [this.config.train.batchSize, ...this.nets.imageShape]);
  }

  /** One discriminator phase; returns D's loss (including regularisers). */
  private discriminatorPhase(): number {
    const batch = this.data.next();
    const n = this.config.train.batchSize;
    const regs = this.config.regularizers ?? {};
    const aux = this.config.tricks?.auxClassifier;
    return tf.tidy(() => {
      const real = this.withInstanceNoise(this.realTensor(batch));
      const fakeLabels = this.randomLabels(n);
      let fake = forward(this.nets.generator, this.latentInputs(n, fakeLabels), {
        training: true,
      }) as tf.Tensor;
      if (this.replay) {
        const mixed = this.replay.mix(
          fake.dataSync() as Float32Array,
          n,
          this.config.tricks!.replay!.ratio,
          this.noise,
        );
        fake = tf.tensor(mixed, fake.shape);
      }
      fake = this.withInstanceNoise(fake);
      const realCond = this.dConditioning(batch.labels);
      const fakeCond = this.dConditioning(fakeLabels);
      const { value, grads } = tf.variableGrads(() => {
        const r = this.runD(real, realCond);
        const f = this.runD(fake, fakeCond);
        let loss: tf.Tensor = this.loss.discriminator(r.logits, f.logits);
        const logitsOf = (cond: tf.Tensor[]) => (x: tf.Tensor) => this.runD(x, cond).logits;
        if (regs.gradientPenalty)
          loss = tf.add(
            loss,
            gradientPenalty(logitsOf(realCond), real, fake, this.noise, regs.gradientPenalty),
          );
        if (regs.r1) loss = tf.add(loss, r1Penalty(logitsOf(realCond), real, regs.r1.gamma));
        if (regs.r2) loss = tf.add(loss, r2Penalty(logitsOf(fakeCond), fake, regs.r2.gamma));
        if (aux) {
          if (!batch.labels) throw new GankitError('tricks.auxClassifier needs a labelled dataset');
          const cls = tf.add(
            auxiliaryClassifierLoss(r.classes!, batch.labels),
            auxiliaryClassifierLoss(f.classes!, fakeLabels!),
          );
          loss = tf.add(loss, tf.mul(cls, aux.weight));
        }
        return loss as tf.Scalar;
      }, this.dVars);
      this.dOpt.applyGradients(grads);
      if (regs.weightClip) clipWeights(this.dVars, regs.weightClip);
      return value.dataSync()[0];
    });
  }

  /** One generator phase; returns G's loss (including feature matching / auxiliary terms). */
  private generatorPhase(): number {
    const n = this.config.train.batchSize;
    const fm = this.config.tricks?.featureMatching;
    const aux = this.config.tricks?.auxClassifier;
    const realBatch = this.loss.needsRealLogitsForGenerator || fm ? this.data.next() : undefined;
    const value = tf.tidy(() => {
      const fakeLabels = this.randomLabels(n);
      const gIn = this.latentInputs(n, fakeLabels);
      const real = realBatch ? this.withInstanceNoise(this.realTensor(realBatch)) : undefined;
      const { value, grads } = tf.variableGrads(() => {
        const fake = this.withInstanceNoise(
          forward(this.nets.generator, gIn, { training: true }) as tf.Tensor,
        );
        const f = this.runD(fake, this.dConditioning(fakeLabels));
        const r = real ? this.runD(real, this.dConditioning(realBatch!.labels)) : undefined;
        let loss: tf.Tensor = this.loss.generator(f.logits, r?.logits);
        if (fm) {
          if (!f.features || !r?.features)
            throw new GankitError(
              `tricks.featureMatching: model family '${this.config.model.family}' exposes no D features`,
            );
          loss = tf.add(loss, tf.mul(featureMatchingLoss(r.features, f.features), fm.weight));
        }
        if (aux) loss = tf.add(loss, tf.mul(auxiliaryClassifierLoss(f.classes!, fakeLabels!), aux.weight));
        return loss as tf.Scalar;
      }, this.gVars);
      this.gOpt.applyGradients(grads);
      return value.dataSync()[0];
    });
    this.ema?.update();
    return value;
  }

  /** Learning rate of an optimizer at the current step (schedule × collapse-monitor factor). */
  private learningRate(cfg: OptimizerConfig): number {
    const progress = Math.min(1, this.step / Math.max(1, this.config.train.steps));
    const factor = cfg.schedule ? 1 - (1 - cfg.schedule.endFactor) * progress : 1;
    return cfg.lr * factor * this.lrScale;
  }

  /** One generator step preceded by `dSteps` discriminator steps. */
  trainStep(): StepLosses {
    const t0 = performance.now();
    setLearningRate(this.gOpt, this.learningRate(this.config.optimizers.generator));
    setLearningRate(this.dOpt, this.learningRate(this.config.optimizers.discriminator));
    let dLoss = Number.NaN;
    for (let k = 0; k < this.config.train.dSteps; k++) dLoss = this.discriminatorPhase();
    const gLoss = this.generatorPhase();
    this.step++;
    this.elapsed += (performance.now() - t0) / 1000;
    return { d_loss: dLoss, g_loss: gLoss };
  }

  /** The fixed noise of the sample grids (same seed → same grid positions across a run and its resumes). */
  fixedLatents(n: number): tf.Tensor[] {
    const rng = new Rng(this.config.train.seed, SAMPLE_STREAM);
    return tf.tidy(() => {
      const z = tf.tensor2d(rng.normal(n * this.nets.latentDim), [n, this.nets.latentDim]);
      const k = this.nets.numClasses;
      return k
        ? [
            z,
            tf.oneHot(
              tf.tensor1d(
                Int32Array.from({ length: n }, (_, i) => i % k),
                'int32',
              ),
              k,
            ),
          ]
        : [z];
    });
  }

  /** Generator output for the fixed noise, as floats (`n` samples). */
  fixedSamples(n: number): Float32Array {
    const out = tf.tidy(() => forward(this.sampler, this.fixedLatents(n), { training: false }) as tf.Tensor);
    const data = out.dataSync() as Float32Array;
    out.dispose();
    return data;
  }

  /** Frees the networks' weights and the optimizer slots. */
  dispose(): void {
    this.gOpt.dispose();
    this.dOpt.dispose();
    this.nets.generator.dispose();
    this.nets.discriminator.dispose();
    this.emaGenerator?.dispose();
  }

  /** Everything needed to continue training exactly from here. */
  async checkpoint(): Promise<Checkpoint<TrainerState>> {
    const groups: Record<string, StoredTensor[]> = {
      generator: modelWeights(this.nets.generator),
      discriminator: modelWeights(this.nets.discriminator),
      g_optimizer: await optimizerWeights(this.gOpt),
      d_optimizer: await optimizerWeights(this.dOpt),
    };
    if (this.emaGenerator) groups.generator_ema = modelWeights(this.emaGenerator);
    if (this.replay) {
      const rows = this.replay.contents();
      groups.replay = [{ name: 'replay', shape: [rows.length], dtype: 'float32', values: rows }];
    }
    return {
      step: this.step,
      state: {
        noise: this.noise.state(),
        labels: this.labelRng.state(),
        data: this.data.state(),
        elapsed: this.elapsed,
        numClasses: this.nets.numClasses,
        lrScale: this.lrScale,
      },
      groups,
    };
  }

  /** Restores weights, optimizer slots, RNG streams, data position and trick state from a checkpoint. */
  async restore(ckpt: Checkpoint<TrainerState>): Promise<void> {
    setModelWeights(this.nets.generator, ckpt.groups.generator);
    setModelWeights(this.nets.discriminator, ckpt.groups.discriminator);
    if (this.emaGenerator) setModelWeights(this.emaGenerator, ckpt.groups.generator_ema);
    await setOptimizerWeights(this.gOpt, ckpt.groups.g_optimizer);
    await setOptimizerWeights(this.dOpt, ckpt.groups.d_optimizer);
    if (this.replay && ckpt.groups.replay) this.replay.restore(ckpt.groups.replay[0].values as Float32Array);
    this.noise = Rng.fromState(ckpt.state.noise);
    this.labelRng.seek(ckpt.state.labels);
    this.data.seek(ckpt.state.data);
    this.step = ckpt.step;
    this.elapsed = ckpt.state.elapsed;
    this.lrScale = ckpt.state.lrScale ?? 1;
  }
}

/** Sets an optimizer's learning rate (tfjs optimizers keep it in a field the TS types mark protected). */
function setLearningRate(opt: tf.Optimizer, lr: number): void {
  (opt as unknown as { learningRate: number }).learningRate = lr;
}

/** The tf.Variables behind a model's trainable weights, in a stable order. */
export function trainableVariables(model: tfl.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/** All weights of a model (trainable and e.g. batch-norm moving statistics), by position. */
export function modelWeights(model: tfl.LayersModel): StoredTensor[] {
  return storeTensors(model.weights.map((w) => ({ name: w.originalName, tensor: w.read() })));
}

/** Sets a model's weights from stored tensors, checking count and shapes. */
export function setModelWeights(model: tfl.LayersModel, stored: StoredTensor[] | undefined): void {
  if (!stored || stored.length !== model.weights.length) {
    throw new GankitError(
      `checkpoint has ${stored?.length ?? 0} weights for '${model.name}', the model has ${model.weights.length}; was it written by another config?`,
    );
  }
  const tensors = restoreTensors(stored);
  model.setWeights(tensors);
  tf.dispose(tensors);
}

/** An optimizer's slots and iteration count (getWeights() makes a fresh iteration tensor: freed here). */
async function optimizerWeights(opt: tf.Optimizer): Promise<StoredTensor[]> {
  const named = await opt.getWeights();
  const stored = storeTensors(named);
  for (const { tensor } of named) if (!(tensor instanceof tf.Variable)) tensor.dispose();
  return stored;
}

async function setOptimizerWeights(opt: tf.Optimizer, stored: StoredTensor[] | undefined): Promise<void> {
  if (!stored) throw new GankitError('checkpoint has no optimizer state');
  const tensors = restoreTensors(stored);
  await opt.setWeights(stored.map((s, i) => ({ name: s.name, tensor: tensors[i] })));
  tf.dispose(tensors);
}
