/**
 * Resolves `config.data` (the labelled source) and `config.data.target` (the unlabelled target) into
 * {@link DomainData}. The source is any labelled image dataset of src/data/registry.ts (MNIST by
 * default, or a user's folder with one sub-folder per class); the target is the built-in
 * `mnistm-emoji` or a user's folder; a user's labelled target test folder is read only for evaluation.
 */
import type { DataConfig } from '../../config/types.js';
import { InputError, UsageError } from '../../util/errors.js';
import type { ImageShape } from '../../models/types.js';
import { type ImageDataset, takeFirst } from '../dataset.js';
import { loadIdxDataset } from '../idx-datasets.js';
import { loadImageFolder } from '../image-folder.js';
import { loadDataset } from '../registry.js';
import { fitDataset } from '../resize.js';
import { blendOverEmoji } from './mnistm-emoji.js';
import type { DomainData } from './source.js';

/** MNIST's class names, joined: the classes of the built-in target. */
const MNIST_CLASSES = '0,1,2,3,4,5,6,7,8,9';

/** A dataset without its labels (the training target must not carry any). */
function unlabelled(ds: ImageDataset): ImageDataset {
  const { labels: _, classNames: __, ...rest } = ds;
  return rest;
}

/**
 * A user's labelled target test folder, its labels re-indexed to the source's classes by folder name.
 */
function loadTargetTest(dir: string, cfg: DataConfig, classNames: readonly string[]): ImageDataset {
  const ds = loadImageFolder(dir, cfg.shape);
  if (!ds.labels || !ds.classNames)
    throw new InputError(
      dir,
      'a target test folder needs one sub-folder per class, every image inside one',
      `Name the sub-folders as the source's classes (${classNames.join(', ')})`,
    );
  const unknown = ds.classNames.filter((c) => !classNames.includes(c));
  if (unknown.length)
    throw new InputError(
      dir,
      `class folder${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => `'${c}'`).join(', ')} not among the source's classes`,
      `Name the sub-folders as the source's classes (${classNames.join(', ')})`,
    );
  const index = ds.classNames.map((c) => classNames.indexOf(c));
  return { ...ds, labels: ds.labels.map((l) => index[l]), classNames };
}

/** The source test split of a built-in dataset (none for a user's folder). */
function sourceTest(cfg: DataConfig): ImageDataset | undefined {
  if (cfg.dataset !== 'mnist' && cfg.dataset !== 'fashion-mnist') return undefined;
  return loadDataset({ ...cfg, split: 'test', limit: undefined });
}

/** Loads the source, target and test sets of a domain-adaptation config. */
export function loadDomainData(cfg: DataConfig): DomainData {
  const source = loadDataset(cfg);
  if (!source.labels || !source.classNames)
    throw new UsageError(
      `domain adaptation needs a labelled source; ${source.name} has no labels (use a built-in set, or a folder with one sub-folder per class)`,
    );
  const classNames = source.classNames;
  const target = cfg.target ?? { dataset: 'mnistm-emoji' };
  if (target.dataset === 'mnistm-emoji') {
    if (classNames.join() !== MNIST_CLASSES)
      throw new UsageError(
        `the mnistm-emoji target holds digits 0–9; the source ${source.name} has classes ${classNames.join(', ')} (pass a target of the same classes with --target-data DIR)`,
      );
    if (cfg.shape[0] > 128 || cfg.shape[1] > 128)
      throw new UsageError(`config: 'data.shape' must be at most 128×128 for the mnistm-emoji target`);
    const blended = (split: 'train' | 'test', limit?: number) => {
      const digits = loadIdxDataset('mnist', split);
      const grey = fitDataset(limit === undefined ? digits : takeFirst(digits, limit), [
        ...cfg.shape.slice(0, 2),
        1,
      ] as ImageShape);
      return fitDataset(blendOverEmoji(grey, split), cfg.shape);
    };
    return {
      source,
      target: unlabelled(blended('train', cfg.limit)),
      sourceTest: sourceTest(cfg),
      targetTest: blended('test'),
      classNames,
    };
  }
  return {
    source,
    target: unlabelled(loadImageFolder(target.path!, cfg.shape)),
    sourceTest: sourceTest(cfg),
    targetTest: target.test ? loadTargetTest(target.test, cfg, classNames) : undefined,
    classNames,
  };
}
