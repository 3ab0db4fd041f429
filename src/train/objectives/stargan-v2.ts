/**
 * StarGAN v2 (Choi et al. 2020; seed 000): one generator G(x, s) translates an image x into any of K
 * domains under a style s, which comes from the mapping network, s̃ = F_ỹ(z) (latent-guided), or from the
 * style encoder on a reference image of the target domain, s̃ = E_ỹ(x_ref) (reference-guided). D has one
 * output per domain; D_y is the one of domain y. The losses, as seed 000 writes them:
 *
 *   L_adv = E[log D_y(x)] + E[log(1 − D_ỹ(G(x, s̃)))]          (non-saturating, softplus form, R1 on reals)
 *   L_sty = E‖s̃ − E_ỹ(G(x, s̃))‖₁
 *   L_ds  = E‖G(x, s̃₁) − G(x, s̃₂)‖₁                            (maximised; λ_ds decays linearly to 0)
 *   L_cyc = E‖x − G(G(x, s̃), ŝ)‖₁,  ŝ = E_y(x)
 *   min_{G,F,E} max_D  L_adv + λ_sty·L_sty − λ_ds·L_ds + λ_cyc·L_cyc
 *
 * One training step is the official solver's four updates on one batch (x, y; x_ref, x_ref2 of ỹ; z₁, z₂),
 * in the seed's order, D first, then G, F and E:
 *   D_latent  D:        real = softplus(−D_y(x)), fake = softplus(D_ỹ(G(x, F_ỹ(z₁)))), r1 = λ_r1·½E‖∇ₓD_y(x)‖²
 *   D_ref     D:        the same with s̃ = E_ỹ(x_ref)
 *   G_latent  G, F, E:  adv = softplus(−D_ỹ(G(x, s̃))), sty = λ_sty·L_sty, ds = −λ_ds·L_ds, cyc = λ_cyc·L_cyc
 *                       with s̃₁ = F_ỹ(z₁), s̃₂ = F_ỹ(z₂)
 *   G_ref     G:        the same with s̃₁ = E_ỹ(x_ref), s̃₂ = E_ỹ(x_ref2)
 * As the official code: s̃₁'s translation is G(x, s̃) itself and s̃₂'s is not differentiated; the fakes D
 * judges are not differentiated either; F is trained on the latent step only (its Adam is separate and
 * so are E's: `optimizers.mapping`, `optimizers.style_encoder`); the EMA copies of G, F and E are updated
 * once per step. λ_ds(step) = λ_ds·max(0, 1 − step / diversityDecaySteps).
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { GanConfig } from '../../config/types.js';
import type { DomainBatch, DomainSource } from '../../data/translation/domain-source.js';
import { createDomainSource } from '../../data/translation/registry.js';
import { bceWithLogits } from '../../losses/bce.js';
import { r1Penalty } from '../../losses/regularizers.js';
import { l1Loss } from '../../losses/reconstruction.js';
import { forward } from '../../models/forward.js';
import {
  buildStarGan,
  pickDomain,
  readStarGanSpec,
  type StarGanNetworks,
} from '../../models/stargan-v2/index.js';
import { UsageError } from '../../util/errors.js';
import { Rng, type RngState } from '../../util/rng.js';
import { type DomainTranslator, domainGrid } from '../domain-translator.js';
import type { LossTerms, Objective, ObjectiveState, Phase, Visual } from '../objective.js';
import { STREAMS } from '../streams.js';
import { objectiveOptions, rejectNoiseOnlyOptions } from './translation.js';

/** Input rows of the sample picture. */
const VISUAL_ROWS = 6;

/** The objective's weights (`config.objective`), official defaults. */
export interface StarGanOptions {
  /** λ_sty. */
  styleWeight: number;
  /** λ_ds at step 0. */
  diversityWeight: number;
  /** Steps over which λ_ds decays linearly to 0 (official `ds_iter`); 0 = the whole run. */
  diversityDecaySteps: number;
  /** λ_cyc. */
  cycleWeight: number;
  /** λ_reg, the weight of R1 = ½E‖∇D_y(x)‖² on real images. */
  r1Weight: number;
}

