/**
 * The contract of image-to-image translation data (pix2pix: paired; CycleGAN: unpaired): two image
 * domains held as ordinary {@link ImageDataset}s, so every image tool (resizing, batching, grids) works on
 * each domain unchanged, and the loaders that build them from packages or users' folders.
 */
import type { ImageShape } from '../../models/types.js';
import type { ImageDataset } from '../dataset.js';
import type { Split } from '../idx-datasets.js';

/** Two image domains: A (the input of A→B) and B. */
export interface TranslationDataset {
  name: string;
  a: ImageDataset;
  b: ImageDataset;
  /** True when a[i] and b[i] show the same scene (pix2pix needs pairs; CycleGAN ignores pairing). */
  paired: boolean;
  /** Names of the two domains, e.g. ['edges', 'digits'] or ['sneaker', 'ankle boot']. */
  domains: [string, string];
}

/**
 * One batch: `a` is [n, ...shapeA] flattened, `b` is [n, ...shapeB]; for paired data b[i] is a[i]'s target.
 * `labelsA` / `labelsB` are the class labels of the batch's images when that domain is labelled.
 */
export interface TranslationBatch {
  a: Float32Array;
  b: Float32Array;
  labelsA?: Int32Array;
  labelsB?: Int32Array;
}

/** What a translation loader is asked for (resolved from `config.data`). */
export interface TranslationLoadOptions {
  split: Split;
  /** At most this many images per domain (pairs, for paired sets): the first ones in the set's order. */
  limit?: number;
  /** Shape of domain B's images. */
  shape: ImageShape;
  /** Channels of domain A's images (A has B's height and width). */
  inputChannels: number;
}

/** A built-in translation dataset, registered by name in ./registry.ts. */
export interface TranslationBuiltin {
  /** One line for listings: what the domains are and where they come from. */
  description: string;
  /**
   * The natural channels of domain A, used when `config.data.inputChannels` is absent (1 for edge maps
   * and grayscale inputs); when unset A has the channels of `config.data.shape`.
   */
  inputChannels?: 1 | 3;
  /**
   * Builds the dataset. A loader may return domains at their native resolution; the registry fits A to
   * `[h, w, inputChannels]` and B to `shape` afterwards (a no-op when the loader already did).
   */
  load(opts: TranslationLoadOptions): TranslationDataset;
}
