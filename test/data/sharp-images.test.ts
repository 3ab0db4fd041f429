/**
 * Users' folders of large images go through sharp (libvips) instead of pngjs/jpeg-js + resize.ts: at the
 * same size the pixels are identical (PNG is lossless, nothing is resized), resized they agree with
 * the JS path to within a few levels (the two resampling kernels differ at edges); a file libvips
 * cannot read is an InputError naming it; the header reader gives the sizes the decoders find.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { PNG } from 'pngjs';
import { decodeImage, headerSize, loadImageFolder } from '../../src/data/image-folder.js';
import { sharpAvailable } from '../../src/data/sharp-images.js';
import { readInputFile } from '../../src/util/fs.js';
import { tmpDir } from '../helpers.js';

const dir = tmpDir('gankit-sharp-');
// Four 256×256 RGBA images: smooth gradients, a hard edge and half-transparent pixels.
for (let k = 0; k < 4; k++) {
  const png = new PNG({ width: 256, height: 256 });
  for (let y = 0; y < 256; y++)
    for (let x = 0; x < 256; x++)
      png.data.set(
        [(x + 40 * k) % 256, y, x > 128 + 10 * k ? 255 : 0, y < 64 ? 128 : 255],
        (y * 256 + x) * 4,
      );
  writeFileSync(path.join(dir, `${k}.png`), PNG.sync.write(png));
}

const saved = process.env.GANKIT_IMAGE_IO;
after(() => {
  process.env.GANKIT_IMAGE_IO = saved;
});
function load(io: 'js' | 'sharp', size: number, from = dir) {
  process.env.GANKIT_IMAGE_IO = io;
  return loadImageFolder(from, [size, size, 3]).pixels;
}

test('sharp and the JS path give the same pixels at the same size, and close ones resized', (t) => {
  if (!sharpAvailable()) return t.skip('sharp is not installed (an optional dependency)');
  assert.deepEqual(load('sharp', 256), load('js', 256));
  const [a, b] = [load('sharp', 64), load('js', 64)];
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  assert.ok(sum / a.length < 2, `mean |sharp − js| = ${(sum / a.length).toFixed(3)} levels`);
});

test('a file libvips cannot read is an InputError naming it', (t) => {
  if (!sharpAvailable()) return t.skip('sharp is not installed (an optional dependency)');
  const bad = tmpDir('gankit-sharp-bad-');
  writeFileSync(path.join(bad, 'a.png'), readInputFile(path.join(dir, '0.png')));
  // A valid PNG header (so that the folder is routed to sharp) with the image data cut off.
  writeFileSync(path.join(bad, 'b.png'), readInputFile(path.join(dir, '1.png')).subarray(0, 100));
  assert.throws(
    () => load('sharp', 64, bad),
    (err: Error) => err.name === 'InputError' && err.message.includes('b.png'),
  );
});

test('header sizes match the decoded sizes of PNG and JPEG files', () => {
  const png = path.join(dir, '0.png');
  assert.deepEqual(headerSize(readInputFile(png)), { width: 256, height: 256 });
  const { width, height } = decodeImage(png);
  assert.deepEqual({ width, height }, { width: 256, height: 256 });
  // A baseline JPEG written by jpeg-js, 40×24: the frame size sits after an APP0 segment.
  const jpeg = path.join(tmpDir('gankit-jpeg-'), 'x.jpg');
  return import('jpeg-js').then(({ default: jpegJs }) => {
    writeFileSync(
      jpeg,
      jpegJs.encode({ width: 40, height: 24, data: Buffer.alloc(40 * 24 * 4, 200) }, 90).data,
    );
    assert.deepEqual(headerSize(readInputFile(jpeg)), { width: 40, height: 24 });
    assert.equal(headerSize(new Uint8Array([1, 2, 3])), undefined);
  });
});
