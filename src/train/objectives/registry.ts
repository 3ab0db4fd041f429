/**
 * Which objective trains which model family. Noise-fed families (src/models/registry.ts: mlp, dcgan, …)
 * train with the GAN objective; every other family names its own objective here. Adding a family with
 * a new objective: its networks in src/models/<family>/, its objective in one file here, one line below.
 */
import type { GanConfig } from '../../config/types.js';
import type { DataSource } from '../../data/source.js';
import { createDataSource } from '../../data/registry.js';
import { buildNetworks, isNoiseFamily, modelFamilies } from '../../models/registry.js';
import type { GanNetworks } from '../../models/types.js';
import { UsageError } from '../../util/errors.js';
import type { Objective } from '../objective.js';
import { createCycleGanObjective } from './cyclegan.js';
import { createDannObjective } from './dann.js';
import { GanObjective } from './gan.js';
import { createPix2pixObjective } from './pix2pix.js';
import { createStarGanObjective } from './stargan-v2.js';

/** Builds an objective, its networks and its data source from a config. */
export type ObjectiveFactory = (config: GanConfig) => Objective;

/** Objectives of the families that are not noise-fed GANs, by family name. */
export const familyObjectives: Record<string, ObjectiveFactory> = {
  pix2pix: createPix2pixObjective,
  cyclegan: createCycleGanObjective,
  'stargan-v2': createStarGanObjective,
  dann: createDannObjective,
};

/** The networks of a noise-fed family for a data source (labels make conditional models possible). */
export function networksFor(config: GanConfig, source: Pick<DataSource, 'numClasses'>): GanNetworks {
  return buildNetworks(config.model, {
    imageShape: config.data.shape,
    numClasses: source.numClasses,
    seed: config.train.seed,
  });
}

/** The GAN objective on `source` (default: the config's dataset), with an EMA generator when configured. */
export function createGanObjective(
  config: GanConfig,
  source: DataSource = createDataSource(config),
): GanObjective {
  const nets = networksFor(config, source);
  let emaGenerator: GanNetworks['generator'] | undefined;
  if (config.tricks?.ema) {
    const copy = networksFor(config, source);
    copy.discriminator.dispose();
    emaGenerator = copy.generator;
  }
  return new GanObjective(config, nets, source, emaGenerator);
}

/** The objective of `config.model.family`; an unknown family is a usage error listing the valid ones. */
export function createObjective(config: GanConfig): Objective {
  const family = config.model.family;
  if (isNoiseFamily(family)) return createGanObjective(config);
  const factory = familyObjectives[family];
  if (!factory) {
    const valid = [...Object.keys(modelFamilies), ...Object.keys(familyObjectives)];
    throw new UsageError(`unknown model family '${family}'; valid: ${valid.join(', ')}`);
  }
  return factory(config);
}
