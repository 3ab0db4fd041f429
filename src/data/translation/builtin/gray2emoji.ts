/**
 * `gray2emoji` (paired): A is the BT.601 luminance of B, a colour emoji composited on white —
 * colourisation, the classic pix2pix task, on images that exist offline. Every Google emoji image
 * (skin-tone variants included) in sorted file-name order; every tenth emoji with all its variants is the
 * test split (src/data/emoji.ts), so no variant of a test emoji is trained on. 3415 train / 371 test pairs.
 */
import path from 'node:path';
import { emojiDir, emojiSplitImages } from '../../emoji.js';
import { loadImageFiles } from '../../image-folder.js';
import { fitDataset } from '../../resize.js';
import type { TranslationBuiltin } from '../types.js';

export const gray2emoji: TranslationBuiltin = {
  description: 'grayscale emoji → colour emoji (paired, 64×64; 3415 train / 371 test)',
  inputChannels: 1,
  load({ split, limit, shape }) {
    const dir = emojiDir();
    const files = emojiSplitImages(split)
      .slice(0, limit)
      .map((e) => path.join(dir, e.image));
    const name = `gray2emoji/${split}`;
    const colour = loadImageFiles(`${name}/colour`, files, shape);
    const [h, w] = shape;
    return {
      name,
      a: { ...fitDataset(colour, [h, w, 1]), name: `${name}/gray` },
      b: colour,
      paired: true,
      domains: ['gray', 'colour'],
    };
  },
};
