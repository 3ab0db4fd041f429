/**
 * `mnistm-emoji`: a colour target domain for MNIST built the way MNIST-M is (Ganin & Lempitsky 2015):
 * each digit d (grey, 0–255) is blended over a colour patch p by the per-channel absolute difference
 *
 *   t = |p − d|
 *
 * so strokes invert the patch's colours. MNIST-M crops its patches from BSDS500 photographs, which no
 * package ships; here a patch is a seeded crop of a Google emoji (npm `emoji-datasource-google`, 64×64)
 * composited over a seeded solid colour and magnified ×2. Everything is drawn from a fixed seed
 * ({@link MNISTM_EMOJI_STREAMS}), so the set is the same bytes on every machine and run.
 *
 * Train and test are disjoint in both ingredients: the train target blends MNIST's training digits with
 * the emoji of the `train` split (src/data/emoji.ts), the test target MNIST's test digits with the
 * held-out emoji (every tenth, with all skin-tone variants).
 */
import path from 'node:path';
import { Rng } from '../../util/rng.js';
import type { ImageDataset } from '../dataset.js';
import { emojiDir, emojiEntries, emojiImages, emojiSplit } from '../emoji.js';
import { decodeImage } from '../image-folder.js';
import { MNISTM_EMOJI_STREAMS } from '../streams.js';

/** The fixed seed of the set's construction (the year of the paper). */
const SEED = 2015;
/** Side of the emoji images and of the blended patches. */
const EMOJI_SIDE = 64;

/** RGB patches' source images of one split, decoded once per process. */
const emojiCache = new Map<'train' | 'test', Uint8Array[]>();

/** The RGBA pixels of every emoji image of `split` (skin-tone variants included), in file order. */
function emojiRgba(split: 'train' | 'test'): Uint8Array[] {
  let images = emojiCache.get(split);
  if (!images) {
    const dir = emojiDir();
    images = emojiEntries()
      .filter((_, i) => emojiSplit(i) === split)
      .flatMap(emojiImages)
      .map((f) => decodeImage(path.join(dir, f)))
      .filter((img) => img.width === EMOJI_SIDE && img.height === EMOJI_SIDE)
      .map((img) => img.rgba);
    emojiCache.set(split, images);
  }
  return images;
}

/**
 * Magnification of the crops: a 28×28 patch shows a 14×14 region of an emoji, so patches are mostly
 * smooth colour fields with a few outlines — closer to MNIST-M's photo crops than the emoji's dense
 * 64-pixel drawings.
 */
const ZOOM = 2;

/** Channel `k` of an RGBA emoji composited over background `bg`, bilinear at (y, x), clamped to the image. */
function sample(rgba: Uint8Array, bg: number, k: number, y: number, x: number): number {
  const fy = Math.min(Math.max(y, 0), EMOJI_SIDE - 1);
  const fx = Math.min(Math.max(x, 0), EMOJI_SIDE - 1);
  const y1 = Math.floor(fy);
  const x1 = Math.floor(fx);
  const y2 = Math.min(y1 + 1, EMOJI_SIDE - 1);
  const x2 = Math.min(x1 + 1, EMOJI_SIDE - 1);
  const at = (yy: number, xx: number) => {
    const e = (yy * EMOJI_SIDE + xx) * 4;
    const alpha = rgba[e + 3] / 255;
    return rgba[e + k] * alpha + bg * (1 - alpha);
  };
  const dy = fy - y1;
  const dx = fx - x1;
  return (
    (at(y1, x1) * (1 - dx) + at(y1, x2) * dx) * (1 - dy) + (at(y2, x1) * (1 - dx) + at(y2, x2) * dx) * dy
  );
}

/**
 * Blends every image of `digits` (grey, h×w×1, h and w ≤ 128) over a patch of the `split`'s emoji:
 * a uniformly random emoji, background colour and crop position per digit. Labels are kept (only
 * evaluation reads them: the objective strips them from the training target).
 */
export function blendOverEmoji(digits: ImageDataset, split: 'train' | 'test'): ImageDataset {
  const [h, w, c] = digits.shape;
  if (c !== 1 || h > EMOJI_SIDE * ZOOM || w > EMOJI_SIDE * ZOOM)
    throw new RangeError(`blendOverEmoji needs grey images of at most 128×128, got ${digits.shape}`);
  const emoji = emojiRgba(split);
  const rng = new Rng(SEED, MNISTM_EMOJI_STREAMS[split]);
  const out = new Uint8Array(digits.n * h * w * 3);
  for (let i = 0; i < digits.n; i++) {
    const src = emoji[rng.int(emoji.length)];
    const bg = [rng.int(256), rng.int(256), rng.int(256)];
    const y0 = rng.int(EMOJI_SIDE - h / ZOOM);
    const x0 = rng.int(EMOJI_SIDE - w / ZOOM);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const d = digits.pixels[(i * h + y) * w + x];
        const o = ((i * h + y) * w + x) * 3;
        for (let k = 0; k < 3; k++) {
          const patch = sample(src, bg[k], k, y0 + (y + 0.5) / ZOOM - 0.5, x0 + (x + 0.5) / ZOOM - 0.5);
          out[o + k] = Math.round(Math.abs(patch - d));
        }
      }
    }
  }
  return {
    name: `mnistm-emoji/${split}`,
    n: digits.n,
    shape: [h, w, 3],
    pixels: out,
    labels: digits.labels,
    classNames: digits.classNames,
  };
}
