/**
 * `fashion-footwear` (three domains, grayscale 28×28): the Fashion-MNIST sandals (class 5), sneakers (7)
 * and ankle boots (9) — one kind of object (a shoe seen from the side, toe to the left) in three styles,
 * so a translation keeps the shoe's place and size and changes its type, as StarGAN v2's domains
 * (CelebA-HQ male/female, AFHQ cat/dog/wild) keep a face's pose. The domains keep their Fashion-MNIST
 * labels as classifier labels, so the shipped Fashion-MNIST classifier tells whether a sandal became a
 * boot. 6000 per domain in train, 1000 in test.
 */
import { takeIndices } from '../../dataset.js';
import { loadIdxDataset } from '../../idx-datasets.js';
import { fitDataset } from '../../resize.js';
import { concatDomains, type DomainBuiltin } from '../domains.js';

/** Fashion-MNIST class of each domain, in domain order. */
const CLASSES = [5, 7, 9];
const NAMES = ['sandal', 'sneaker', 'ankle boot'];

export const fashionFootwear: DomainBuiltin = {
  description:
    'Fashion-MNIST sandal / sneaker / ankle boot (3 domains, labelled; 6000 each train, 1000 test)',
  load({ split, limit = Number.POSITIVE_INFINITY, shape }) {
    const fashion = loadIdxDataset('fashion-mnist', split);
    const name = `fashion-footwear/${split}`;
    const parts = CLASSES.map((c, k) => {
      const idx: number[] = [];
      for (let i = 0; i < fashion.n && idx.length < limit; i++) if (fashion.labels![i] === c) idx.push(i);
      return fitDataset(takeIndices(fashion, idx, `${name}/${NAMES[k]}`), shape);
    });
    return { ...concatDomains(name, parts, NAMES), classifierLabels: CLASSES };
  },
};
