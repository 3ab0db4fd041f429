/**
 * Multi-domain image data (StarGAN v2): K domains held as ONE labelled {@link ImageDataset} whose labels
 * are domain indices and whose class names are the domain names, so every image tool works unchanged.
 * A two-domain {@link TranslationDataset} (sneaker2boot, emoji-skintone, a user's trainA/trainB) is the
 * case K = 2 ({@link fromTranslationDataset}); built-ins with more domains live in ./builtin, users'
 * folders have one sub-folder per domain ({@link loadDomainFolder}).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { ImageShape } from '../../models/types.js';
import { InputError } from '../../util/errors.js';
import { type ImageDataset, imageSize } from '../dataset.js';
import type { Split } from '../idx-datasets.js';
import { listImages, loadImageFiles, requireFolder } from '../image-folder.js';
import type { TranslationDataset } from './types.js';

/** K image domains: `images.labels[i]` is image i's domain, `domains[k]` the name of domain k. */
export interface DomainDataset {
  name: string;
  images: ImageDataset & { labels: Uint8Array };
  domains: string[];
  /**
   * The label each domain has in the shipped classifier of the set its images come from (Fashion-MNIST
   * indices for fashion-footwear), when there is one: what `gankit eval` expects a translation into that
   * domain to be classified as.
   */
  classifierLabels?: number[];
}

/** A built-in multi-domain dataset, registered by name in ./registry.ts. */
export interface DomainBuiltin {
  /** One line for listings: the domains and where they come from. */
  description: string;
  /** Builds the `split` with at most `limit` images per domain, each fitted to `shape`. */
  load(opts: { split: Split; limit?: number; shape: ImageShape }): DomainDataset;
}

/** Domains `parts[k]` (each an image set of one shape) as one dataset labelled 0 … K−1. */
export function concatDomains(name: string, parts: ImageDataset[], domains: string[]): DomainDataset {
  const shape = parts[0].shape;
  const size = imageSize(shape);
  const n = parts.reduce((s, p) => s + p.n, 0);
  const pixels = new Uint8Array(n * size);
  const labels = new Uint8Array(n);
  let at = 0;
  parts.forEach((p, k) => {
    if (p.shape.join() !== shape.join())
      throw new RangeError(`domain ${domains[k]} has shape ${p.shape} but ${domains[0]} has ${shape}`);
    pixels.set(p.pixels.subarray(0, p.n * size), at * size);
    labels.fill(k, at, at + p.n);
    at += p.n;
  });
  return { name, images: { name, n, shape, pixels, labels, classNames: domains }, domains };
}

/** The label every image of a set has, or undefined (unlabelled, or several classes). */
function soleLabel(ds: ImageDataset): number | undefined {
  const l = ds.labels;
  return l && l.length > 0 && l.every((x) => x === l[0]) ? l[0] : undefined;
}

/**
 * A two-domain translation set as domains 0 (A) and 1 (B); when each domain is one class of a labelled
 * set (sneaker2boot), those classes become the domains' classifier labels.
 */
export function fromTranslationDataset(ds: TranslationDataset): DomainDataset {
  const out = concatDomains(ds.name, [ds.a, ds.b], [...ds.domains]);
  const a = soleLabel(ds.a);
  const b = soleLabel(ds.b);
  return a !== undefined && b !== undefined ? { ...out, classifierLabels: [a, b] } : out;
}

/** The sub-folders of `dir`, sorted. */
function subFolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/**
 * A user's multi-domain folder: one sub-folder per domain (its name is the domain's), images directly
 * inside; optionally under `train/` and `test/` for the two splits. CycleGAN's `trainA/ trainB/ testA/
 * testB/` layout is read as the two domains A and B. At most `limit` images per domain, fitted to `shape`.
 */
export function loadDomainFolder(
  root: string,
  split: Split,
  shape: ImageShape,
  limit?: number,
): DomainDataset {
  requireFolder(root, 'Pass a folder with one sub-folder of images per domain');
  let dir = root;
  let names = subFolders(root);
  let domains: string[];
  if (names.includes(`${split}A`) && names.includes(`${split}B`)) {
    names = [`${split}A`, `${split}B`];
    domains = ['A', 'B'];
  } else {
    if (names.includes(split) && subFolders(path.join(root, split)).length > 0) {
      dir = path.join(root, split);
      names = subFolders(dir);
    }
    domains = names;
  }
  if (names.length < 2)
    throw new InputError(
      dir,
      `has ${names.length === 0 ? 'no sub-folders' : `one sub-folder (${names[0]}/)`}`,
      'A multi-domain dataset needs one sub-folder of images per domain, at least two (e.g. cat/, dog/, fox/)',
    );
  const parts = names.map((n) => {
    const folder = path.join(dir, n);
    const files = listImages(folder, false).slice(0, limit);
    if (files.length === 0)
      throw new InputError(
        folder,
        'contains no .png, .jpg or .jpeg images',
        `Every domain folder needs images directly inside it (sub-folders are not searched); add some or remove ${n}/`,
      );
    return loadImageFiles(`${dir}/${n}`, files, shape);
  });
  return concatDomains(`folder:${dir}`, parts, domains);
}
