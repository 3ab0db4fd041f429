/**
 * Recognises the folder layouts of pytorch-CycleGAN-and-pix2pix in a user's dataset folder, so that
 * `--data DIR` works on their datasets as downloaded. Only looks at names; nothing is decoded here.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../util/errors.js';
import type { Split } from '../idx-datasets.js';
import { isImageFile, requireFolder } from '../image-folder.js';

/** Where the images of one split are, by layout. */
export type FolderLayout =
  /** Paired: each image is [A | B] side by side (pix2pix's facades, edges2shoes…). */
  | { kind: 'side-by-side'; dir: string }
  /** Paired: `A/` and `B/` with matching file names (pix2pix's combine_A_and_B input). */
  | { kind: 'paired-folders'; a: string; b: string }
  /** Unpaired: `trainA/` + `trainB/`, `testA/` + `testB/` (CycleGAN's horse2zebra…). */
  | { kind: 'unpaired'; a: string; b: string };

/** The accepted layouts, for error messages. */
export const ACCEPTED_LAYOUTS =
  'Accepted layouts: (1) paired side-by-side [A | B] images, directly in the folder or in train/ and ' +
  'test/; (2) paired A/ and B/ folders with matching file names (or A/train, B/train…); ' +
  '(3) unpaired trainA/ + trainB/ (testA/ + testB/ for the test split)';

/** Finds the layout of `root` and the folders holding `split`'s images; a folder that fits none is an error. */
export function detectLayout(root: string, split: Split): FolderLayout {
  requireFolder(root, 'Pass the folder of a translation dataset');
  const entries = readdirSync(root, { withFileTypes: true });
  const dirs = new Set(entries.filter((e) => e.isDirectory()).map((e) => e.name));
  const images = entries.filter((e) => e.isFile() && isImageFile(e.name)).length;
  const sub = (...names: string[]) => path.join(root, ...names);
  const missing = (names: string[]) => names.filter((n) => !dirs.has(n));

  const unpaired = ['trainA', 'trainB', 'testA', 'testB'].filter((n) => dirs.has(n));
  if (unpaired.length > 0) {
    const need = missing([`${split}A`, `${split}B`]);
    if (need.length > 0) {
      throw new InputError(
        root,
        `has ${unpaired.map((n) => `${n}/`).join(', ')} but no ${need.map((n) => `${n}/`).join(' or ')}`,
        `The unpaired layout needs ${split}A/ and ${split}B/ for the ${split} split (data.split)`,
      );
    }
    return { kind: 'unpaired', a: sub(`${split}A`), b: sub(`${split}B`) };
  }

  if (dirs.has('A') || dirs.has('B')) {
    const need = missing(['A', 'B']);
    if (need.length > 0) {
      throw new InputError(
        root,
        `has ${dirs.has('A') ? 'A/' : 'B/'} but no ${need[0]}/`,
        'The paired-folders layout needs A/ and B/ with one image of each name in both',
      );
    }
    const inSplit = (d: string) => dirs.has(d) && hasFolder(sub(d), split);
    if (inSplit('A') || inSplit('B')) {
      for (const d of ['A', 'B']) {
        if (!inSplit(d))
          throw new InputError(sub(d, split), 'folder not found', `A/ and B/ both need ${split}/`);
      }
      return { kind: 'paired-folders', a: sub('A', split), b: sub('B', split) };
    }
    return { kind: 'paired-folders', a: sub('A'), b: sub('B') };
  }

  if (dirs.has(split)) return { kind: 'side-by-side', dir: sub(split) };
  const splits = ['train', 'test', 'val'].filter((n) => dirs.has(n));
  if (splits.length > 0) {
    throw new InputError(
      root,
      `has ${splits.map((n) => `${n}/`).join(', ')} but no ${split}/ for the ${split} split`,
      `Add ${split}/ or choose another split (data.split)`,
    );
  }
  if (images > 0) return { kind: 'side-by-side', dir: root };

  const names = [...dirs].sort().map((d) => `${d}/`);
  const found = names.length > 0 ? `sub-folders ${names.join(', ')}` : 'no sub-folders';
  throw new InputError(
    root,
    `is not a translation dataset folder (found ${found} and no images)`,
    ACCEPTED_LAYOUTS,
  );
}

function hasFolder(dir: string, name: string): boolean {
  return readdirSync(dir, { withFileTypes: true }).some((e) => e.isDirectory() && e.name === name);
}
