/**
 * CycleGAN (Zhu et al. 2017; seeds 001 and 003): two generators G_AB: A→B and G_BA: B→A, and two
 * PatchGAN discriminators, D_B judging domain B (real B vs G_AB's fakes) and D_A judging domain A. As
 * cycle_gan_model.py, per step on an unpaired batch (a, b):
 *   G phase (G_AB and G_BA, one optimizer), D frozen:
 *     G/adv_AB = GAN(D_B(G_AB(a)), real)           G/adv_BA = GAN(D_A(G_BA(b)), real)
 *     G/cycle_A = λ·‖G_BA(G_AB(a)) − a‖₁           G/cycle_B = λ·‖G_AB(G_BA(b)) − b‖₁   (λ = 10)
 *     G/idt_AB = λ·λ_idt·‖G_AB(b) − b‖₁            G/idt_BA = λ·λ_idt·‖G_BA(a) − a‖₁   (λ_idt = 0.5)
 *   D phase (D_A and D_B, one optimizer), on the G phase's fakes passed through a pool of 50 past fakes:
 *     D/real_B + D/fake_B = ½·[GAN(D_B(b), real) + GAN(D_B(pool_B(G_AB(a))), fake)], and the same for A.
 * The adversarial criterion is LSGAN's (`loss.type: least-squares`); the learning rate is constant for
 * the first half of the run and decays linearly to 0 over the second (presets' `schedule`).
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { GanConfig } from '../../config/types.js';
import { imageSize } from '../../data/dataset.js';
import { createTranslationSource } from '../../data/translation/registry.js';
import type { TranslationSource } from '../../data/translation/source.js';
import type { TranslationBatch } from '../../data/translation/types.js';
import { l1Loss } from '../../losses/reconstruction.js';
import { targetLoss, type TargetLossType, targetLossType } from '../../losses/target-loss.js';
import { forward } from '../../models/forward.js';
import { buildCycleGan, type CycleGanNetworks } from '../../models/cyclegan/index.js';
import type { TranslationShapes } from '../../models/types.js';
import { UsageError } from '../../util/errors.js';
import { Rng, type RngState } from '../../util/rng.js';
import type { LossTerms, Objective, ObjectiveState, Phase, Visual } from '../objective.js';
import type { Translators } from '../translation-eval.js';
import { STREAMS } from '../streams.js';
import { ImagePool } from '../tricks/image-pool.js';
import {
  batchTensors,
  columnsVisual,
  objectiveOptions,
  rejectNoiseOnlyOptions,
  translate,
  translationShapes,
} from './translation.js';

/** Fixed examples in the sample picture (one row of six per example). */
const VISUAL_ROWS = 8;

export class CycleGanObjective implements Objective {
  readonly name = 'cyclegan';
  readonly phases: Phase[];
  readonly ema: Record<string, tfl.LayersModel>;
  private readonly loss: TargetLossType;
  private readonly options: { cycleWeight: number; identityWeight: number; poolSize: number };
  private readonly pools: { a: ImagePool; b: ImagePool };
  private poolRng: Rng;
  /** The G phase's batch and fakes, which the D phase judges. */
  private last?: { batch: TranslationBatch; fakeA: Float32Array; fakeB: Float32Array };

  constructor(
    readonly config: GanConfig,
    readonly networks: CycleGanNetworks,
    readonly data: TranslationSource,
    readonly shapes: TranslationShapes,
    ema: Partial<Pick<CycleGanNetworks, 'G_AB' | 'G_BA'>> = {},
  ) {
    rejectNoiseOnlyOptions(config, 'CycleGAN');
    if (config.train.dSteps !== 1)
      throw new UsageError(
        `config: CycleGAN updates its discriminators once per step; set 'train.dSteps' to 1`,
      );
    this.loss = targetLossType(config.loss.type, 'CycleGAN');
    this.options = objectiveOptions(config, 'CycleGAN', {
      cycleWeight: 10,
      identityWeight: 0.5,
      poolSize: 50,
    });
    if (this.options.identityWeight > 0 && shapes.a[2] !== shapes.b[2])
      throw new UsageError(
        `config: CycleGAN's identity loss needs domains with the same channels (A has ${shapes.a[2]}, B ${shapes.b[2]}); set 'objective.identityWeight: 0'`,
      );
    const poolSize = this.options.poolSize;
    if (!Number.isInteger(poolSize))
      throw new UsageError(`config: 'objective.poolSize' must be an integer, got ${poolSize}`);
    this.pools = {
      a: new ImagePool(poolSize, imageSize(shapes.a)),
      b: new ImagePool(poolSize, imageSize(shapes.b)),
    };
    this.poolRng = new Rng(config.train.seed, STREAMS.pool);
    this.ema = { ...ema } as Record<string, tfl.LayersModel>;
    this.phases = [
      { name: 'G', trains: ['G_AB', 'G_BA'], optimizer: 'generator', side: 'g', repeat: 1 },
      { name: 'D', trains: ['D_A', 'D_B'], optimizer: 'discriminator', side: 'd', repeat: 1 },
    ];
  }

  /** The generator of a direction (the EMA copy when kept). */
  translator(direction: 'AtoB' | 'BtoA'): tfl.LayersModel {
    const name = direction === 'AtoB' ? 'G_AB' : 'G_BA';
    return this.ema[name] ?? this.networks[name];
  }

  get translators(): Translators {
    return { AtoB: this.translator('AtoB'), BtoA: this.translator('BtoA') };
  }

  private run(net: tfl.LayersModel, x: tf.Tensor): tf.Tensor {
    return forward(net, x, { training: true }) as tf.Tensor;
  }

