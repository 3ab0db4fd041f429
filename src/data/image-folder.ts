/**
 * A user's folder of PNG/JPEG images as an {@link ImageDataset}. Images are found recursively in sorted
 * order (deterministic); when every image sits in a sub-folder, the sub-folder names become class labels
 * (the torchvision ImageFolder convention). Images are converted to the requested size and channels.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { ImageShape } from '../models/types.js';
import { InputError } from '../util/errors.js';
import type { ImageDataset } from './dataset.js';
import { convertChannels, resizeImage } from './resize.js';

const EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);

/** Decodes a PNG or JPEG file to RGBA. */
export function decodeImage(file: string): { width: number; height: number; rgba: Uint8Array } {
  const bytes = readFileSync(file);
  try {
    if (bytes[0] === 0x89 && bytes[1] === 0x50) {
      const png = PNG.sync.read(bytes);
      return {
        width: png.width,
        height: png.height,
        rgba: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length),
      };
    }
    if (bytes[0] === 0xff && bytes[1] === 0xd8) {
      const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
      return { width: img.width, height: img.height, rgba: img.data };
    }
  } catch (err) {
    throw new InputError(file, `cannot decode image: ${(err as Error).message}`);
  }
  throw new InputError(file, 'not a PNG or JPEG file (unrecognised signature)');
}

function listImages(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listImages(p));
    else if (EXTENSIONS.has(path.extname(entry.name).toLowerCase())) out.push(p);
  }
  return out;
}

/**
 * Loads every PNG/JPEG below `dir`, converted to `shape` (height, width, 1 = grayscale or 3 = RGB).
 * @param limit read at most this many images (in sorted order).
 */
export function loadImageFolder(
  dir: string,
  shape: ImageShape,
  limit = Number.POSITIVE_INFINITY,
): ImageDataset {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(dir);
  } catch {
    throw new InputError(dir, 'folder not found');
  }
  if (!st.isDirectory())
    throw new InputError(dir, 'not a folder', 'Pass a folder of PNG/JPEG images or an IDX file');
  const files = listImages(dir).slice(0, limit);
  if (files.length === 0) throw new InputError(dir, 'contains no .png, .jpg or .jpeg images');
  const [h, w, c] = shape;
  const size = h * w * c;
  const pixels = new Uint8Array(files.length * size);
  const classDirs = files.map((f) => path.relative(dir, path.dirname(f)));
  const labelled = classDirs.every((d) => d !== '');
  const classNames = labelled ? [...new Set(classDirs)].sort() : undefined;
  if (classNames && classNames.length > 256)
    throw new InputError(dir, `has ${classNames.length} class folders; at most 256 are supported`);
  const labels = classNames
    ? new Uint8Array(files.map((_, i) => classNames.indexOf(classDirs[i])))
    : undefined;
  files.forEach((file, i) => {
    const img = decodeImage(file);
    const converted = convertChannels(img.rgba, img.width * img.height, 4, c);
    pixels.set(resizeImage(converted, img.height, img.width, c, h, w), i * size);
  });
  return { name: `folder:${dir}`, n: files.length, shape, pixels, labels, classNames };
}
