/**
 * StyleGAN's training objective (Karras et al. 2019, the official `G_style` in training mode and
 * `loss.py`'s `G_logistic_nonsaturating` / `D_logistic_simplegp`), on the networks of
 * src/models/stylegan/:
 *
 * - every time G runs in training (for D's fakes and under G's tape) z → w by the mapping network, the
 *   tracked mean w̄ moves towards the batch mean of w (β = `objective.wAverageDecay`, 0.995), and with
 *   probability `objective.styleMixing` (0.9) a second latent's styles take over from a crossover layer
 *   drawn for the batch (style mixing regularisation, §3.1);
 * - D: the adversarial loss (`loss.type`, non-saturating in the presets) on a real batch and fresh fakes,
 *   plus R1 = (γ/2)·E‖∇D(x_real)‖² (`regularizers.r1.gamma`) — in the D phase itself, or with
 *   `objective.r1Interval` k > 1 as lazy regularisation (StyleGAN2, §B): a phase `Dreg` every k steps
 *   whose loss is k·R1 on the D phase's real batch, applied by D's optimizer (stylegan2-ada's `Dreg`);
 * - G: the adversarial loss through D on fresh fakes.
 *
 * Terms: `D/adv` (+ `D/r1`), `Dreg/r1`, `G/adv`. Samples, `gankit sample` and `gankit eval` use the EMA
 * generator (`tricks.ema`) with ψ = 1 and no mixing. All draws come from the objective's noise stream
 * and the noise layers' own streams, in a fixed order, so a resumed run continues bit for bit.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { GanConfig } from '../../config/types.js';
import type { Batch } from '../../data/batches.js';
import { createDataSource } from '../../data/registry.js';
import type { DataSource } from '../../data/source.js';
import { makeLoss } from '../../losses/registry.js';
import { r1Penalty } from '../../losses/regularizers.js';
import type { AdversarialLoss } from '../../losses/types.js';
import { forward } from '../../models/forward.js';
import { type StyleParts, styleParts } from '../../models/stylegan/index.js';
import { broadcastStyles, drawCrossover, mixStyles, updatedAverage } from '../../models/stylegan/styles.js';
import type { GanNetworks } from '../../models/types.js';
import { UsageError } from '../../util/errors.js';
import { Rng, type RngState } from '../../util/rng.js';
import type { LossTerms, Objective, ObjectiveState, Phase } from '../objective.js';
import { STREAMS } from '../streams.js';
import { networksWithEma } from './networks.js';
import { NoiseFedObjective } from './noise-fed.js';
import { objectiveOptions } from './translation.js';

/** The objective's options (`objective` in the config) and their defaults. */
const DEFAULTS = { styleMixing: 0.9, wAverageDecay: 0.995, r1Interval: 1 };

/** Styles of a training batch: the per-layer styles G ran on, and where the second latent took over. */
export interface TrainingStyles {
  ws: tf.Tensor3D;
  /** First layer with the second latent's styles (the layer count when the batch was not mixed). */
  crossover: number;
  /** Per-layer styles of each latent before mixing (the second only when mixed). */
  first: tf.Tensor3D;
  second?: tf.Tensor3D;
}

/** Keys of the config that the StyleGAN objective does not implement. */
function rejectUnsupported(config: GanConfig): void {
  const regs = Object.keys(config.regularizers ?? {}).filter((k) => k !== 'r1');
  const tricks = Object.keys(config.tricks ?? {}).filter((k) => k !== 'ema');
  const bad = [...regs.map((k) => `regularizers.${k}`), ...tricks.map((k) => `tricks.${k}`)];
  if (bad.length)
    throw new UsageError(
      `config: ${bad.map((k) => `'${k}'`).join(', ')} not supported by the stylegan objective (it takes regularizers.r1 and tricks.ema); remove ${bad.length > 1 ? 'them' : 'it'}`,
    );
}

export class StyleGanObjective extends NoiseFedObjective implements Objective {
  readonly name = 'stylegan';
  readonly phases: Phase[];
  readonly loss: AdversarialLoss;
  readonly options: typeof DEFAULTS;
  /** The trained generator's mapping and synthesis networks and the holder of w̄. */
  readonly parts: StyleParts;
  private noise: Rng;
  private readonly labelRng: Rng;
  private readonly r1Gamma?: number;
  /** The D phase's real batch, which the lazy `Dreg` phase reuses (stylegan2-ada: one batch per step). */
  private lastReal?: Batch;

