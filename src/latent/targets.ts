/**
 * Target images for the latent tools: users' PNG/JPEG files (checked against the run's image shape,
 * never silently resized) or the run's own held-out test images.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { DataConfig, GanConfig } from '../config/types.js';
import { gatherScaled } from '../data/dataset.js';
import { type DecodedImage, listImages, loadImageFiles } from '../data/image-folder.js';
import { loadDataset } from '../data/registry.js';
import { InputError, UsageError } from '../util/errors.js';

/** Images as the run's floats, with a name for each. */
export interface Targets {
  names: string[];
  data: Float32Array;
  n: number;
  /** The dataset's labels of `test` targets (absent for a user's files). */
  labels?: Int32Array;
}

/**
 * The data config of the run's held-out test split (every image, whatever the run's `--limit`), for
 * `what` (the flag or command that needs it); a folder or toy dataset has none.
 */
export function heldOutData(config: GanConfig, what: string): DataConfig {
  const { limit: _, ...data } = config.data;
  if (data.dataset === 'path' || data.dataset === 'toy') {
    throw new UsageError(
      `${what} needs a built-in dataset with a test split; this run uses '${data.dataset}'`,
    );
  }
  return { ...data, split: 'test' };
}

/** Insists on the run's size, and on grey pixels for a greyscale run. */
function checkImage(config: GanConfig, img: DecodedImage, file: string): void {
  const [h, w, c] = config.data.shape;
  if (img.width !== w || img.height !== h) {
    throw new InputError(
      file,
      `is ${img.width}×${img.height}, but this run's generator makes ${w}×${h} images`,
      `Resize it to ${w}×${h} first (the tools compare pixels, so they do not resize for you)`,
    );
  }
  if (c === 1) {
    for (let p = 0; p < img.rgba.length; p += 4) {
      if (img.rgba[p] !== img.rgba[p + 1] || img.rgba[p] !== img.rgba[p + 2]) {
        throw new InputError(
          file,
          'is a colour image, but this run is greyscale',
          'Convert it to greyscale first',
        );
      }
    }
  }
}

/**
 * `source` is a PNG/JPEG file, a folder of them, or `test` (the first `limit` images of the run
 * dataset's test split).
 */
export function loadTargets(config: GanConfig, source: string, limit = 16): Targets {
  const range = config.data.range;
  if (source === 'test') {
    const ds = loadDataset(heldOutData(config, '--image test'));
    const n = Math.min(limit, ds.n);
    const idx = Int32Array.from({ length: n }, (_, i) => i);
    return {
      names: Array.from(idx, (i) => `test-${i}`),
      data: gatherScaled(ds, idx, range),
      n,
      labels: ds.labels ? Int32Array.from(ds.labels.subarray(0, n)) : undefined,
    };
  }
  const file = path.resolve(source);
  let files: string[];
  try {
    files = statSync(file).isDirectory() ? listImages(file).slice(0, limit) : [file];
  } catch {
    throw new InputError(file, 'not found', 'Pass a PNG/JPEG file, a folder of them, or `test`');
  }
  if (files.length === 0) throw new InputError(file, 'holds no PNG or JPEG image');
  const ds = loadImageFiles('targets', files, config.data.shape, (img, f) => checkImage(config, img, f));
  const idx = Int32Array.from({ length: ds.n }, (_, i) => i);
  return {
    names: files.map((f) => path.basename(f, path.extname(f))),
    data: gatherScaled(ds, idx, range),
    n: ds.n,
  };
}
