/**
 * Loading users' image folders: the JavaScript path (pngjs / jpeg-js + src/data/resize.ts) against sharp
 * (libvips), on the 3,786 emoji PNGs of npm emoji-datasource-google (64×64) and on 200 of them upscaled
 * to 512×512 JPEGs (written once to .tmp/bench-jpeg-512), each loaded as 64×64×3. Prints CPU seconds
 * (every thread, the sharp worker's included) and wall seconds. Not a test; run
 * `npm run build && node dist/bench/image-io.js`.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { emojiDir } from '../src/data/emoji.js';
import { listImages, loadImageFolder } from '../src/data/image-folder.js';

const big = path.resolve('.tmp/bench-jpeg-512');
if (!existsSync(big)) {
  mkdirSync(big, { recursive: true });
  for (const [i, f] of listImages(emojiDir()).slice(0, 200).entries()) {
    const jpeg = await sharp(f)
      .flatten({ background: '#ffffff' })
      .resize(512, 512)
      .jpeg({ quality: 90 })
      .toBuffer();
    writeFileSync(path.join(big, `${String(i).padStart(4, '0')}.jpg`), jpeg);
  }
}

for (const [name, dir] of [
  ['3,786 emoji PNGs, 64×64', emojiDir()],
  ['200 JPEGs, 512×512', big],
]) {
  for (const io of ['js', 'sharp']) {
    process.env.GANKIT_IMAGE_IO = io;
    const cpu = process.cpuUsage();
    const t = performance.now();
    const ds = loadImageFolder(dir, [64, 64, 3]);
    const used = process.cpuUsage(cpu);
    console.log(
      `${name.padEnd(26)} ${io.padEnd(6)} ${ds.n} images: ${((used.user + used.system) / 1e6).toFixed(2)} s CPU, ${((performance.now() - t) / 1000).toFixed(2)} s wall`,
    );
  }
}
