/**
 * The StarGAN v2 family (Choi et al. 2020; seed 000): generator G(x, s), mapping network F, style
 * encoder E and discriminator D for K domains, as clovaai/stargan-v2 `build_model` makes them, scaled
 * down so that a step is cheap on a CPU. `model` keys (defaults in {@link STARGAN_DEFAULTS}):
 *
 *   latentDim, styleDim
 *   generator:     { filters, maxFilters, downsamples }   (downsamples default: halve while the side is
 *                                                          even and its half at least 7: 28 → 7, 32 → 8, 64 → 8)
 *   mapping:       { hidden, sharedLayers, headLayers }
 *   styleEncoder:  { filters, maxFilters }
 *   discriminator: { filters, maxFilters }
 *
 * F, E and D output every domain's head side by side; {@link pickDomain} takes domain y's per sample.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { UsageError } from '../../util/errors.js';
import { buildChecked, netSpec } from '../image-to-image-spec.js';
import { positiveInt } from '../image-to-image.js';
import type { ImageShape } from '../types.js';
import { buildDiscriminator, buildStyleEncoder } from './encoder.js';
import { buildStarGanGenerator } from './generator.js';
import { buildMappingNetwork } from './mapping.js';

/** StarGAN v2's four networks by the names the objective, checkpoints and `gankit translate` use. */
export interface StarGanNetworks {
  generator: tfl.LayersModel;
  mapping: tfl.LayersModel;
  style_encoder: tfl.LayersModel;
  discriminator: tfl.LayersModel;
  [name: string]: tfl.LayersModel;
}

/** The resolved sizes of the four networks. */
export interface StarGanSpec {
  latentDim: number;
  styleDim: number;
  generator: { filters: number; maxFilters: number; downsamples: number };
  mapping: { hidden: number; sharedLayers: number; headLayers: number };
  styleEncoder: { filters: number; maxFilters: number };
  discriminator: { filters: number; maxFilters: number };
}

/** Small sizes that train on a CPU (official: latent 16, style 64, 64→512 filters, hidden 512). */
export const STARGAN_DEFAULTS = {
  latentDim: 16,
  styleDim: 16,
  generator: { filters: 32, maxFilters: 128 },
  mapping: { hidden: 128, sharedLayers: 4, headLayers: 4 },
  styleEncoder: { filters: 16, maxFilters: 128 },
  discriminator: { filters: 16, maxFilters: 128 },
} as const;

/** The generator's default halvings for a side (see the module comment). */
function defaultDownsamples(side: number): number {
  let k = 0;
  for (let s = side; s % 2 === 0 && s / 2 >= 7; s /= 2) k++;
  return k;
}

const SECTIONS = {
  generator: ['filters', 'maxFilters', 'downsamples'],
  mapping: ['hidden', 'sharedLayers', 'headLayers'],
  styleEncoder: ['filters', 'maxFilters'],
  discriminator: ['filters', 'maxFilters'],
} as const;

/** Checks the `model` section and fills in the defaults; an unknown key or a bad value names the key. */
export function readStarGanSpec(spec: Record<string, unknown>, imageShape: ImageShape): StarGanSpec {
  const top = ['family', 'latentDim', 'styleDim', ...Object.keys(SECTIONS)];
  for (const k of Object.keys(spec))
    if (!top.includes(k))
      throw new UsageError(
        `config: unknown key 'model.${k}' for family 'stargan-v2'; valid: ${top.join(', ')}`,
      );
  const int = (v: unknown, at: string, fallback: number) => {
    const x = v ?? fallback;
    if (!Number.isInteger(x) || (x as number) < 1)
      throw new UsageError(`config: 'model.${at}' must be a positive integer, got ${JSON.stringify(v)}`);
    return x as number;
  };
  const section = <K extends keyof typeof SECTIONS>(key: K, defaults: Record<string, number>) => {
    const given = netSpec(spec[key], `model.${key}`, SECTIONS[key]);
    return Object.fromEntries(SECTIONS[key].map((k) => [k, int(given[k], `${key}.${k}`, defaults[k])]));
  };
  return {
    latentDim: int(spec.latentDim, 'latentDim', STARGAN_DEFAULTS.latentDim),
    styleDim: int(spec.styleDim, 'styleDim', STARGAN_DEFAULTS.styleDim),
    generator: section('generator', {
      ...STARGAN_DEFAULTS.generator,
      downsamples: defaultDownsamples(Math.min(imageShape[0], imageShape[1])),
    }) as StarGanSpec['generator'],
    mapping: section('mapping', STARGAN_DEFAULTS.mapping) as StarGanSpec['mapping'],
    styleEncoder: section('styleEncoder', STARGAN_DEFAULTS.styleEncoder) as StarGanSpec['styleEncoder'],
    discriminator: section('discriminator', STARGAN_DEFAULTS.discriminator) as StarGanSpec['discriminator'],
  };
}

/** Builds the four networks for `domains` domains of `imageShape` images. */
export function buildStarGan(
  spec: Record<string, unknown>,
  ctx: { imageShape: ImageShape; domains: number; seed: number },
): StarGanNetworks {
  const s = readStarGanSpec(spec, ctx.imageShape);
  const { imageShape, seed } = ctx;
  const domains = positiveInt(ctx.domains, 'stargan-v2: domains');
  return buildChecked(() => ({
    generator: buildStarGanGenerator({ imageShape, styleDim: s.styleDim, ...s.generator, seed }),
    mapping: buildMappingNetwork({
      latentDim: s.latentDim,
      styleDim: s.styleDim,
      domains,
      ...s.mapping,
      seed: seed + 1,
    }),
    style_encoder: buildStyleEncoder({
      imageShape,
      domains,
      styleDim: s.styleDim,
      ...s.styleEncoder,
      seed: seed + 2,
      name: 'style_encoder',
    }),
    discriminator: buildDiscriminator({
      imageShape,
      domains,
      ...s.discriminator,
      seed: seed + 3,
      name: 'discriminator',
    }),
  }));
}

/**
 * Domain y's part of a multi-head output: `out` is [N, K·width] (K heads side by side), `y` the domain
 * of each sample; returns [N, width]. Written as a mask-and-sum (one-hot built on the host) so that its
 * gradient reaches only the chosen heads and every backend runs it with plain kernels.
 */
export function pickDomain(out: tf.Tensor, y: Int32Array, domains: number): tf.Tensor2D {
  const n = y.length;
  const width = (out.shape[1] as number) / domains;
  const mask = new Float32Array(n * domains);
  y.forEach((k, i) => {
    mask[i * domains + k] = 1;
  });
  return tf.tidy(
    () =>
      tf.sum(
        tf.mul(tf.reshape(out, [n, domains, width]), tf.tensor3d(mask, [n, domains, 1])),
        1,
      ) as tf.Tensor2D,
  );
}
