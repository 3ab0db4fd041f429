/**
 * The `stylegan` family (Karras et al. 2019; seeds 002 and 003): a style-based generator (mapping
 * network, learned constant, noise inputs, AdaIN) and an equalised-LR discriminator with minibatch
 * stddev. Unconditional: a labelled dataset's labels are not used. It trains with its own objective
 * (src/train/objectives/stylegan.ts: style mixing, the tracked mean w, R1, lazy regularisation); the
 * builder is also registered as a noise-fed family so that `gankit sample` and `gankit eval` rebuild
 * its generator like any other. Spec keys: src/models/stylegan/spec.ts.
 */
import { seeds } from '../init.js';
import type { ModelBuilder } from '../types.js';
import { buildStyleDiscriminator } from './discriminator.js';
import { buildStyleGenerator } from './generator.js';
import { readStyleGanSpec } from './spec.js';

export { type StyleParts, styleParts } from './generator.js';

export const buildStyleGan: ModelBuilder = (model, ctx) => {
  const spec = readStyleGanSpec(model, ctx.imageShape);
  const next = seeds(ctx.seed);
  const { generator } = buildStyleGenerator(spec, ctx.imageShape[2], next);
  const discriminator = buildStyleDiscriminator(spec, ctx.imageShape, next);
  return { generator, discriminator, latentDim: spec.latentDim, imageShape: ctx.imageShape };
};
