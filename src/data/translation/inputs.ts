/**
 * The images a user asks `gankit translate` to translate: one PNG/JPEG file or a folder of them. Unlike
 * training data these are resized whatever their size (a user's photos rarely share one), and a folder
 * is read non-recursively so that outputs written into a sub-folder are never picked up as inputs.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { ImageShape } from '../../models/types.js';
import { InputError } from '../../util/errors.js';
import type { ImageDataset } from '../dataset.js';
import { listImages, loadImageFiles } from '../image-folder.js';

/**
 * Loads `fileOrDir` fitted to `shape`.
 * @returns the file names (base names, sorted) and the images in that order.
 */
export function loadImagesForTranslation(
  fileOrDir: string,
  shape: ImageShape,
): { names: string[]; images: ImageDataset } {
  let isDir: boolean;
  try {
    isDir = statSync(fileOrDir).isDirectory();
  } catch {
    throw new InputError(fileOrDir, 'not found', 'Pass a PNG/JPEG image or a folder of them');
  }
  const files = isDir ? listImages(fileOrDir, false) : [fileOrDir];
  if (files.length === 0) {
    throw new InputError(
      fileOrDir,
      'contains no .png, .jpg or .jpeg images',
      'Pass a PNG/JPEG image or a folder of them (sub-folders are not searched)',
    );
  }
  return {
    names: files.map((f) => path.basename(f)),
    images: loadImageFiles(`inputs:${fileOrDir}`, files, shape),
  };
}
