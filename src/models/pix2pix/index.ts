/**
 * The pix2pix family: a U-Net generator (input image → output image, dropout as its only noise) and a
 * PatchGAN discriminator on the input and output concatenated along channels. `model` keys:
 * `norm` (`batch` as pix2pix, or `instance`), `generator: { filters, dropout, downs }`,
 * `discriminator: { filters, layers }` — defaults are the official ones scaled to the image size
 * (unet.ts, patchgan.ts).
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import type { TranslationBuilder } from '../types.js';
import { buildChecked, readImageToImageSpec } from '../image-to-image-spec.js';
import { buildPatchDiscriminator } from './patchgan.js';
import { buildUnetGenerator } from './unet.js';

/** pix2pix's two networks. */
export interface Pix2pixNetworks {
  generator: tfl.LayersModel;
  discriminator: tfl.LayersModel;
  [name: string]: tfl.LayersModel;
}

export const buildPix2pix: (...args: Parameters<TranslationBuilder>) => Pix2pixNetworks = (
  spec,
  { shapes, seed },
) => {
  const s = readImageToImageSpec(spec, {
    generator: ['filters', 'dropout', 'downs'],
    discriminator: ['filters', 'layers'],
  });
  const norm = s.norm ?? 'batch';
  return buildChecked(() => {
    const generator = buildUnetGenerator({
      imageShape: shapes.a,
      outChannels: shapes.b[2],
      filters: s.generator.filters,
      dropout: s.generator.dropout,
      downs: s.generator.downs,
      norm,
      seed,
      name: 'generator',
    });
    const discriminator = buildPatchDiscriminator({
      imageShape: [shapes.a[0], shapes.a[1], shapes.a[2] + shapes.b[2]],
      filters: s.discriminator.filters,
      layers: s.discriminator.layers,
      norm,
      seed: seed + 1,
      name: 'discriminator',
    });
    return { generator, discriminator };
  });
};
