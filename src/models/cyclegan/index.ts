/**
 * The CycleGAN family: ResNet-block generators G_AB: A→B and G_BA: B→A (reflection padding, instance
 * norm) and PatchGAN discriminators D_A (judges domain A) and D_B (judges domain B). `model` keys:
 * `norm` (`instance` as CycleGAN, or `batch`), `generator: { filters, blocks }`,
 * `discriminator: { filters, layers }` — defaults are the official ones scaled to the image size
 * (resnet-generator.ts, ../pix2pix/patchgan.ts).
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { buildChecked, readImageToImageSpec } from '../image-to-image-spec.js';
import { buildPatchDiscriminator } from '../pix2pix/patchgan.js';
import type { TranslationBuilder } from '../types.js';
import { buildResnetGenerator } from './resnet-generator.js';

/** CycleGAN's four networks by the names its objective and checkpoints use. */
export interface CycleGanNetworks {
  G_AB: tfl.LayersModel;
  G_BA: tfl.LayersModel;
  D_A: tfl.LayersModel;
  D_B: tfl.LayersModel;
  [name: string]: tfl.LayersModel;
}

export const buildCycleGan: (...args: Parameters<TranslationBuilder>) => CycleGanNetworks = (
  spec,
  { shapes, seed },
) => {
  const s = readImageToImageSpec(spec, {
    generator: ['filters', 'blocks'],
    discriminator: ['filters', 'layers'],
  });
  const norm = s.norm ?? 'instance';
  return buildChecked(() => {
    const generator = (name: string, from: typeof shapes.a, to: typeof shapes.b, offset: number) =>
      buildResnetGenerator({
        imageShape: from,
        outChannels: to[2],
        filters: s.generator.filters,
        blocks: s.generator.blocks,
        norm,
        seed: seed + offset,
        name,
      });
    const discriminator = (name: string, shape: typeof shapes.a, offset: number) =>
      buildPatchDiscriminator({
        imageShape: shape,
        filters: s.discriminator.filters,
        layers: s.discriminator.layers,
        norm,
        seed: seed + offset,
        name,
      });
    return {
      G_AB: generator('G_AB', shapes.a, shapes.b, 0),
      G_BA: generator('G_BA', shapes.b, shapes.a, 1),
      D_A: discriminator('D_A', shapes.a, 2),
      D_B: discriminator('D_B', shapes.b, 3),
    };
  });
};
