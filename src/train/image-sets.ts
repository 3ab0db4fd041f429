/**
 * The image sets `gankit fid A B` compares, each named on the command line as a folder of PNG/JPEG
 * images, a built-in dataset split (`fashion-mnist:test`, `mnist:train`, `emoji`), or a run folder
 * (samples drawn from its latest checkpoint as `gankit eval` draws them). Every set becomes float
 * images in its own pixel range and size; the extractor's input fitting (extractorInput) then resizes
 * and converts them, as in `gankit eval`.
 */
import { statSync } from 'node:fs';
import type { PixelRange } from '../data/dataset.js';
import { gatherScaled, type ImageDataset } from '../data/dataset.js';
import { emojiDir } from '../data/emoji.js';
import { loadIdxDataset } from '../data/idx-datasets.js';
import { decodeImage, listImages, loadImageFiles, requireFolder } from '../data/image-folder.js';
import type { ImageShape } from '../models/types.js';
import { isNoiseFamily } from '../models/registry.js';
import { loadCheckpoint } from './checkpoint.js';
import { generateSamples } from './evaluate.js';
import { loadGenerator } from './generator.js';
import { RunDir } from './run-dir.js';
import type { TrainerState } from './trainer.js';
import { InputError, UsageError } from '../util/errors.js';
import { Rng } from '../util/rng.js';

/** One side of a comparison, as floats ready for extractorInput. */
export interface ImageSet {
  /** What it is, for messages: `folder imgs/ (120 images)`. */
  label: string;
  /** The dataset whose shipped classifier suits it, when known (built-in splits and runs). */
  dataset?: string;
  n: number;
  shape: readonly [number, number, number];
  range: PixelRange;
  data: Float32Array;
  /** Images resized to the set's size while loading (folders of mixed sizes). */
  resized: number;
}

/** The built-in image datasets `gankit fid` names, and their splits. */
const BUILTIN: Record<string, readonly string[]> = {
  mnist: ['train', 'test'],
  'fashion-mnist': ['train', 'test'],
  emoji: ['all'],
};

/** Options shared by the sets of one comparison. */
export interface ImageSetOptions {
  /** Images to use: a seeded random subset of a folder or split; the number of samples of a run. */
  n?: number;
  seed: number;
}

/** Rows of `ds` as floats: all of them, or a seeded random subset of `n`. */
function scaled(ds: ImageDataset, n: number | undefined, seed: number, range: PixelRange) {
  const count = Math.min(n ?? ds.n, ds.n);
  const idx =
    count < ds.n
      ? new Rng(seed, 0x1d5).permutation(ds.n).subarray(0, count)
      : Uint32Array.from({ length: ds.n }, (_, i) => i);
  return { n: count, data: gatherScaled(ds, idx, range) };
}

/** A folder of images at the size of its first image, in RGB (gray images are copied to three channels). */
function loadFolder(dir: string, opts: ImageSetOptions): ImageSet {
  requireFolder(
    dir,
    'Pass a folder of PNG/JPEG images, a dataset split such as fashion-mnist:test, or a run folder',
  );
  const files = listImages(dir);
  if (files.length < 2)
    throw new InputError(dir, `holds ${files.length} PNG/JPEG images; FID needs at least 2`);
  const first = decodeImage(files[0]);
  const shape: ImageShape = [first.height, first.width, 3];
  let resized = 0;
  const ds = loadImageFiles(`folder:${dir}`, files, shape, (img) => {
    if (img.width !== first.width || img.height !== first.height) resized++;
  });
  const { n, data } = scaled(ds, opts.n, opts.seed, '-1,1');
  return { label: `folder ${dir} (${n} images)`, n, shape, range: '-1,1', data, resized };
}

/** Samples of a noise-fed run's latest checkpoint (its EMA generator when it kept one). */
function loadRun(dir: string, opts: ImageSetOptions): ImageSet {
  const run = new RunDir(dir);
  const config = run.readConfig();
  if (!isNoiseFamily(config.model.family))
    throw new UsageError(
      `${dir} is a ${config.model.family} run, which translates images; score it with gankit eval --run ${dir}, or compare folders of its outputs (gankit translate)`,
    );
  const ckpt = loadCheckpoint<TrainerState>(run.checkpointFolder());
  const g = loadGenerator(config, ckpt);
  const n = opts.n ?? 10000;
  try {
    const { data } = generateSamples(g, n, opts.seed);
    return {
      label: `run ${dir} (${n} samples at step ${ckpt.step})`,
      dataset: config.data.dataset,
      n,
      shape: config.data.shape,
      range: config.data.range,
      data,
      resized: 0,
    };
  } finally {
    g.model.dispose();
  }
}

function loadBuiltin(name: string, split: string, opts: ImageSetOptions): ImageSet {
  const ds =
    name === 'emoji'
      ? loadImageFiles('emoji', listImages(emojiDir()), [64, 64, 3])
      : loadIdxDataset(name as 'mnist' | 'fashion-mnist', split as 'train' | 'test');
  const { n, data } = scaled(ds, opts.n, opts.seed, '-1,1');
  return {
    label: `${name}:${split} (${n} images)`,
    dataset: name,
    n,
    shape: ds.shape,
    range: '-1,1',
    data,
    resized: 0,
  };
}

/** Resolves one command-line name to an image set; a name that is none of the three is a usage error. */
export function loadImageSet(spec: string, opts: ImageSetOptions): ImageSet {
  let isDir = false;
  try {
    isDir = statSync(spec).isDirectory();
  } catch {}
  if (isDir) return new RunDir(spec).exists() ? loadRun(spec, opts) : loadFolder(spec, opts);
  const [name, split = BUILTIN[spec]?.[BUILTIN[spec].length - 1]] = spec.split(':');
  if (BUILTIN[name]?.includes(split)) return loadBuiltin(name, split, opts);
  throw new UsageError(
    `'${spec}' is neither a folder nor a built-in dataset split; valid splits: ${Object.entries(BUILTIN)
      .map(([n, s]) => s.map((x) => (x === 'all' ? n : `${n}:${x}`)).join(', '))
      .join(', ')}`,
  );
}
