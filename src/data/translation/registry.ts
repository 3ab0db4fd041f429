/**
 * Translation datasets by name, and the entry points the trainer uses: `config.data` → two-domain
 * dataset → resumable batches. Adding a built-in is one file in ./builtin and one line in
 * {@link TRANSLATION_DATASETS}. `data.dataset: path` serves both kinds of data: the model decides — a
 * translation model (pix2pix, CycleGAN) reads the folder with {@link createTranslationSource}, which
 * recognises the translation layouts (./layout.ts); any other model reads it as an image folder.
 */
import type { DataConfig } from '../../config/types.js';
import type { ImageShape } from '../../models/types.js';
import { UsageError } from '../../util/errors.js';
import { takeFirst } from '../dataset.js';
import { fitDataset } from '../resize.js';
import { edges2mnist } from './builtin/edges2mnist.js';
import { emojiSkintone } from './builtin/emoji-skintone.js';
import { emojiTones } from './builtin/emoji-tones.js';
import { fashionFootwear } from './builtin/fashion-footwear.js';
import { gray2emoji } from './builtin/gray2emoji.js';
import { sneaker2boot } from './builtin/sneaker2boot.js';
import { DomainSource } from './domain-source.js';
import {
  type DomainBuiltin,
  type DomainDataset,
  fromTranslationDataset,
  loadDomainFolder,
} from './domains.js';
import { loadTranslationFolder } from './folders.js';
import { TranslationSource } from './source.js';
import type { TranslationBuiltin, TranslationDataset, TranslationLoadOptions } from './types.js';

/** The built-in translation datasets. */
export const TRANSLATION_DATASETS = {
  edges2mnist,
  gray2emoji,
  sneaker2boot,
  'emoji-skintone': emojiSkintone,
} satisfies Record<string, TranslationBuiltin>;

/** The built-in multi-domain datasets (StarGAN v2); every two-domain set above is one too. */
export const DOMAIN_DATASETS = {
  'fashion-footwear': fashionFootwear,
  'emoji-tones': emojiTones,
} satisfies Record<string, DomainBuiltin>;

/** Name of a built-in translation dataset (a value of `config.data.dataset`), two-domain or multi-domain. */
export type TranslationDatasetName = keyof typeof TRANSLATION_DATASETS | keyof typeof DOMAIN_DATASETS;

/** The built-in translation dataset names, for config validation and listings. */
export const translationDatasetNames = [
  ...Object.keys(TRANSLATION_DATASETS),
  ...Object.keys(DOMAIN_DATASETS),
] as TranslationDatasetName[];

/** True when `name` is a built-in translation dataset (`path` may be either kind; see the module comment). */
export function isTranslationDataset(name: string): name is TranslationDatasetName {
  return Object.hasOwn(TRANSLATION_DATASETS, name) || isDomainDataset(name);
}

/** True when `name` is a built-in dataset of more than two domains. */
function isDomainDataset(name: string): name is keyof typeof DOMAIN_DATASETS {
  return Object.hasOwn(DOMAIN_DATASETS, name);
}

function isTwoDomainDataset(name: string): name is keyof typeof TRANSLATION_DATASETS {
  return Object.hasOwn(TRANSLATION_DATASETS, name);
}

/** Channels of domain A: `data.inputChannels`, else the built-in's natural ones, else `data.shape`'s. */
export function inputChannelsOf(cfg: DataConfig): number {
  const builtin: TranslationBuiltin | undefined = isTwoDomainDataset(cfg.dataset)
    ? TRANSLATION_DATASETS[cfg.dataset]
    : undefined;
  return cfg.inputChannels ?? builtin?.inputChannels ?? cfg.shape[2];
}

/**
 * Loads the configured translation dataset: domain A at `[h, w, inputChannelsOf(cfg)]`, domain B at
 * `data.shape`, at most `data.limit` images per domain.
 */
export function loadTranslationDataset(cfg: DataConfig): TranslationDataset {
  const opts: TranslationLoadOptions = {
    split: cfg.split,
    limit: cfg.limit,
    shape: cfg.shape,
    inputChannels: inputChannelsOf(cfg),
  };
  let ds: TranslationDataset;
  if (isDomainDataset(cfg.dataset))
    throw new UsageError(
      `config: '${cfg.dataset}' has more than two domains; it trains a multi-domain model (model.family: stargan-v2), not a two-domain one`,
    );
  if (isTwoDomainDataset(cfg.dataset)) ds = TRANSLATION_DATASETS[cfg.dataset].load(opts);
  else if (cfg.dataset === 'path') {
    if (!cfg.path) throw new UsageError("config: 'data.path' is required when 'data.dataset' is 'path'");
    ds = loadTranslationFolder(cfg.path, opts);
  } else {
    throw new UsageError(
      `config: '${cfg.dataset}' is not a translation dataset; a translation model needs one of ` +
        `${translationDatasetNames.join(', ')} or 'path' (a folder of paired or unpaired images)`,
    );
  }
  const shapeA: ImageShape = [cfg.shape[0], cfg.shape[1], opts.inputChannels];
  const fit = (d: TranslationDataset['a'], shape: ImageShape) =>
    fitDataset(cfg.limit === undefined ? d : takeFirst(d, cfg.limit), shape);
  return { ...ds, a: fit(ds.a, shapeA), b: fit(ds.b, cfg.shape) };
}

/** The trainer's source of translation batches for `config.data`, checked against the batch size. */
export function createTranslationSource(cfg: DataConfig, batchSize: number, seed: number): TranslationSource {
  const ds = loadTranslationDataset(cfg);
  const smaller = Math.min(ds.a.n, ds.b.n);
  if (batchSize > smaller) {
    throw new UsageError(
      `batch size ${batchSize} is larger than ${ds.name} (${ds.a.n} ${ds.domains[0]} and ` +
        `${ds.b.n} ${ds.domains[1]} images); lower --batch-size`,
    );
  }
  return new TranslationSource(ds, batchSize, cfg.range, seed);
}

/**
 * Loads the configured multi-domain dataset: a multi-domain built-in, a two-domain one (A and B as two
 * domains), or a user's folder with one sub-folder per domain; at most `data.limit` images per domain,
 * fitted to `data.shape`.
 */
export function loadDomainDataset(cfg: DataConfig): DomainDataset {
  const { split, limit, shape } = cfg;
  if (isDomainDataset(cfg.dataset)) return DOMAIN_DATASETS[cfg.dataset].load({ split, limit, shape });
  if (cfg.dataset === 'path') {
    if (!cfg.path) throw new UsageError("config: 'data.path' is required when 'data.dataset' is 'path'");
    return loadDomainFolder(cfg.path, split, shape, limit);
  }
  if (isTwoDomainDataset(cfg.dataset))
    return fromTranslationDataset(loadTranslationDataset({ ...cfg, inputChannels: shape[2] }));
  throw new UsageError(
    `config: '${cfg.dataset}' is not a dataset of image domains; a multi-domain model needs one of ` +
      `${translationDatasetNames.join(', ')} or 'path' (a folder with one sub-folder per domain)`,
  );
}

/** The trainer's source of multi-domain batches for `config.data`, checked against the batch size. */
export function createDomainSource(cfg: DataConfig, batchSize: number, seed: number): DomainSource {
  const ds = loadDomainDataset(cfg);
  if (batchSize > ds.images.n)
    throw new UsageError(
      `batch size ${batchSize} is larger than ${ds.name} (${ds.images.n} images); lower --batch-size`,
    );
  return new DomainSource(ds, batchSize, cfg.range, seed);
}
