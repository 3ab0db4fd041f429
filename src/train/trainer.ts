/**
 * The adversarial training step, as in seed 000's explicit loop: for each generator step, `dSteps`
 * discriminator phases (real batch + fresh fakes, D's loss, D's optimizer), then one generator phase
 * (fresh noise, G's loss through D, G's optimizer). Gradients come from `tf.variableGrads`, the
 * GradientTape equivalent, restricted to the variables of the network the phase trains.
 *
 * All state that decides the next step — weights, optimizer slots, the noise stream, the data order — is
 * exposed through {@link GanTrainer.checkpoint} / {@link GanTrainer.restore}, so a resumed run continues
 * bit for bit.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { GanConfig } from '../config/types.js';
import type { BatchIterator, BatchState } from '../data/batches.js';
import type { AdversarialLoss } from '../losses/types.js';
import type { GanNetworks } from '../models/types.js';
import { Rng, type RngState } from '../util/rng.js';
import { type Checkpoint, restoreTensors, type StoredTensor, storeTensors } from './checkpoint.js';
import { makeOptimizer } from './optimizers.js';

/** Losses of one training step. */
export interface StepLosses {
  d_loss: number;
  g_loss: number;
}

/** JSON part of a trainer checkpoint. */
export interface TrainerState {
  noise: RngState;
  data: BatchState;
  /** Training seconds accumulated before this checkpoint (for `time` in metrics.jsonl). */
  elapsed: number;
  /** Class count of a conditional model (rebuilding it needs the label width). */
  numClasses?: number;
}

/** RNG stream ids: noise for training and the fixed sample noise are independent streams of one seed. */
const NOISE_STREAM = 1;
const SAMPLE_STREAM = 2;

export class GanTrainer {
  readonly gOpt: tf.Optimizer;
  readonly dOpt: tf.Optimizer;
  private noise: Rng;
  private readonly gVars: tf.Variable[];
  private readonly dVars: tf.Variable[];
  /** Generator steps done so far. */
  step = 0;
  elapsed = 0;

  constructor(
    readonly config: GanConfig,
    readonly nets: GanNetworks,
    readonly loss: AdversarialLoss,
    readonly data: BatchIterator,
  ) {
    this.gOpt = makeOptimizer(config.optimizers.generator);
    this.dOpt = makeOptimizer(config.optimizers.discriminator);
    this.noise = new Rng(config.train.seed, NOISE_STREAM);
    this.gVars = trainableVariables(nets.generator);
    this.dVars = trainableVariables(nets.discriminator);
  }

  /** A batch of generator inputs: N(0, I) noise and, for conditional models, one-hot labels. */
  private latentInputs(n: number, labels?: Int32Array): tf.Tensor[] {
    const z = tf.tensor2d(this.noise.normal(n * this.nets.latentDim), [n, this.nets.latentDim]);
    const k = this.nets.numClasses;
    if (!k) return [z];
    const y = labels ?? Int32Array.from({ length: n }, () => this.noise.int(k));
    return [z, tf.oneHot(tf.tensor1d(y, 'int32'), k)];
  }

  /** One discriminator phase; returns D's loss. */
  private discriminatorPhase(): number {
    const batch = this.data.next();
    const [h, w, c] = this.nets.imageShape;
    return tf.tidy(() => {
      const n = this.config.train.batchSize;
      const real = tf.tensor4d(batch.images, [n, h, w, c]);
      const cond = this.nets.numClasses
        ? [tf.oneHot(tf.tensor1d(batch.labels!, 'int32'), this.nets.numClasses)]
        : [];
      const gIn = this.latentInputs(n, batch.labels);
      const fake = this.nets.generator.apply(gIn, { training: true }) as tf.Tensor;
      const fakeCond = gIn.slice(1);
      const { value, grads } = tf.variableGrads(() => {
        const realLogits = this.nets.discriminator.apply([real, ...cond], { training: true }) as tf.Tensor;
        const fakeLogits = this.nets.discriminator.apply([fake, ...fakeCond], {
          training: true,
        }) as tf.Tensor;
        return this.loss.discriminator(realLogits, fakeLogits);
      }, this.dVars);
      this.dOpt.applyGradients(grads);
      return value.dataSync()[0];
    });
  }

  /** One generator phase; returns G's loss. */
  private generatorPhase(): number {
    const n = this.config.train.batchSize;
    const [h, w, c] = this.nets.imageShape;
    const realBatch = this.loss.needsRealLogitsForGenerator ? this.data.next() : undefined;
    return tf.tidy(() => {
      const gIn = this.latentInputs(n);
      const { value, grads } = tf.variableGrads(() => {
        const fake = this.nets.generator.apply(gIn, { training: true }) as tf.Tensor;
        const fakeLogits = this.nets.discriminator.apply([fake, ...gIn.slice(1)], {
          training: true,
        }) as tf.Tensor;
        let realLogits: tf.Tensor | undefined;
        if (realBatch) {
          const real = tf.tensor4d(realBatch.images, [n, h, w, c]);
          const cond = this.nets.numClasses
            ? [tf.oneHot(tf.tensor1d(realBatch.labels!, 'int32'), this.nets.numClasses)]
            : [];
          realLogits = this.nets.discriminator.apply([real, ...cond], { training: true }) as tf.Tensor;
        }
        return this.loss.generator(fakeLogits, realLogits);
      }, this.gVars);
      this.gOpt.applyGradients(grads);
      return value.dataSync()[0];
    });
  }

  /** One generator step preceded by `dSteps` discriminator steps. */
  trainStep(): StepLosses {
    const t0 = performance.now();
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

  /** Frees the networks' weights and the optimizer slots. */
  dispose(): void {
    this.gOpt.dispose();
    this.dOpt.dispose();
    this.nets.generator.dispose();
    this.nets.discriminator.dispose();
  }

  /** Everything needed to continue training exactly from here. */
  async checkpoint(): Promise<Checkpoint<TrainerState>> {
    return {
      step: this.step,
      state: {
        noise: this.noise.state(),
        data: this.data.state(),
        elapsed: this.elapsed,
        numClasses: this.nets.numClasses,
      },
      groups: {
        generator: modelWeights(this.nets.generator),
        discriminator: modelWeights(this.nets.discriminator),
        g_optimizer: await optimizerWeights(this.gOpt),
        d_optimizer: await optimizerWeights(this.dOpt),
      },
    };
  }

  /** Restores weights, optimizer slots, noise stream and data order from a checkpoint. */
  async restore(ckpt: Checkpoint<TrainerState>): Promise<void> {
    setModelWeights(this.nets.generator, ckpt.groups.generator);
    setModelWeights(this.nets.discriminator, ckpt.groups.discriminator);
    await setOptimizerWeights(this.gOpt, ckpt.groups.g_optimizer);
    await setOptimizerWeights(this.dOpt, ckpt.groups.d_optimizer);
    this.noise = Rng.fromState(ckpt.state.noise);
    this.data.seek(ckpt.state.data);
    this.step = ckpt.step;
    this.elapsed = ckpt.state.elapsed;
  }
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
    throw new Error(
      `checkpoint has ${stored?.length ?? 0} weights for '${model.name}', the model has ${model.weights.length}`,
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
  if (!stored) throw new Error('checkpoint has no optimizer state');
  const tensors = restoreTensors(stored);
  await opt.setWeights(stored.map((s, i) => ({ name: s.name, tensor: tensors[i] })));
  tf.dispose(tensors);
}