  phaseTerms(phase: Phase): () => LossTerms {
    return phase.side === 'g' ? this.generatorTerms() : this.discriminatorTerms();
  }

  private generatorTerms(): () => LossTerms {
    const batch = this.data.next();
    const { a, b } = batchTensors(batch, this.shapes);
    const { G_AB, G_BA, D_A, D_B } = this.networks;
    const { cycleWeight: lambda, identityWeight } = this.options;
    return () => {
      const fakeB = this.run(G_AB, a);
      const fakeA = this.run(G_BA, b);
      this.last = {
        batch,
        fakeA: Float32Array.from(fakeA.dataSync()),
        fakeB: Float32Array.from(fakeB.dataSync()),
      };
      const terms: LossTerms = {
        adv_AB: targetLoss(this.loss, this.run(D_B, fakeB), true),
        adv_BA: targetLoss(this.loss, this.run(D_A, fakeA), true),
        cycle_A: tf.mul(lambda, l1Loss(this.run(G_BA, fakeB), a)) as tf.Scalar,
        cycle_B: tf.mul(lambda, l1Loss(this.run(G_AB, fakeA), b)) as tf.Scalar,
      };
      if (identityWeight > 0) {
        terms.idt_AB = tf.mul(lambda * identityWeight, l1Loss(this.run(G_AB, b), b)) as tf.Scalar;
        terms.idt_BA = tf.mul(lambda * identityWeight, l1Loss(this.run(G_BA, a), a)) as tf.Scalar;
      }
      return terms;
    };
  }

  private discriminatorTerms(): () => LossTerms {
    if (!this.last) throw new Error('CycleGAN: the D phase runs after the G phase');
    const { batch, fakeA, fakeB } = this.last;
    const { a, b } = batchTensors(batch, this.shapes);
    const n = a.shape[0];
    const pooledB = tf.tensor4d(this.pools.b.query(fakeB, this.poolRng), [n, ...this.shapes.b]);
    const pooledA = tf.tensor4d(this.pools.a.query(fakeA, this.poolRng), [n, ...this.shapes.a]);
    const { D_A, D_B } = this.networks;
    const half = (logits: tf.Tensor, real: boolean) =>
      tf.mul(0.5, targetLoss(this.loss, logits, real)) as tf.Scalar;
    return () => ({
      real_B: half(this.run(D_B, b), true),
      fake_B: half(this.run(D_B, pooledB), false),
      real_A: half(this.run(D_A, a), true),
      fake_A: half(this.run(D_A, pooledA), false),
    });
  }

  /** Fixed examples: a | G_AB(a) | G_BA(G_AB(a)) | b | G_BA(b) | G_AB(G_BA(b)). */
  visual(n: number): Visual {
    const fixed = this.data.fixed(Math.min(n, VISUAL_ROWS));
    const count = Math.min(
      fixed.a.length / imageSize(this.shapes.a),
      fixed.b.length / imageSize(this.shapes.b),
    );
    const { a, b } = this.shapes;
    const x = tf.tensor4d(fixed.a.subarray(0, count * imageSize(a)), [count, ...a]);
    const y = tf.tensor4d(fixed.b.subarray(0, count * imageSize(b)), [count, ...b]);
    const ab = translate(this.translator('AtoB'), x);
    const ba = translate(this.translator('BtoA'), y);
    const aba = tf.tidy(() => translate(this.translator('BtoA'), tf.tensor4d(ab, [count, ...b])));
    const bab = tf.tidy(() => translate(this.translator('AtoB'), tf.tensor4d(ba, [count, ...a])));
    tf.dispose([x, y]);
    return columnsVisual(
      [
        { images: fixed.a.subarray(0, count * imageSize(a)), channels: a[2] },
        { images: ab, channels: b[2] },
        { images: aba, channels: a[2] },
        { images: fixed.b.subarray(0, count * imageSize(b)), channels: b[2] },
        { images: ba, channels: a[2] },
        { images: bab, channels: b[2] },
      ],
      count,
      this.shapes.b,
    );
  }

  saveState(): ObjectiveState {
    const rows = (pool: ImagePool) => {
      const values = pool.contents();
      return [{ name: 'pool', shape: [values.length], dtype: 'float32' as const, values }];
    };
    return {
      json: { pool: this.poolRng.state() },
      tensors: { pool_A: rows(this.pools.a), pool_B: rows(this.pools.b) },
    };
  }

  loadState(state: ObjectiveState): void {
    this.poolRng = Rng.fromState(state.json.pool as RngState);
    this.pools.a.restore((state.tensors.pool_A?.[0].values as Float32Array) ?? new Float32Array());
    this.pools.b.restore((state.tensors.pool_B?.[0].values as Float32Array) ?? new Float32Array());
  }
}

/** CycleGAN's networks, data and objective from a config (EMA copies of both G when `tricks.ema` is set). */
export function createCycleGanObjective(config: GanConfig): CycleGanObjective {
  const shapes = translationShapes(config);
  const data = createTranslationSource(config.data, config.train.batchSize, config.train.seed);
  const build = () => buildCycleGan(config.model, { shapes, seed: config.train.seed });
  const nets = build();
  let ema: Partial<CycleGanNetworks> = {};
  if (config.tricks?.ema) {
    const copy = build();
    copy.D_A.dispose();
    copy.D_B.dispose();
    ema = { G_AB: copy.G_AB, G_BA: copy.G_BA };
  }
  return new CycleGanObjective(config, nets, data, shapes, ema);
}
