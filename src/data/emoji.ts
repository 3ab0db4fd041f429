/**
 * The colour emoji of npm `emoji-datasource-google` (64×64 RGBA PNGs, 3786 files) and their metadata
 * (`emoji.json`: one entry per emoji with its skin-tone variants). Shared by the `emoji` image dataset and
 * the emoji translation datasets, so the package is located and split in one place.
 *
 * The `emoji` image dataset: every Google image (skin-tone variants included) composited on white, labelled
 * by its emoji.json `category` (10 classes, sorted by name; People & Body is 60 % of the images), split as
 * {@link emojiSplit}: 3415 train / 371 test images.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ImageShape } from '../models/types.js';
import { InputError } from '../util/errors.js';
import type { ImageDataset } from './dataset.js';
import { loadImageFiles } from './image-folder.js';

const require = createRequire(import.meta.url);

/** The fields of an `emoji.json` entry the loaders use. */
export interface EmojiEntry {
  /** File name of the default image, e.g. `1f385.png`. */
  image: string;
  category: string;
  has_img_google: boolean;
  /** Variants by skin-tone code (`1F3FB` light … `1F3FF` dark; multi-person ones as `1F3FB-1F3FC`). */
  skin_variations?: Record<string, { image: string; has_img_google: boolean }>;
}

function packageDir(): string {
  try {
    return path.dirname(require.resolve('emoji-datasource-google/package.json'));
  } catch {
    throw new InputError(
      'emoji',
      'dataset not installed',
      'Run `npm install emoji-datasource-google` in the gankit folder',
    );
  }
}

/** Folder of the 64×64 RGBA emoji images. */
export function emojiDir(): string {
  return path.join(packageDir(), 'img', 'google', '64');
}

/** Every emoji entry, sorted by the default image's file name (deterministic). */
export function emojiEntries(): EmojiEntry[] {
  const entries = JSON.parse(readFileSync(path.join(packageDir(), 'emoji.json'), 'utf8')) as EmojiEntry[];
  return entries.sort((a, b) => a.image.localeCompare(b.image));
}

/**
 * The split of the `i`-th emoji (in {@link emojiEntries} order): every tenth emoji is held out for
 * `test`, so an emoji and all its skin-tone variants always fall in the same split.
 */
export function emojiSplit(i: number): 'train' | 'test' {
  return i % 10 === 9 ? 'test' : 'train';
}

/** The file names of an emoji's Google images: the default one and every skin-tone variant, sorted. */
export function emojiImages(e: EmojiEntry): string[] {
  const variants = Object.values(e.skin_variations ?? {}).filter((v) => v.has_img_google);
  return [...(e.has_img_google ? [e.image] : []), ...variants.map((v) => v.image)].sort();
}

/** The image files of one split, each with its emoji's category: every image of every emoji of the split. */
export function emojiSplitImages(split: 'train' | 'test'): { image: string; category: string }[] {
  return emojiEntries()
    .filter((_, i) => emojiSplit(i) === split)
    .flatMap((e) => emojiImages(e).map((image) => ({ image, category: e.category })));
}

/** The emoji.json categories, sorted: the class names of the `emoji` dataset. */
export function emojiCategories(): string[] {
  return [...new Set(emojiEntries().map((e) => e.category))].sort();
}

/**
 * The `emoji` image dataset of a split at `shape` (alpha composited on white; 64×64 sources
 * area-averaged to smaller sizes), labelled by category.
 * @param limit read at most this many images (in split order).
 */
export function loadEmoji(
  split: 'train' | 'test',
  shape: ImageShape,
  limit = Number.POSITIVE_INFINITY,
): ImageDataset {
  const dir = emojiDir();
  const images = emojiSplitImages(split).slice(0, limit);
  const classNames = emojiCategories();
  const ds = loadImageFiles(
    `emoji/${split}`,
    images.map((e) => path.join(dir, e.image)),
    shape,
  );
  const labels = Uint8Array.from(images, (e) => classNames.indexOf(e.category));
  return { ...ds, labels, classNames };
}
