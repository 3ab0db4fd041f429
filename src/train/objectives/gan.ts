/**
 * The noise-fed GAN objective, as in seed 000's explicit loop: per step, `dSteps` discriminator phases
 * (real batch + fresh fakes → D's loss + regularisers) then one generator phase (fresh noise → G's loss
 * through D). Unconditional and class-conditional models (cGAN concatenation, projection, AC-GAN).
 *
 * Tricks (config `tricks`): instance noise, experience replay, EMA of G, feature matching, AC-GAN's
 * auxiliary classifier; label smoothing / noisy labels are options of the BCE losses. Regularisers (config
 * `regularizers`): WGAN-GP, R1, R2, weight clipping.
 *
 * Terms: `D/adv` (+ `D/gp`, `D/drift`, `D/r1`, `D/r2`, `D/aux`) and `G/adv` (+ `G/fm`, `G/aux`). Random draws happen in
 * a fixed order on two streams (noise, labels), so a resumed run continues bit for bit.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { GanConfig } from '../../config/types.js';
import type { Batch } from '../../data/batches.js';
import { imageSize } from '../../data/dataset.js';
import type { DataSource } from '../../data/source.js';
import { auxiliaryClassifierLoss } from '../../losses/auxiliary-classifier.js';
import { featureMatchingLoss } from '../../losses/feature-matching.js';
import { makeLoss } from '../../losses/registry.js';
import { gradientPenalty, r1Penalty, r2Penalty } from '../../losses/regularizers.js';
import type { AdversarialLoss } from '../../losses/types.js';
import { clipWeights, driftPenalty } from '../../losses/wasserstein.js';
import { forward } from '../../models/forward.js';
import { dTakesLabels, type GanNetworks } from '../../models/types.js';
import { GankitError } from '../../util/errors.js';
import { Rng, type RngState } from '../../util/rng.js';
import {
  discriminatorThenGenerator,
  type LossTerms,
  type Objective,
  type ObjectiveState,
  type Phase,
} from '../objective.js';
import { trainableVariables } from '../weights.js';
import { STREAMS } from '../streams.js';
import { NoiseFedObjective } from './noise-fed.js';
import { ReplayBuffer } from '../tricks/replay-buffer.js';
import { oneHotLabels } from '../../nn/one-hot.js';

/** D's outputs: logits always; last hidden features and class logits when the family provides them. */
interface DOutputs {
  logits: tf.Tensor;
  features?: tf.Tensor;
  classes?: tf.Tensor2D;
}

export class GanObjective extends NoiseFedObjective implements Objective {
  readonly name: string = 'gan';
  readonly phases: Phase[];
  readonly loss: AdversarialLoss;
  private noise: Rng;
  private readonly labelRng: Rng;
  private readonly replay?: ReplayBuffer;

  constructor(config: GanConfig, nets: GanNetworks, data: DataSource, emaGenerator?: tfl.LayersModel) {
    super(config, nets, data, emaGenerator);
    this.phases = discriminatorThenGenerator(config.train.dSteps);
    this.noise = new Rng(config.train.seed, STREAMS.noise);
    // The label stream is mutated in place by the loss (label flips), so it is never replaced: loadState() seeks it.
    this.labelRng = new Rng(config.train.seed, STREAMS.labels);
    const { type, ...lossOptions } = config.loss;
    this.loss = makeLoss(type, { ...lossOptions, rng: this.labelRng });
    const tricks = config.tricks ?? {};
    if (tricks.replay) {
      if (nets.numClasses)
        throw new GankitError('config: tricks.replay works with unconditional models only');
      this.replay = new ReplayBuffer(tricks.replay.size, imageSize(nets.imageShape));
    }
  }

  /** Random class labels for a fake batch (conditional models). */
  private randomLabels(n: number): Int32Array | undefined {
    const k = this.nets.numClasses;
    return k ? Int32Array.from({ length: n }, () => this.noise.int(k)) : undefined;
  }

  /** Generator inputs: N(0, I) noise and, for conditional models, one-hot labels (float32, like z). */
  private latentInputs(n: number, labels?: Int32Array): tf.Tensor[] {
    const z = tf.tensor2d(this.noise.normal(n * this.nets.latentDim), [n, this.nets.latentDim]);
    return labels ? [z, oneHotLabels(labels, this.nets.numClasses!)] : [z];
  }

  /** The extra D inputs of a batch: one-hot labels for label-conditioned discriminators. */
  private dConditioning(labels?: Int32Array): tf.Tensor[] {
    return dTakesLabels(this.nets) && labels ? [oneHotLabels(labels, this.nets.numClasses!)] : [];
  }

  private runD(x: tf.Tensor, cond: tf.Tensor[]): DOutputs {
    const out = forward(this.nets.discriminator, [x, ...cond], { training: true });
    if (!Array.isArray(out)) return { logits: out };
    return { logits: out[0], features: out[1], classes: out[2] as tf.Tensor2D | undefined };
  }

