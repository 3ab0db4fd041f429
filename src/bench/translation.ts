/**
 * The image-to-image rows of the benchmark's training section: one pix2pix step and one CycleGAN step
 * at 64×64, gankit's trainer against the official training step of pytorch-CycleGAN-and-pix2pix
 * (`--train` mode of bench/pytorch_translation.py) on the same networks; and one StarGAN v2 step of
 * `stargan-fashion` (28×28, three domains) against clovaai/stargan-v2's `Solver.train` iteration on the
 * same networks (`--train stargan --size 28`).
 *
 * gankit's side is what `gankit train --preset pix2pix-emoji | cyclegan-emoji` builds — the preset's
 * config (networks, norm, losses and weights, pool, Adam) through `resolveConfig`, the family's builder
 * and objective class, the {@link Trainer} — except that the objective reads one fixed in-memory batch
 * ({@link FixedTranslationSource}), so the rows time training and not emoji decoding or resizing.
 *
 * Both rows run at one batch size, {@link TRANSLATION_BATCH}, on both frameworks: 4 is cyclegan-emoji's
 * own batch, and a CycleGAN step costs ≈ 90 GFLOP per image (six passes of a 2.2 GMAC ResNet generator
 * with their gradients), so the preset pix2pix batch of 8 would make the CycleGAN row alone take minutes
 * on a 2-core machine; pix2pix at 4 keeps the two rows comparable. (The papers' own batch size is 1.)
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { resolveConfig } from '../config/resolve.js';
import type { GanConfig } from '../config/types.js';
import type { ImageDataset } from '../data/dataset.js';
import { type DomainBatch, DomainSource } from '../data/translation/domain-source.js';
import { TranslationSource } from '../data/translation/source.js';
import type { TranslationBatch } from '../data/translation/types.js';
import { buildCycleGan } from '../models/cyclegan/index.js';
import type { ImageShape } from '../models/types.js';
import { buildPix2pix } from '../models/pix2pix/index.js';
import { buildStarGan } from '../models/stargan-v2/index.js';
import { CycleGanObjective } from '../train/objectives/cyclegan.js';
import { Pix2pixObjective } from '../train/objectives/pix2pix.js';
import { StarGanObjective } from '../train/objectives/stargan-v2.js';
import { translationShapes } from '../train/objectives/translation.js';
import { Trainer } from '../train/trainer.js';
import { Rng } from '../util/rng.js';

/** Images per domain per step of both translation rows, on both frameworks (see the module comment). */
export const TRANSLATION_BATCH = 4;

/** The presets whose training step the rows time. */
export type TranslationPreset = 'pix2pix-emoji' | 'cyclegan-emoji' | 'stargan-fashion';

/**
 * A translation source over `batchSize` random images per domain that hands out the same batch at
 * every step (the objectives only read `next()`, `fixed()`, `paired`, `name` and the data position, all
 * of the real source).
 */
export class FixedTranslationSource extends TranslationSource {
  private readonly batch: TranslationBatch;

  constructor(shapes: { a: ImageShape; b: ImageShape }, paired: boolean, batchSize: number, seed: number) {
    const rng = new Rng(seed);
    const domain = (shape: ImageShape, name: string): ImageDataset => {
      const values = rng.uniform(batchSize * shape[0] * shape[1] * shape[2]);
      return { name, n: batchSize, shape, pixels: Uint8Array.from(values, (v) => Math.floor(v * 256)) };
    };
    super(
      {
        name: 'benchmark batch',
        a: domain(shapes.a, 'A'),
        b: domain(shapes.b, 'B'),
        paired,
        domains: ['A', 'B'],
      },
      batchSize,
      '-1,1',
      seed,
    );
    this.batch = super.next();
  }

  override next(): TranslationBatch {
    return this.batch;
  }
}

/**
 * A multi-domain source that hands out one batch of random images (sources, references, domains) at every
 * step, as {@link FixedTranslationSource} does for two domains.
 */
export class FixedDomainSource extends DomainSource {
  private readonly batch: DomainBatch;

  constructor(shape: ImageShape, domains: number, batchSize: number, seed: number) {
    const rng = new Rng(seed);
    const n = domains * batchSize;
    const images = rng.uniform(n * shape[0] * shape[1] * shape[2]);
    const labels = Uint8Array.from({ length: n }, (_, i) => i % domains);
    const names = Array.from({ length: domains }, (_, k) => `domain ${k}`);
    const pixels = Uint8Array.from(images, (v) => Math.floor(v * 256));
    super(
      {
        name: 'benchmark batch',
        images: { name: 'benchmark batch', n, shape, pixels, labels },
        domains: names,
      },
      batchSize,
      '-1,1',
      seed,
    );
    this.batch = super.next();
  }