const DEFAULT_OPTIONS: StarGanOptions = {
  styleWeight: 1,
  diversityWeight: 1,
  diversityDecaySteps: 0,
  cycleWeight: 1,
  r1Weight: 1,
};

type Guide = 'latent' | 'ref';

export class StarGanObjective implements Objective {
  readonly name = 'stargan-v2';
  readonly phases: Phase[];
  readonly ema: Record<string, tfl.LayersModel>;
  readonly options: StarGanOptions;
  private readonly k: number;
  private readonly latentDim: number;
  private noise: Rng;
  /** The step's batch and latent codes, drawn by its first phase and shared by all four. */
  private current?: { batch: DomainBatch; z1: Float32Array; z2: Float32Array };

  constructor(
    readonly config: GanConfig,
    readonly networks: StarGanNetworks,
    readonly data: DomainSource,
    ema: Partial<Pick<StarGanNetworks, 'generator' | 'mapping' | 'style_encoder'>> = {},
  ) {
    rejectNoiseOnlyOptions(config, 'StarGAN v2');
    if (config.loss.type !== 'non-saturating')
      throw new UsageError(
        `config: StarGAN v2 trains with the non-saturating loss (softplus form, seed 000); set 'loss.type: non-saturating', got '${config.loss.type}'`,
      );
    if (config.train.dSteps !== 1)
      throw new UsageError(
        `config: StarGAN v2 updates D twice per step (latent- and reference-guided); set 'train.dSteps' to 1`,
      );
    this.options = objectiveOptions(config, 'StarGAN v2', { ...DEFAULT_OPTIONS });
    this.k = data.domains.length;
    this.latentDim = readStarGanSpec(config.model, config.data.shape).latentDim;
    this.noise = new Rng(config.train.seed, STREAMS.noise);
    this.ema = { ...ema } as Record<string, tfl.LayersModel>;
    const d = (name: string): Phase => ({
      name,
      trains: ['discriminator'],
      optimizer: 'discriminator',
      side: 'd',
      repeat: 1,
    });
    this.phases = [
      d('D_latent'),
      d('D_ref'),
      {
        name: 'G_latent',
        trains: ['generator', 'mapping', 'style_encoder'],
        optimizer: 'generator',
        networkOptimizers: { mapping: 'mapping', style_encoder: 'style_encoder' },
        side: 'g',
        repeat: 1,
        // G is trained again by G_ref and averaged after it; F and E change only here.
        emaAfter: ['mapping', 'style_encoder'],
      },
      { name: 'G_ref', trains: ['generator'], optimizer: 'generator', side: 'g', repeat: 1 },
    ];
  }

  /** G, F and E for sampling and translation: their EMA copies when kept. */
  get domainTranslator(): DomainTranslator {
    const net = (name: 'generator' | 'mapping' | 'style_encoder') => this.ema[name] ?? this.networks[name];
    return {
      generator: net('generator'),
      mapping: net('mapping'),
      styleEncoder: net('style_encoder'),
      latentDim: this.latentDim,
      domains: this.data.domains,
      shape: this.data.shape,
    };
  }

  private run(net: tfl.LayersModel, x: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return forward(net, x, { training: true }) as tf.Tensor;
  }

  /** s̃ for the target domains: F_ỹ(z) (latent) or E_ỹ(reference) (ref); `second` picks z₂ / x_ref2. */
  private style(guide: Guide, second: boolean): tf.Tensor2D {
    const { batch, z1, z2 } = this.current!;
    const n = batch.yRef.length;
    const input =
      guide === 'latent'
        ? this.run(this.networks.mapping, tf.tensor2d(second ? z2 : z1, [n, this.latentDim]))
        : this.run(
            this.networks.style_encoder,
            tf.tensor4d(second ? batch.ref2 : batch.ref, [n, ...this.data.shape]),
          );
    return pickDomain(input, batch.yRef, this.k);
  }

  /** D_y(x): the logit of each image's domain `y`. */
  private logit(x: tf.Tensor, y: Int32Array): tf.Tensor2D {
    return pickDomain(this.run(this.networks.discriminator, x), y, this.k);
  }

