/** The networks of a noise-fed family for a config and data source, with the EMA copy of G when configured. */
import type * as tfl from '@tensorflow/tfjs-layers';
import type { GanConfig } from '../../config/types.js';
import type { DataSource } from '../../data/source.js';
import { buildNetworks } from '../../models/registry.js';
import type { GanNetworks } from '../../models/types.js';

/** The networks of a noise-fed family for a data source (labels make conditional models possible). */
export function networksFor(config: GanConfig, source: Pick<DataSource, 'numClasses'>): GanNetworks {
  return buildNetworks(config.model, {
    imageShape: config.data.shape,
    numClasses: source.numClasses,
    seed: config.train.seed,
  });
}

/**
 * The networks and, with `tricks.ema`, a second generator of the same architecture (built the same way,
 * its discriminator freed) to hold the averaged weights.
 */
export function networksWithEma(
  config: GanConfig,
  source: Pick<DataSource, 'numClasses'>,
): { nets: GanNetworks; emaGenerator?: tfl.LayersModel } {
  const nets = networksFor(config, source);
  if (!config.tricks?.ema) return { nets };
  const copy = networksFor(config, source);
  copy.discriminator.dispose();
  return { nets, emaGenerator: copy.generator };
}
