/**
 * The image-to-image families by config name (`model.family`): how each builds its networks and which
 * network translates in each direction (what `gankit translate` loads). Their objectives live in
 * src/train/objectives/. Adding a family: its folder in src/models/ and one line here.
 */
import { buildCycleGan } from './cyclegan/index.js';
import { buildPix2pix } from './pix2pix/index.js';
import type { TranslationBuilder } from './types.js';

/** Translation directions: A→B, and B→A for families that learn both. */
export type Direction = 'AtoB' | 'BtoA';

export interface TranslationFamily {
  build: TranslationBuilder;
  /** Name of the generator of each direction the family learns. */
  directions: Partial<Record<Direction, string>> & { AtoB: string };
}

export const translationFamilies: Record<string, TranslationFamily> = {
  pix2pix: { build: buildPix2pix, directions: { AtoB: 'generator' } },
  cyclegan: { build: buildCycleGan, directions: { AtoB: 'G_AB', BtoA: 'G_BA' } },
};

/**
 * The multi-domain families (one generator for K domains under a style code): `gankit translate
 * --domain`, `gankit eval` and `--eval-every` use src/train/domain-translator.ts for them.
 */
export const domainFamilies = new Set(['stargan-v2']);

export function isDomainFamily(family: string): boolean {
  return domainFamilies.has(family);
}