  phaseTerms(phase: Phase, step: number): () => LossTerms {
    const [side, guide] = phase.name.split('_') as ['D' | 'G', Guide];
    if (phase.name === 'D_latent') {
      const batch = this.data.next();
      const n = batch.y.length;
      this.current = {
        batch,
        z1: this.noise.normal(n * this.latentDim),
        z2: this.noise.normal(n * this.latentDim),
      };
    }
    if (!this.current) throw new Error('StarGAN v2: the D_latent phase runs first in every step');
    return side === 'D' ? this.discriminatorTerms(guide) : this.generatorTerms(guide, step);
  }

  private discriminatorTerms(guide: Guide): () => LossTerms {
    const { batch } = this.current!;
    const x = tf.tensor4d(batch.x, [batch.y.length, ...this.data.shape]);
    // The fake is a constant for D (official: computed under torch.no_grad()).
    const fake = this.run(this.networks.generator, [x, this.style(guide, false)]);
    return () => ({
      real: bceWithLogits(this.logit(x, batch.y), 1),
      fake: bceWithLogits(this.logit(fake, batch.yRef), 0),
      r1: r1Penalty((input) => this.logit(input, batch.y), x, this.options.r1Weight),
    });
  }

  /** λ_ds at `step`: linear decay to 0 over diversityDecaySteps (the run's length when 0). */
  diversityWeightAt(step: number): number {
    const { diversityWeight, diversityDecaySteps } = this.options;
    const horizon = diversityDecaySteps || this.config.train.steps;
    return diversityWeight * Math.max(0, 1 - step / horizon);
  }

  private generatorTerms(guide: Guide, step: number): () => LossTerms {
    const { batch } = this.current!;
    const { generator: G, style_encoder: E } = this.networks;
    const x = tf.tensor4d(batch.x, [batch.y.length, ...this.data.shape]);
    // G(x, s̃₂) is a constant (official: x_fake2.detach()); so is s̃₂ with it.
    const fake2 = this.run(G, [x, this.style(guide, true)]);
    const { styleWeight, cycleWeight } = this.options;
    const lambdaDs = this.diversityWeightAt(step);
    return () => {
      const s = this.style(guide, false);
      const fake = this.run(G, [x, s]);
      const styleOrig = pickDomain(this.run(E, x), batch.y, this.k);
      const rec = this.run(G, [fake, styleOrig]);
      return {
        adv: bceWithLogits(this.logit(fake, batch.yRef), 1),
        sty: tf.mul(styleWeight, l1Loss(s, pickDomain(this.run(E, fake), batch.yRef, this.k))) as tf.Scalar,
        ds: tf.mul(-lambdaDs, l1Loss(fake, fake2)) as tf.Scalar,
        cyc: tf.mul(cycleWeight, l1Loss(rec, x)) as tf.Scalar,
      };
    };
  }

  /** Inputs × target domains, latent-guided (one fixed z per domain) and reference-guided (one fixed reference per domain). */
  visual(n: number): Visual {
    const rows = Math.min(n, VISUAL_ROWS);
    const { x } = this.data.fixed(rows);
    const count = x.length / (this.data.shape[0] * this.data.shape[1] * this.data.shape[2]);
    const z = new Rng(this.config.train.seed, STREAMS.fixedNoise).normal(this.k * this.latentDim);
    return domainGrid(this.domainTranslator, x, count, this.data.fixedReferences(), z);
  }

  saveState(): ObjectiveState {
    return { json: { noise: this.noise.state() }, tensors: {} };
  }

  loadState(state: ObjectiveState): void {
    this.noise = Rng.fromState(state.json.noise as RngState);
  }
}

/** StarGAN v2's networks, data and objective from a config (EMA copies of G, F, E when `tricks.ema` is set). */
export function createStarGanObjective(config: GanConfig): StarGanObjective {
  const data = createDomainSource(config.data, config.train.batchSize, config.train.seed);
  const build = () =>
    buildStarGan(config.model, {
      imageShape: config.data.shape,
      domains: data.domains.length,
      seed: config.train.seed,
    });
  const nets = build();
  let ema: Partial<StarGanNetworks> = {};
  if (config.tricks?.ema) {
    const copy = build();
    copy.discriminator.dispose();
    ema = { generator: copy.generator, mapping: copy.mapping, style_encoder: copy.style_encoder };
  }
  return new StarGanObjective(config, nets, data, ema);
}
