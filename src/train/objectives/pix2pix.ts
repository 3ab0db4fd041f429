/**
 * pix2pix (Isola et al. 2017; seed 003 "an image-conditional GAN"): a U-Net G maps an input image x to
 * G(x); a PatchGAN D judges (input, output) pairs, one logit per patch. As pix2pix_model.py:
 *   D: ½·[GAN(D(x, y), real) + GAN(D(x, G(x)), fake)]      terms D/real, D/fake
 *   G: GAN(D(x, G(x)), real) + λ·‖y − G(x)‖₁ (λ = 100)        terms G/adv, G/l1
 * D is updated first, then G on the same batch against the updated D. tfjs has no persistent graph
 * across two tapes, so G(x) is computed again under G's tape (one extra forward pass of G per step) —
 * with dropout on, the two passes draw different masks, both samples of G's stochastic output.
 * Dropout is G's only noise (no z), as in the paper.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { GanConfig } from '../../config/types.js';
import { createTranslationSource } from '../../data/translation/registry.js';
import type { TranslationSource } from '../../data/translation/source.js';
import type { TranslationBatch } from '../../data/translation/types.js';
import { l1Loss } from '../../losses/reconstruction.js';
import { targetLoss, type TargetLossType, targetLossType } from '../../losses/target-loss.js';
import { forward } from '../../models/forward.js';
import { buildPix2pix } from '../../models/pix2pix/index.js';
import type { TranslationShapes } from '../../models/types.js';
import { UsageError } from '../../util/errors.js';
import {
  discriminatorThenGenerator,
  type LossTerms,
  type Objective,
  type ObjectiveState,
  type Phase,
  type Visual,
} from '../objective.js';
import type { Translators } from '../translation-eval.js';
import {
  batchTensors,
  columnsVisual,
  objectiveOptions,
  rejectNoiseOnlyOptions,
  translate,
  translationShapes,
} from './translation.js';

/** Fixed examples in the sample picture (two input | output | target triplets per row). */
const VISUAL_ROWS = 16;

export class Pix2pixObjective implements Objective {
  readonly name = 'pix2pix';
  readonly phases: Phase[];
  readonly ema: Record<string, tfl.LayersModel>;
  private readonly loss: TargetLossType;
  private readonly l1Weight: number;
  /** The batch of the step: drawn by the D phase, reused by the G phase. */
  private batch?: TranslationBatch;

  constructor(
    readonly config: GanConfig,
    readonly networks: { generator: tfl.LayersModel; discriminator: tfl.LayersModel },
    readonly data: TranslationSource,
    readonly shapes: TranslationShapes,
    emaGenerator?: tfl.LayersModel,
  ) {
    rejectNoiseOnlyOptions(config, 'pix2pix');
    if (!data.paired)
      throw new UsageError(
        `pix2pix needs paired data and ${data.name} is unpaired; use model.family 'cyclegan' for unpaired domains`,
      );
    this.loss = targetLossType(config.loss.type, 'pix2pix');
    this.l1Weight = objectiveOptions(config, 'pix2pix', { l1Weight: 100 }).l1Weight;
    this.ema = emaGenerator ? { generator: emaGenerator } : {};
    this.phases = discriminatorThenGenerator(config.train.dSteps);
  }

  /** The generator that translates (the EMA copy when kept). */
  get translator(): tfl.LayersModel {
    return this.ema.generator ?? this.networks.generator;
  }

  get translators(): Translators {
    return { AtoB: this.translator };
  }

  private judge(x: tf.Tensor, y: tf.Tensor): tf.Tensor {
    return forward(this.networks.discriminator, tf.concat([x, y], 3), { training: true }) as tf.Tensor;
  }

  phaseTerms(phase: Phase): () => LossTerms {
    if (phase.side === 'd') this.batch = this.data.next();
    const { a, b } = batchTensors(this.batch!, this.shapes);
    if (phase.side === 'd') {
      const fake = forward(this.networks.generator, a, { training: true }) as tf.Tensor;
      return () => ({
        real: tf.mul(0.5, targetLoss(this.loss, this.judge(a, b), true)) as tf.Scalar,
        fake: tf.mul(0.5, targetLoss(this.loss, this.judge(a, fake), false)) as tf.Scalar,
      });
    }
    return () => {
      const fake = forward(this.networks.generator, a, { training: true }) as tf.Tensor;
      return {
        adv: targetLoss(this.loss, this.judge(a, fake), true),
        l1: tf.mul(this.l1Weight, l1Loss(fake, b)) as tf.Scalar,
      };
    };
  }

  /** Fixed test pairs: input | output | target, two triplets per row. */
  visual(n: number): Visual {
    const rows = Math.min(n, VISUAL_ROWS);
    const fixed = this.data.fixed(rows);
    const count = fixed.b.length / this.shapes.b.reduce((x, y) => x * y);
    const out = tf.tidy(() => translate(this.translator, batchTensors(fixed, this.shapes).a));
    const v = columnsVisual(
      [
        { images: fixed.a, channels: this.shapes.a[2] },
        { images: out, channels: this.shapes.b[2] },
        { images: fixed.b, channels: this.shapes.b[2] },
      ],
      count,
      this.shapes.b,
    );
    return v.kind === 'grid' && count > 1 ? { ...v, columns: 6 } : v;
  }

  saveState(): ObjectiveState {
    return { json: {}, tensors: {} };
  }

  loadState(): void {}
}

/** pix2pix's networks, data and objective from a config (an EMA copy of G when `tricks.ema` is set). */
export function createPix2pixObjective(config: GanConfig): Pix2pixObjective {
  const shapes = translationShapes(config);
  const data = createTranslationSource(config.data, config.train.batchSize, config.train.seed);
  const build = () => buildPix2pix(config.model, { shapes, seed: config.train.seed });
  const nets = build();
  let emaGenerator: tfl.LayersModel | undefined;
  if (config.tricks?.ema) {
    const copy = build();
    copy.discriminator.dispose();
    emaGenerator = copy.generator;
  }
  return new Pix2pixObjective(config, nets, data, shapes, emaGenerator);
}
