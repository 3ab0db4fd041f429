/**
 * A user's translation dataset folder (layouts in ./layout.ts) as a {@link TranslationDataset}. Files
 * are read in sorted order, non-recursively, and fitted to the configured shapes. Each domain's images
 * must share one size: in training data a stray size is almost always a misplaced file, and for
 * side-by-side images it would move the A|B cut. Nothing is written to disk.
 */
import path from 'node:path';
import type { ImageShape } from '../../models/types.js';
import { InputError } from '../../util/errors.js';
import type { ImageDataset } from '../dataset.js';
import {
  type DecodedImage,
  decodeImage,
  fitImage,
  type ImageSize,
  listImages,
  loadImageFiles,
} from '../image-folder.js';
import { detectLayout } from './layout.js';
import type { TranslationDataset, TranslationLoadOptions } from './types.js';

/** How many unmatched file names an error lists. */
const SHOWN = 3;

/** Loads the `split` of the translation dataset folder `root`. */
export function loadTranslationFolder(root: string, opts: TranslationLoadOptions): TranslationDataset {
  const layout = detectLayout(root, opts.split);
  const limit = opts.limit ?? Number.POSITIVE_INFINITY;
  const shapeA: ImageShape = [opts.shape[0], opts.shape[1], opts.inputChannels];
  const name = `folder:${root}/${opts.split}`;
  const domains: [string, string] = ['A', 'B'];
  switch (layout.kind) {
    case 'side-by-side': {
      const files = domainFiles(layout.dir, 'side-by-side A|B').slice(0, limit);
      return { name, ...splitSideBySide(name, files, shapeA, opts.shape), paired: true, domains };
    }
    case 'paired-folders': {
      const [filesA, filesB] = matchPairs(layout.a, layout.b);
      return {
        name,
        a: loadDomain(`${name}/A`, layout.a, filesA.slice(0, limit), shapeA),
        b: loadDomain(`${name}/B`, layout.b, filesB.slice(0, limit), opts.shape),
        paired: true,
        domains,
      };
    }
    case 'unpaired':
      return {
        name,
        a: loadDomain(`${name}/A`, layout.a, domainFiles(layout.a, 'A').slice(0, limit), shapeA),
        b: loadDomain(`${name}/B`, layout.b, domainFiles(layout.b, 'B').slice(0, limit), opts.shape),
        paired: false,
        domains,
      };
  }
}

/** The images directly in `dir`; none is an error. */
function domainFiles(dir: string, what: string): string[] {
  const files = listImages(dir, false);
  if (files.length === 0) {
    throw new InputError(
      dir,
      'contains no .png, .jpg or .jpeg images',
      `Put the ${what} images directly in this folder (sub-folders are not searched)`,
    );
  }
  return files;
}

/** A check that every image of one domain has the size of its first image. */
function oneSize(dir: string): (img: ImageSize, file: string) => void {
  let first: { file: string; width: number; height: number } | undefined;
  return (img, file) => {
    first ??= { file, width: img.width, height: img.height };
    if (img.width !== first.width || img.height !== first.height) {
      throw new InputError(
        file,
        `is ${img.width}×${img.height} but ${path.basename(first.file)} is ${first.width}×${first.height}`,
        `All images of a domain (${dir}) must have one size; resize or remove the odd ones`,
      );
    }
  };
}

function loadDomain(name: string, dir: string, files: string[], shape: ImageShape): ImageDataset {
  return loadImageFiles(name, files, shape, oneSize(dir));
}

/** The files of `a` and `b` paired by name without extension, in sorted order; unmatched names are an error. */
function matchPairs(a: string, b: string): [string[], string[]] {
  const byStem = (dir: string, what: string) => {
    const map = new Map<string, string>();
    for (const file of domainFiles(dir, what)) {
      const stem = path.parse(file).name;
      const other = map.get(stem);
      if (other) {
        throw new InputError(
          file,
          `has the same name as ${path.basename(other)}, so its pair in the other folder is ambiguous`,
          'Keep one image per name',
        );
      }
      map.set(stem, file);
    }
    return map;
  };
  const filesA = byStem(a, 'A');
  const filesB = byStem(b, 'B');
  for (const [from, to, dir, other] of [
    [filesA, filesB, b, a],
    [filesB, filesA, a, b],
  ] as const) {
    const unmatched = [...from.keys()].filter((s) => !to.has(s));
    if (unmatched.length > 0) {
      const shown = unmatched.slice(0, SHOWN).map((s) => path.basename(from.get(s)!));
      throw new InputError(
        dir,
        `has no image of the same name for ${unmatched.length} of the ${from.size} images in ${other} ` +
          `(${shown.join(', ')}${unmatched.length > SHOWN ? ', …' : ''})`,
        'Paired A/ and B/ folders need one image of each name in both (the extension may differ); ' +
          'remove the unmatched files, or use trainA/ and trainB/ for unpaired data',
      );
    }
  }
  const stems = [...filesA.keys()].sort();
  return [stems.map((s) => filesA.get(s)!), stems.map((s) => filesB.get(s)!)];
}

/** Splits side-by-side [A | B] images into the two domains, each fitted to its shape. */
function splitSideBySide(
  name: string,
  files: string[],
  shapeA: ImageShape,
  shapeB: ImageShape,
): { a: ImageDataset; b: ImageDataset } {
  const sizeA = shapeA[0] * shapeA[1] * shapeA[2];
  const sizeB = shapeB[0] * shapeB[1] * shapeB[2];
  const a = new Uint8Array(files.length * sizeA);
  const b = new Uint8Array(files.length * sizeB);
  const check = oneSize(path.dirname(files[0]));
  files.forEach((file, i) => {
    const img = decodeImage(file);
    if (img.width % 2 !== 0) {
      throw new InputError(
        file,
        `is ${img.width} pixels wide, an odd width`,
        'A side-by-side image must be two equal halves [A | B]; crop it to an even width',
      );
    }
    check(img, file);
    a.set(fitImage(cropColumns(img, 0, img.width / 2), shapeA), i * sizeA);
    b.set(fitImage(cropColumns(img, img.width / 2, img.width / 2), shapeB), i * sizeB);
  });
  const n = files.length;
  return {
    a: { name: `${name}/A`, n, shape: shapeA, pixels: a },
    b: { name: `${name}/B`, n, shape: shapeB, pixels: b },
  };
}

/** Columns `x0 … x0 + width − 1` of an image. */
function cropColumns(img: DecodedImage, x0: number, width: number): DecodedImage {
  const rgba = new Uint8Array(width * img.height * 4);
  for (let y = 0; y < img.height; y++) {
    const row = (y * img.width + x0) * 4;
    rgba.set(img.rgba.subarray(row, row + width * 4), y * width * 4);
  }
  return { width, height: img.height, rgba };
}