  constructor(config: GanConfig, nets: GanNetworks, data: DataSource, emaGenerator?: tfl.LayersModel) {
    rejectUnsupported(config);
    super(config, nets, data, emaGenerator);
    this.options = objectiveOptions(config, 'stylegan', DEFAULTS);
    const { styleMixing, wAverageDecay, r1Interval } = this.options;
    if (styleMixing > 1 || wAverageDecay > 1)
      throw new UsageError("config: 'objective.styleMixing' and 'objective.wAverageDecay' must be in [0, 1]");
    if (!Number.isInteger(r1Interval) || r1Interval < 1)
      throw new UsageError(`config: 'objective.r1Interval' must be an integer >= 1, got ${r1Interval}`);
    const parts = styleParts(nets.generator);
    if (!parts) throw new Error('the stylegan objective needs a generator built by the stylegan family');
    this.parts = parts;
    this.r1Gamma = config.regularizers?.r1?.gamma;
    const lazy = this.r1Gamma !== undefined && r1Interval > 1;
    this.phases = [
      {
        name: 'D',
        trains: ['discriminator'],
        optimizer: 'discriminator',
        side: 'd',
        repeat: config.train.dSteps,
      },
      ...(lazy
        ? [
            {
              name: 'Dreg',
              trains: ['discriminator'],
              optimizer: 'discriminator',
              side: 'd',
              repeat: 1,
              every: r1Interval,
            } as Phase,
          ]
        : []),
      { name: 'G', trains: ['generator'], optimizer: 'generator', side: 'g', repeat: 1 },
    ];
    this.noise = new Rng(config.train.seed, STREAMS.noise);
    this.labelRng = new Rng(config.train.seed, STREAMS.labels);
    const { type, ...lossOptions } = config.loss;
    this.loss = makeLoss(type, { ...lossOptions, rng: this.labelRng });
  }

  private latents(n: number): tf.Tensor2D {
    return tf.tensor2d(this.noise.normal(n * this.latentDim), [n, this.latentDim]);
  }

  /**
   * The styles of one training batch of `n`: z → w (updating w̄), broadcast to every layer, and mixed
   * with a second latent's from a crossover drawn for the batch.
   */
  trainingStyles(n: number): TrainingStyles {
    const { mapping, broadcast, numLayers } = this.parts;
    const w = forward(mapping, this.latents(n), { training: true }) as tf.Tensor2D;
    const avg = broadcast.wAverage;
    avg.assign(updatedAverage(avg as tf.Tensor as tf.Tensor1D, w, this.options.wAverageDecay));
    const first = broadcastStyles(w, numLayers);
    const crossover = drawCrossover(this.noise, numLayers, this.options.styleMixing);
    if (crossover === numLayers) return { ws: first, crossover, first };
    const w2 = forward(mapping, this.latents(n), { training: true }) as tf.Tensor2D;
    const second = broadcastStyles(w2, numLayers);
    return { ws: mixStyles(first, second, crossover), crossover, first, second };
  }

  /** A training batch of fakes (mixing and w̄ tracking on). */
  private fakes(n: number): tf.Tensor {
    return forward(this.parts.synthesis, this.trainingStyles(n).ws, { training: true }) as tf.Tensor;
  }

  private realTensor(batch: Batch): tf.Tensor {
    return tf.tensor4d(batch.images, [this.config.train.batchSize, ...this.nets.imageShape]);
  }

  private logits(x: tf.Tensor): tf.Tensor {
    return forward(this.nets.discriminator, x, { training: true }) as tf.Tensor;
  }

  phaseTerms(phase: Phase): () => LossTerms {
    const n = this.config.train.batchSize;
    if (phase.name === 'Dreg') {
      const real = this.realTensor(this.lastReal!);
      const k = this.options.r1Interval;
      return () => ({
        r1: tf.mul(
          k,
          r1Penalty((x) => this.logits(x), real, this.r1Gamma),
        ) as tf.Scalar,
      });
    }
    if (phase.side === 'd') {
      this.lastReal = this.data.next();
      const real = this.realTensor(this.lastReal);
      const fake = this.fakes(n);
      const inline = this.r1Gamma !== undefined && this.options.r1Interval === 1;
      return () => {
        const terms: LossTerms = { adv: this.loss.discriminator(this.logits(real), this.logits(fake)) };
        if (inline) terms.r1 = r1Penalty((x) => this.logits(x), real, this.r1Gamma);
        return terms;
      };
    }
    const real = this.loss.needsRealLogitsForGenerator ? this.realTensor(this.data.next()) : undefined;
    return () => {
      const fake = this.fakes(n);
      return { adv: this.loss.generator(this.logits(fake), real ? this.logits(real) : undefined) };
    };
  }

  saveState(): ObjectiveState {
    return { json: { noise: this.noise.state(), labels: this.labelRng.state() }, tensors: {} };
  }

  loadState(state: ObjectiveState): void {
    this.noise = Rng.fromState(state.json.noise as RngState);
    this.labelRng.seek(state.json.labels as RngState);
  }
}

/** The StyleGAN objective of a config on its dataset, with an EMA generator when configured. */
export function createStyleGanObjective(config: GanConfig): StyleGanObjective {
  const source = createDataSource(config);
  const { nets, emaGenerator } = networksWithEma(config, source);
  return new StyleGanObjective(config, nets, source, emaGenerator);
}