  override next(): DomainBatch {
    return this.batch;
  }
}

/** The config `gankit train --preset <preset>` runs, at the benchmark's batch size and seed. */
export function translationConfig(preset: TranslationPreset, batch: number, seed: number): GanConfig {
  return resolveConfig({ preset, overrides: { train: { batchSize: batch, seed } } });
}

/**
 * gankit's trainer of a translation preset on a fixed batch: the networks, objective and trainer that
 * `createTrainer(resolveConfig({ preset }))` (src/train/run.ts) makes, the data source aside.
 */
export function translationTrainer(preset: TranslationPreset, batch: number, seed: number): Trainer {
  const config = translationConfig(preset, batch, seed);
  if (preset === 'stargan-fashion') {
    const data = new FixedDomainSource(config.data.shape, 3, batch, seed);
    const build = () => buildStarGan(config.model, { imageShape: config.data.shape, domains: 3, seed });
    const nets = build();
    const copy = build();
    copy.discriminator.dispose();
    const ema = { generator: copy.generator, mapping: copy.mapping, style_encoder: copy.style_encoder };
    return new Trainer(config, new StarGanObjective(config, nets, data, ema));
  }
  const shapes = translationShapes(config);
  const build = { shapes, seed: config.train.seed };
  if (preset === 'pix2pix-emoji') {
    const data = new FixedTranslationSource(shapes, true, batch, seed);
    return new Trainer(config, new Pix2pixObjective(config, buildPix2pix(config.model, build), data, shapes));
  }
  const data = new FixedTranslationSource(shapes, false, batch, seed);
  return new Trainer(config, new CycleGanObjective(config, buildCycleGan(config.model, build), data, shapes));
}

/**
 * Forward passes of one official training step, per generator and per discriminator, in units of one
 * network's forward pass on the batch (backward ≈ 2× forward, its input gradient alone ≈ 1×):
 * - pix2pix (pix2pix_model.py): G forward + backward (3); D on the real and the fake pair with weight
 *   gradients (2 × 3), then on the fake pair with the input gradient for G (2): 3 G + 8 D. gankit does one
 *   G forward more (4 G + 8 D), computing G(x) again under G's tape; the rows count the official work.
 * - CycleGAN (cycle_gan_model.py): six generator passes (two translations, two reconstructions, two
 *   identities) with their gradients (18, over both generators of one size); D_A and D_B on the fakes
 *   with input gradients (2 × 2); both D on a real and a pooled fake with weight gradients (4 × 3):
 *   18 G + 16 D. gankit's CycleGAN step does the same work.
 * - StarGAN v2 (solver.py, both frameworks alike; approximate, F's few MACs left out): per D phase a G
 *   forward for the fake, D on the real batch with R1's input gradient and its double backward (≈ 4) and
 *   on the fake with weight gradients (3); per G phase G(x, s̃₂) without gradients (1), G(x, s̃) and the
 *   reconstruction with gradients (2 × 3), D on the fake with the input gradient (2), E on the fake and on
 *   x with gradients (2 × 3) and, reference-guided, E on the two references (2): 16 G + 18 D + 14 E.
 */
const PASSES: Record<TranslationPreset, { g: number; d: number; gNet: string; dNet: string; e?: number }> = {
  'pix2pix-emoji': { g: 3, d: 8, gNet: 'generator', dNet: 'discriminator' },
  'cyclegan-emoji': { g: 18, d: 16, gNet: 'G_AB', dNet: 'D_A' },
  'stargan-fashion': { g: 16, d: 18, e: 14, gNet: 'generator', dNet: 'discriminator' },
};

/** FLOPs of one official step of `preset` on `batch` images, from one G's and one D's MACs per image. */
export function translationStepFlops(
  preset: TranslationPreset,
  networks: Readonly<Record<string, tfl.LayersModel>>,
  batch: number,
  macs: (model: tfl.LayersModel) => number,
): number {
  const p = PASSES[preset];
  const e = p.e ? p.e * macs(networks.style_encoder) : 0;
  return 2 * batch * (p.g * macs(networks[p.gNet]) + p.d * macs(networks[p.dNet]) + e);
}
