/**
 * `sneaker2boot` (unpaired): Fashion-MNIST sneakers (class 7) as A and ankle boots (class 9) as B, a
 * small grayscale CycleGAN task (shoe → boot keeps the sole and adds a shaft). Labels keep their
 * Fashion-MNIST indices, so the Fashion-MNIST classifier can tell whether a sneaker became a boot.
 * 6000 / 6000 train, 1000 / 1000 test.
 */
import { type ImageDataset, takeIndices } from '../../dataset.js';
import { loadIdxDataset } from '../../idx-datasets.js';
import type { TranslationBuiltin } from '../types.js';

const SNEAKER = 7;
const ANKLE_BOOT = 9;

/** The images of one class, in file order, at most `limit`. */
function ofClass(ds: ImageDataset, label: number, limit: number, name: string): ImageDataset {
  const idx: number[] = [];
  for (let i = 0; i < ds.n && idx.length < limit; i++) if (ds.labels![i] === label) idx.push(i);
  return takeIndices(ds, idx, name);
}

export const sneaker2boot: TranslationBuiltin = {
  description: 'Fashion-MNIST sneakers → ankle boots (unpaired, labelled; 6000/6000 train, 1000/1000 test)',
  load({ split, limit = Number.POSITIVE_INFINITY }) {
    const fashion = loadIdxDataset('fashion-mnist', split);
    const name = `sneaker2boot/${split}`;
    return {
      name,
      a: ofClass(fashion, SNEAKER, limit, `${name}/sneaker`),
      b: ofClass(fashion, ANKLE_BOOT, limit, `${name}/ankle boot`),
      paired: false,
      domains: ['sneaker', 'ankle boot'],
    };
  },
};
