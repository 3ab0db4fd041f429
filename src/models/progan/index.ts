/**
 * The `progan` model family (Karras et al. 2018, "Progressive Growing of GANs"): the generator and
 * discriminator of generator.ts / discriminator.ts, each one growing layer inside a tfjs model, and the
 * growth schedule of growth.ts, trained by src/train/objectives/progan.ts.
 *
 * Spec keys (`model:`): `latentDim` (official 512), `fmapBase` (8192) and `fmapMax` (512) — the width
 * nf(stage) = min(fmapBase / 2^stage, fmapMax) —, `mbstdGroup` (4), and `growth`:
 * `{ resolutions: [4, 8, 16, 32], stableImages, fadeImages, resetOptimizers: true }`.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { UsageError } from '../../util/errors.js';
import { seeds } from '../init.js';
import type { ModelBuilder } from '../types.js';
import { ProganDiscriminator } from './discriminator.js';
import { ProganGenerator } from './generator.js';
import type { GrowingLayer } from './growing-layer.js';
import { levelResolution, parseGrowth } from './growth.js';

function positiveInt(spec: Record<string, unknown>, key: string, fallback: number): number {
  const v = spec[key] ?? fallback;
  if (!Number.isInteger(v) || (v as number) < 1)
    throw new UsageError(`config: 'model.${key}' must be a positive integer, got ${String(v)}`);
  return v as number;
}

/** Builds ProGAN's networks at their schedule's first growth state; see the module comment for the spec. */
export const buildProgan: ModelBuilder = (spec, ctx) => {
  const [h, w, c] = ctx.imageShape;
  if (h !== w) throw new UsageError(`config: progan needs square images, got ${h}x${w}`);
  const growth = parseGrowth(spec.growth, h);
  const latentDim = positiveInt(spec, 'latentDim', 512);
  const maps = { fmapBase: positiveInt(spec, 'fmapBase', 8192), fmapMax: positiveInt(spec, 'fmapMax', 512) };
  const common = {
    finalLevel: growth.finalLevel,
    initial: { level: growth.startLevel, alpha: 1 },
    maps,
    channels: c,
  };
  const nextSeed = seeds(ctx.seed);
  const generator = tfl.sequential({
    name: 'generator',
    layers: [new ProganGenerator({ ...common, latentDim, nextSeed, inputShape: [latentDim] })],
  });
  const discriminator = tfl.sequential({
    name: 'discriminator',
    layers: [
      new ProganDiscriminator({
        ...common,
        mbstdGroup: positiveInt(spec, 'mbstdGroup', 4),
        nextSeed,
        inputShape: [h, w, c],
      }),
    ],
  });
  return { generator, discriminator, latentDim, imageShape: ctx.imageShape };
};

/** The growing layer inside one of ProGAN's networks (what the objective sets the growth state of). */
export function growingLayer(net: tfl.LayersModel): GrowingLayer {
  const layer = net.layers[0] as GrowingLayer;
  if (typeof layer?.setGrowth !== 'function')
    throw new Error(`network '${net.name}' is not a ProGAN network`);
  return layer;
}

/**
 * The stage a rebuilt ProGAN generator draws at — the growth state its checkpoint was saved in (it is a
 * weight; see growing-layer.ts), not necessarily the final resolution: the blocks of later stages are
 * untrained until the growth reaches them, so a mid-growth run is drawn at its current stage, upsampled.
 */
export function describeGrowthStage(generator: tfl.LayersModel): string {
  const layer = growingLayer(generator);
  const { level, alpha } = layer.growth();
  const size = levelResolution(level);
  const final = levelResolution(layer.finalLevel);
  const stage = alpha < 1 ? `fading in ${size}×${size} (α ${alpha.toFixed(3)})` : `${size}×${size}`;
  return level === layer.finalLevel && alpha === 1
    ? `ProGAN generator: grown to its final ${final}×${final}`
    : `ProGAN generator: at its saved growth stage, ${stage} of ${final}×${final} (images upsampled to ${final}×${final})`;
}
