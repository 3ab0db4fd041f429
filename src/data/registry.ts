/**
 * Resolves `config.data` to an {@link ImageDataset} at the configured resolution. Built-in datasets come
 * from packages (docs/architecture.md "Data"); `path` accepts a user's folder of PNG/JPEG
 * images or an IDX image file (its labels are read from the matching `-labels-` file when present).
 */
import { existsSync, statSync } from 'node:fs';
import type { DataConfig } from '../config/types.js';
import type { GanConfig } from '../config/types.js';
import { InputError, UsageError } from '../util/errors.js';
import { BatchIterator } from './batches.js';
import type { DataSource } from './source.js';
import { makeToy } from './toy/index.js';
import { ToySource } from './toy-source.js';
import { type ImageDataset, takeFirst } from './dataset.js';
import { loadEmoji } from './emoji.js';
import { fromIdxFiles, loadIdxDataset } from './idx-datasets.js';
import { loadImageFolder } from './image-folder.js';
import { fitDataset } from './resize.js';

function loadPath(p: string, cfg: DataConfig): ImageDataset {
  if (!existsSync(p))
    throw new InputError(p, 'not found', 'Pass a folder of PNG/JPEG images or an IDX image file');
  if (statSync(p).isDirectory()) return loadImageFolder(p, cfg.shape, cfg.limit);
  const labels = p.replace(/images(?=[^/]*$)/, 'labels').replace('idx3', 'idx1');
  return fromIdxFiles(`idx:${p}`, p, labels !== p ? labels : undefined);
}

/** Loads the configured dataset, limited to `limit` images and fitted to `shape`. */
export function loadDataset(cfg: DataConfig): ImageDataset {
  let ds: ImageDataset;
  switch (cfg.dataset) {
    case 'mnist':
    case 'fashion-mnist':
      ds = loadIdxDataset(cfg.dataset, cfg.split);
      break;
    case 'emoji':
      ds = loadEmoji(cfg.split, cfg.shape, cfg.limit);
      break;
    case 'path':
      ds = loadPath(cfg.path!, cfg);
      break;
    case 'toy':
      throw new UsageError('a toy distribution is not an image dataset; use createDataSource');
    default:
      throw new UsageError(
        `config: '${cfg.dataset}' is a translation dataset (image domains); it trains a ` +
          'translation model (pix2pix, CycleGAN, StarGAN v2), not an unconditional GAN',
      );
  }
  if (cfg.limit !== undefined) ds = takeFirst(ds, cfg.limit);
  return fitDataset(ds, cfg.shape);
}

/** The trainer's source of real batches for a config: an image dataset or a toy distribution. */
export function createDataSource(config: GanConfig): DataSource {
  const { data, train } = config;
  if (data.dataset === 'toy') {
    const { name, ...options } = data.toy!;
    const toy = makeToy(name, options as Record<string, number>);
    if (data.shape[0] !== 1 || data.shape[1] !== 1 || data.shape[2] !== toy.dim) {
      throw new UsageError(
        `config: 'data.shape' must be [1, 1, ${toy.dim}] for the ${toy.dim}-D toy '${name}'`,
      );
    }
    return new ToySource(toy, train.batchSize, train.seed);
  }
  const ds = loadDataset(data);
  if (train.batchSize > ds.n) {
    throw new UsageError(
      `batch size ${train.batchSize} is larger than the dataset (${ds.n} images); lower --batch-size`,
    );
  }
  return new BatchIterator(ds, train.batchSize, data.range, train.seed);
}
