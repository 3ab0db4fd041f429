/**
 * `edges2mnist` (paired): A is the edge map of an MNIST digit, B the digit itself; both carry the
 * digit's label, so a classifier can check that a translated outline became the right digit. Edges are
 * computed at the configured resolution (after upscaling), where strokes are several pixels wide and the
 * outline is a real outline rather than the stroke itself. 60 000 train / 10 000 test pairs.
 */
import { takeFirst } from '../../dataset.js';
import { loadIdxDataset } from '../../idx-datasets.js';
import { fitDataset } from '../../resize.js';
import { edgeMaps } from '../edges.js';
import type { TranslationBuiltin } from '../types.js';

export const edges2mnist: TranslationBuiltin = {
  description: 'MNIST digit outlines → digits (paired, labelled; 60000 train / 10000 test)',
  inputChannels: 1,
  load({ split, limit, shape }) {
    let digits = loadIdxDataset('mnist', split);
    if (limit !== undefined) digits = takeFirst(digits, limit);
    digits = fitDataset(digits, [shape[0], shape[1], 1]);
    const name = `edges2mnist/${split}`;
    return {
      name,
      a: { ...edgeMaps(digits), name: `${name}/edges` },
      b: { ...digits, name: `${name}/digits` },
      paired: true,
      domains: ['edges', 'digits'],
    };
  },
};
