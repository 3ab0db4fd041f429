/**
 * A user's folder of PNG/JPEG images as an {@link ImageDataset}. Images are found recursively in sorted
 * order (deterministic); when every image sits in a sub-folder, the sub-folder names become class labels
 * (the torchvision ImageFolder convention). Images are converted to the requested size and channels.
 * The listing, decoding and fitting steps are exported for the other loaders of image files
 * (translation folders, `gankit translate` inputs), so there is one decoder in the project. Folders of
 * large images are decoded and resized by sharp (./sharp-images.ts), small ones in JavaScript.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { ImageShape } from '../models/types.js';
import { InputError } from '../util/errors.js';
import { readInputFile } from '../util/fs.js';
import type { ImageDataset } from './dataset.js';
import { convertChannels, resizeImage } from './resize.js';
import { decodeResizedWithSharp, useSharpFor } from './sharp-images.js';

const EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);

/** An image's size in pixels. */
export interface ImageSize {
  width: number;
  height: number;
}

/** A decoded image: `width * height` RGBA pixels. */
export interface DecodedImage extends ImageSize {
  rgba: Uint8Array;
}

/** Width and height from a PNG's IHDR chunk or a JPEG's SOF marker, without decoding the pixels. */
export function headerSize(bytes: Uint8Array): ImageSize | undefined {
  const u16 = (i: number) => (bytes[i] << 8) | bytes[i + 1];
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes.length >= 24) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  for (let i = 2; i + 9 < bytes.length && bytes[i] === 0xff; ) {
    const marker = bytes[i + 1];
    // SOF0–SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker))
      return { height: u16(i + 5), width: u16(i + 7) };
    i += 2 + u16(i + 2);
  }
  return undefined;
}

/** True for the file names the image loaders read (.png, .jpg, .jpeg in any case). */
export function isImageFile(name: string): boolean {
  return EXTENSIONS.has(path.extname(name).toLowerCase());
}

/** Decodes a PNG or JPEG file to RGBA; an unreadable or undecodable file is an {@link InputError} naming it. */
export function decodeImage(file: string): DecodedImage {
  return decodeImageBytes(readInputFile(file), file);
}

/** Decodes PNG or JPEG bytes to RGBA; `file` names them in the {@link InputError} of damaged data. */
export function decodeImageBytes(bytes: Uint8Array, file: string): DecodedImage {
  try {
    if (bytes[0] === 0x89 && bytes[1] === 0x50) {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
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

/** One decoded image converted to `shape`'s channels (alpha composited on white) and resized to its size. */
export function fitImage(img: DecodedImage, shape: ImageShape): Uint8Array {
  const [h, w, c] = shape;
  const converted = convertChannels(img.rgba, img.width * img.height, 4, c);
  return resizeImage(converted, img.height, img.width, c, h, w);
}

/** The PNG/JPEG files in `dir` in sorted order; with `recursive`, also those of every sub-folder. */
export function listImages(dir: string, recursive = true): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (recursive) out.push(...listImages(p));
    } else if (isImageFile(entry.name)) out.push(p);
  }
  return out;
}

/**
 * Decodes `files` into one dataset of `shape`: through sharp when the first image is large (see
 * {@link useSharpFor}), else in JavaScript.
 * @param check called with each decoded image before it is fitted (e.g. to insist on one size); its
 *   `width` and `height` are the file's, its pixels already at `shape`'s size when sharp decoded it.
 */
export function loadImageFiles(
  name: string,
  files: readonly string[],
  shape: ImageShape,
  check?: (img: DecodedImage, file: string) => void,
): ImageDataset {
  const [h, w, c] = shape;
  const size = h * w * c;
  const pixels = new Uint8Array(files.length * size);
  const first = files.length ? headerSize(readInputFile(files[0])) : undefined;
  if (first && useSharpFor(first.width, first.height)) {
    decodeResizedWithSharp(files, h, w).forEach((img, i) => {
      check?.(img, files[i]);
      pixels.set(convertChannels(img.rgba, h * w, 4, c), i * size);
    });
  } else {
    files.forEach((file, i) => {
      const img = decodeImage(file);
      check?.(img, file);
      pixels.set(fitImage(img, shape), i * size);
    });
  }
  return { name, n: files.length, shape, pixels };
}

/** Throws an {@link InputError} unless `dir` is an existing folder. */
export function requireFolder(dir: string, hint?: string): void {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(dir);
  } catch {
    throw new InputError(dir, 'folder not found', hint);
  }
  if (!st.isDirectory()) throw new InputError(dir, 'not a folder', hint);
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
  requireFolder(dir, 'Pass a folder of PNG/JPEG images or an IDX file');
  const files = listImages(dir).slice(0, limit);
  if (files.length === 0) throw new InputError(dir, 'contains no .png, .jpg or .jpeg images');
  const classDirs = files.map((f) => path.relative(dir, path.dirname(f)));
  const labelled = classDirs.every((d) => d !== '');
  const classNames = labelled ? [...new Set(classDirs)].sort() : undefined;
  if (classNames && classNames.length > 256)
    throw new InputError(dir, `has ${classNames.length} class folders; at most 256 are supported`);
  const labels = classNames
    ? new Uint8Array(files.map((_, i) => classNames.indexOf(classDirs[i])))
    : undefined;
  return { ...loadImageFiles(`folder:${dir}`, files, shape), labels, classNames };
}