  /** Instance noise σ at `step` (0 when off or annealed away). */
  private instanceNoiseStd(step: number): number {
    const cfg = this.config.tricks?.instanceNoise;
    return cfg ? cfg.std * Math.max(0, 1 - step / cfg.annealSteps) : 0;
  }

  private withInstanceNoise(x: tf.Tensor, step: number): tf.Tensor {
    const std = this.instanceNoiseStd(step);
    if (std === 0) return x;
    return tf.add(x, tf.mul(tf.tensor(this.noise.normal(x.size), x.shape), std));
  }

  /** A real batch as D sees it (ProGAN overrides this to show it at the current resolution). */
  protected realTensor(batch: Batch): tf.Tensor {
    return tf.tensor4d(batch.images, [this.config.train.batchSize, ...this.nets.imageShape]);
  }

  phaseTerms(phase: Phase, step: number): () => LossTerms {
    return phase.side === 'd' ? this.discriminatorTerms(step) : this.generatorTerms(step);
  }

  /** D's terms: the adversarial loss on a real batch and fresh fakes, then each configured regulariser. */
  private discriminatorTerms(step: number): () => LossTerms {
    const batch = this.data.next();
    const n = this.config.train.batchSize;
    const regs = this.config.regularizers ?? {};
    const aux = this.config.tricks?.auxClassifier;
    const real = this.withInstanceNoise(this.realTensor(batch), step);
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
    fake = this.withInstanceNoise(fake, step);
    const realCond = this.dConditioning(batch.labels);
    const fakeCond = this.dConditioning(fakeLabels);
    return () => {
      const r = this.runD(real, realCond);
      const f = this.runD(fake, fakeCond);
      const terms: LossTerms = { adv: this.loss.discriminator(r.logits, f.logits) };
      const logitsOf = (cond: tf.Tensor[]) => (x: tf.Tensor) => this.runD(x, cond).logits;
      if (regs.gradientPenalty)
        terms.gp = gradientPenalty(logitsOf(realCond), real, fake, this.noise, regs.gradientPenalty);
      if (regs.drift) terms.drift = driftPenalty(r.logits, regs.drift.weight);
      if (regs.r1) terms.r1 = r1Penalty(logitsOf(realCond), real, regs.r1.gamma);
      if (regs.r2) terms.r2 = r2Penalty(logitsOf(fakeCond), fake, regs.r2.gamma);
      if (aux) {
        if (!batch.labels) throw new GankitError('tricks.auxClassifier needs a labelled dataset');
        const cls = tf.add(
          auxiliaryClassifierLoss(r.classes!, batch.labels),
          auxiliaryClassifierLoss(f.classes!, fakeLabels!),
        );
        terms.aux = tf.mul(cls, aux.weight) as tf.Scalar;
      }
      return terms;
    };
  }

  /** G's terms: the adversarial loss through D (+ feature matching, auxiliary classifier). */
  private generatorTerms(step: number): () => LossTerms {
    const n = this.config.train.batchSize;
    const fm = this.config.tricks?.featureMatching;
    const aux = this.config.tricks?.auxClassifier;
    const realBatch = this.loss.needsRealLogitsForGenerator || fm ? this.data.next() : undefined;
    const fakeLabels = this.randomLabels(n);
    const gIn = this.latentInputs(n, fakeLabels);
    const real = realBatch ? this.withInstanceNoise(this.realTensor(realBatch), step) : undefined;
    return () => {
      const fake = this.withInstanceNoise(
        forward(this.nets.generator, gIn, { training: true }) as tf.Tensor,
        step,
      );
      const f = this.runD(fake, this.dConditioning(fakeLabels));
      const r = real ? this.runD(real, this.dConditioning(realBatch!.labels)) : undefined;
      const terms: LossTerms = { adv: this.loss.generator(f.logits, r?.logits) };
      if (fm) {
        if (!f.features || !r?.features)
          throw new GankitError(
            `tricks.featureMatching: model family '${this.config.model.family}' exposes no D features`,
          );
        terms.fm = tf.mul(featureMatchingLoss(r.features, f.features), fm.weight) as tf.Scalar;
      }
      if (aux) terms.aux = tf.mul(auxiliaryClassifierLoss(f.classes!, fakeLabels!), aux.weight) as tf.Scalar;
      return terms;
    };
  }

  afterPhase(phase: Phase): void {
    const clip = this.config.regularizers?.weightClip;
    if (phase.side === 'd' && clip) clipWeights(trainableVariables(this.nets.discriminator), clip);
  }

  saveState(): ObjectiveState {
    const tensors: ObjectiveState['tensors'] = {};
    if (this.replay) {
      const rows = this.replay.contents();
      tensors.replay = [{ name: 'replay', shape: [rows.length], dtype: 'float32', values: rows }];
    }
    return { json: { noise: this.noise.state(), labels: this.labelRng.state() }, tensors };
  }

  loadState(state: ObjectiveState): void {
    if (this.replay && state.tensors.replay)
      this.replay.restore(state.tensors.replay[0].values as Float32Array);
    this.noise = Rng.fromState(state.json.noise as RngState);
    this.labelRng.seek(state.json.labels as RngState);
  }
}
