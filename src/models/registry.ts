/** Model families by config name (`model.family`). Adding a family: one file and one line here. */
import type { ModelConfig } from '../config/types.js';
import { UsageError } from '../util/errors.js';
import { buildDcgan } from './dcgan.js';
import { buildMlp } from './mlp.js';
import { buildStyleGan } from './stylegan/index.js';
import { buildProgan } from './progan/index.js';
import type { BuildContext, GanNetworks, ModelBuilder } from './types.js';

export const modelFamilies: Record<string, ModelBuilder> = {
  mlp: buildMlp,
  dcgan: buildDcgan,
  stylegan: buildStyleGan,
  progan: buildProgan,
};

/** Builds the networks of `model.family`; an unknown family is a usage error listing the valid ones. */
export function buildNetworks(model: ModelConfig, ctx: BuildContext): GanNetworks {
  const builder = modelFamilies[model.family];
  if (!builder) {
    throw new UsageError(
      `unknown model family '${model.family}'; valid: ${Object.keys(modelFamilies).join(', ')}`,
    );
  }
  if (model.latentDim === undefined)
    throw new UsageError(`config: 'model.latentDim' is required by the noise-fed family '${model.family}'`);
  return builder(model, ctx);
}

/** Whether a family is noise-fed (drawn from z by `gankit sample`), as opposed to image-to-image. */
export function isNoiseFamily(family: string): boolean {
  return family in modelFamilies;
}
