/**
 * StyleGAN's `model` section, checked: known keys only, numbers in range, the resolution a power of two.
 *
 * Keys (defaults in brackets; the official defaults for 1024² FFHQ are 512, 8, 0.01, 8192, 512):
 * `latentDim` z size [128], `wDim` w size [latentDim], `mappingLayers` depth of the mapping network [8],
 * `mappingLrMultiplier` its learning-rate multiplier [0.01], `fmapBase` / `fmapMax` the channel widths
 * nf(stage) = min(fmapBase / 2^stage, fmapMax) of the official code [2048 / 128], `discriminator`
 * `plain` (StyleGAN's D) or `resnet` (StyleGAN2's residual D) [plain], `mbstdGroup` the minibatch
 * standard deviation's group size [4], `blur` the official [1, 2, 1] low-pass filter after every upsampling
 * convolution of G and before every downsampling convolution of D (src/nn/blur.ts) [true].
 */
import { UsageError } from '../../util/errors.js';
import type { ImageShape } from '../types.js';

export interface StyleGanSpec {
  latentDim: number;
  wDim: number;
  mappingLayers: number;
  mappingLrMultiplier: number;
  fmapBase: number;
  fmapMax: number;
  discriminator: 'plain' | 'resnet';
  mbstdGroup: number;
  /** Whether G and D low-pass filter around their resampling (the official `blur2d`). */
  blur: boolean;
  /** log2 of the output resolution (5 for 32×32). */
  resolutionLog2: number;
}

const NUMBERS = {
  latentDim: { min: 1, int: true },
  wDim: { min: 1, int: true },
  mappingLayers: { min: 1, int: true },
  mappingLrMultiplier: { min: 1e-6, int: false },
  fmapBase: { min: 1, int: true },
  fmapMax: { min: 1, int: true },
  mbstdGroup: { min: 1, int: true },
} as const;

/** Synthesis layers of a resolution: two per resolution from 4×4 up (8 at 32×32, 10 at 64×64). */
export function styleLayerCount(resolutionLog2: number): number {
  return 2 * resolutionLog2 - 2;
}

/** Channels at a stage, as the official `nf(stage)`: stage s works at resolution 2^(s + 1). */
export function stageChannels(spec: StyleGanSpec, stage: number): number {
  return Math.min(Math.floor(spec.fmapBase / 2 ** stage), spec.fmapMax);
}

export function readStyleGanSpec(model: Record<string, unknown>, shape: ImageShape): StyleGanSpec {
  const valid = ['family', ...Object.keys(NUMBERS), 'discriminator', 'blur'];
  for (const key of Object.keys(model))
    if (!valid.includes(key))
      throw new UsageError(
        `config: unknown key 'model.${key}' for family 'stylegan'; valid: ${valid.join(', ')}`,
      );
  for (const [key, rule] of Object.entries(NUMBERS)) {
    const v = model[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < rule.min || (rule.int && !Number.isInteger(v)))
      throw new UsageError(
        `config: 'model.${key}' must be ${rule.int ? 'an integer' : 'a number'} >= ${rule.min}, got ${JSON.stringify(v)}`,
      );
  }
  const d = model.discriminator ?? 'plain';
  if (d !== 'plain' && d !== 'resnet')
    throw new UsageError(
      `config: 'model.discriminator' must be 'plain' or 'resnet', got ${JSON.stringify(d)}`,
    );
  const blur = model.blur ?? true;
  if (typeof blur !== 'boolean')
    throw new UsageError(`config: 'model.blur' must be true or false, got ${JSON.stringify(blur)}`);
  const [h, w] = shape;
  const log2 = Math.log2(h);
  if (h !== w || !Number.isInteger(log2) || log2 < 3)
    throw new UsageError(
      `config: StyleGAN needs square images of a power-of-two size ≥ 8 ('data.shape'), got ${h}x${w}`,
    );
  const latentDim = (model.latentDim as number | undefined) ?? 128;
  return {
    latentDim,
    wDim: (model.wDim as number | undefined) ?? latentDim,
    mappingLayers: (model.mappingLayers as number | undefined) ?? 8,
    mappingLrMultiplier: (model.mappingLrMultiplier as number | undefined) ?? 0.01,
    fmapBase: (model.fmapBase as number | undefined) ?? 2048,
    fmapMax: (model.fmapMax as number | undefined) ?? 128,
    discriminator: d,
    mbstdGroup: (model.mbstdGroup as number | undefined) ?? 4,
    blur,
    resolutionLog2: log2,
  };
}
