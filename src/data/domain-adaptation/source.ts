/**
 * Data of unsupervised domain adaptation: a labelled source domain and an unlabelled target domain,
 * walked in two independent seeded orders (a step's source and target batches are unrelated), plus the
 * labelled test sets of either domain that evaluation scores. The training target carries no labels at
 * all — they are dropped when the data is loaded — so no objective can read them by mistake.
 */
import type { ImageShape } from '../../models/types.js';
import { type Batch, BatchIterator, type BatchState } from '../batches.js';
import { gatherScaled, type ImageDataset, type PixelRange } from '../dataset.js';
import { EpochOrder } from '../order.js';
import { TARGET_STREAMS } from '../streams.js';

/** The four sets of a domain-adaptation run (test sets when available). */
export interface DomainData {
  /** Labelled source images (the only labels training sees). */
  source: ImageDataset;
  /** Target images without labels. */
  target: ImageDataset;
  /** Labelled source test set (source accuracy), when the source dataset has a test split. */
  sourceTest?: ImageDataset;
  /** Labelled target test set (target accuracy), labels indexed like the source's classes. */
  targetTest?: ImageDataset;
  /** Class names, indexed by label. */
  classNames: readonly string[];
}

/** Position of a {@link DomainSource}: both walks. */
export interface DomainSourceState {
  source: BatchState;
  target: BatchState;
}

/** One step's data: a labelled source batch and an unlabelled target batch of the same size, centred. */
export interface DomainBatch {
  source: Batch & { labels: Int32Array };
  target: Float32Array;
}

/** The mean of every channel over the images of `sets`, in `range` (the paper's only preprocessing). */
function channelMean(sets: ImageDataset[], range: PixelRange): Float32Array {
  const c = sets[0].shape[2];
  const sums = new Float64Array(c);
  let pixels = 0;
  for (const ds of sets) {
    for (let i = 0; i < ds.pixels.length; i++) sums[i % c] += ds.pixels[i];
    pixels += ds.pixels.length / c;
  }
  const [scale, offset] = range === '0,1' ? [1 / 255, 0] : [2 / 255, -1];
  return Float32Array.from(sums, (s) => (s / pixels) * scale + offset);
}

export class DomainSource {
  private readonly sourceBatches: BatchIterator;
  private readonly targetOrder: EpochOrder;
  /**
   * Per-channel pixel mean of the training source and target together, subtracted from every image
   * the networks see (training batches and test sets), as Ganin & Lempitsky preprocess MNIST → MNIST-M.
   */
  readonly pixelMean: Float32Array;

  constructor(
    readonly sets: DomainData,
    readonly batchSize: number,
    readonly range: PixelRange,
    seed: number,
  ) {
    this.sourceBatches = new BatchIterator(sets.source, batchSize, range, seed);
    this.targetOrder = new EpochOrder(sets.target.n, batchSize, seed, TARGET_STREAMS);
    this.pixelMean = channelMean([sets.source, sets.target], range);
  }

  /** Subtracts {@link pixelMean} from NHWC `images` in place and returns them. */
  private centred(images: Float32Array): Float32Array {
    const c = this.pixelMean.length;
    for (let i = 0; i < images.length; i++) images[i] -= this.pixelMean[i % c];
    return images;
  }

  /** The first `n` images of a set (labelled or not), centred as training batches are. */
  centredImages(ds: ImageDataset, n: number): { images: Float32Array; count: number } {
    const count = Math.min(n, ds.n);
    const indices = Array.from({ length: count }, (_, i) => i);
    return { images: this.centred(gatherScaled(ds, indices, this.range)), count };
  }

  /** The first `n` images of a labelled test set, centred as training batches are, and their labels. */
  testImages(ds: ImageDataset, n: number): { images: Float32Array; labels: Int32Array; count: number } {
    const { images, count } = this.centredImages(ds, n);
    return { images, labels: Int32Array.from(ds.labels!.subarray(0, count)), count };
  }

  get name(): string {
    return `${this.sets.source.name} (${this.sets.source.n}, labelled) → ${this.sets.target.name} (${this.sets.target.n}, unlabelled)`;
  }

  get numClasses(): number {
    return this.sets.classNames.length;
  }

  get shape(): ImageShape {
    return this.sets.source.shape;
  }

  next(): DomainBatch {
    const source = this.sourceBatches.next() as DomainBatch['source'];
    this.centred(source.images);
    return {
      source,
      target: this.centred(gatherScaled(this.sets.target, this.targetOrder.next(), this.range)),
    };
  }

  /** `n` fixed images of each training domain (sample pictures, not centred), independent of the position. */
  fixed(n: number): { source: Float32Array; target: Float32Array; count: number } {
    const count = Math.min(n, this.sets.source.n, this.sets.target.n);
    return {
      source: this.sourceBatches.reference(count),
      target: gatherScaled(this.sets.target, this.targetOrder.fixed(count), this.range),
      count,
    };
  }

  state(): DomainSourceState {
    return { source: this.sourceBatches.state(), target: this.targetOrder.state() };
  }

  seek(s: unknown): void {
    const { source, target } = s as DomainSourceState;
    this.sourceBatches.seek(source);
    this.targetOrder.seek(target);
  }
}
