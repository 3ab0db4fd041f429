/**
 * Which objective trains which model family. Noise-fed families (src/models/registry.ts: mlp, dcgan, …)
 * train with the GAN objective unless they name their own objective here (stylegan: its generator is
 * noise-fed, so `gankit sample` / `gankit eval` rebuild it through the models registry, but it trains
 * with style mixing and R1); image-to-image families name theirs here too. Adding a family with
 * a new objective: its networks in src/models/<family>/, its objective in one file here, one line below.
 */
import type { GanConfig } from '../../config/types.js';
import type { DataSource } from '../../data/source.js';
import { createDataSource } from '../../data/registry.js';
import { isNoiseFamily, modelFamilies } from '../../models/registry.js';
import { UsageError } from '../../util/errors.js';
import type { Objective } from '../objective.js';
import { createCycleGanObjective } from './cyclegan.js';
import { createDannObjective } from './dann.js';
import { GanObjective } from './gan.js';
import { networksWithEma } from './networks.js';
import { createPix2pixObjective } from './pix2pix.js';
import { createStyleGanObjective } from './stylegan.js';
import { ProganObjective } from './progan.js';
import { createStarGanObjective } from './stargan-v2.js';

/** Builds an objective, its networks and its data source from a config. */
export type ObjectiveFactory = (config: GanConfig) => Objective;

/** Objectives of the families that do not train with the GAN objective, by family name. */
export const familyObjectives: Record<string, ObjectiveFactory> = {
  pix2pix: createPix2pixObjective,
  cyclegan: createCycleGanObjective,
  'stargan-v2': createStarGanObjective,
  dann: createDannObjective,
  stylegan: createStyleGanObjective,
};

/**
 * Noise-fed families whose training adds to the GAN objective (a schedule, a view of the reals): the
 * subclass of {@link GanObjective} that trains them. Every other noise-fed family trains with it as is.
 */
export const ganObjectiveKinds: Record<string, typeof GanObjective> = {
  progan: ProganObjective,
};

/**
 * The GAN objective (or its family's kind of it) on `source` (default: the config's dataset), with an
 * EMA generator when configured.
 */
export function createGanObjective(
  config: GanConfig,
  source: DataSource = createDataSource(config),
): GanObjective {
  const { nets, emaGenerator } = networksWithEma(config, source);
  const Kind = ganObjectiveKinds[config.model.family] ?? GanObjective;
  return new Kind(config, nets, source, emaGenerator);
}

/** The objective of `config.model.family`; an unknown family is a usage error listing the valid ones. */
export function createObjective(config: GanConfig): Objective {
  const family = config.model.family;
  const factory = familyObjectives[family];
  if (factory) return factory(config);
  if (isNoiseFamily(family)) return createGanObjective(config);
  const valid = new Set([...Object.keys(modelFamilies), ...Object.keys(familyObjectives)]);
  throw new UsageError(`unknown model family '${family}'; valid: ${[...valid].join(', ')}`);
}
