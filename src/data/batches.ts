/**
 * Seeded, resumable mini-batches of one image dataset, in the epoch order of {@link EpochOrder} (the
 * iterator's whole state is two integers, so a resumed run sees the same batches). A batch copies just
 * its own images into a fresh float buffer; the dataset is never copied.
 */
import type { ImageShape } from '../models/types.js';
import { gatherScaled, type ImageDataset, type PixelRange } from './dataset.js';
import { type BatchState, EpochOrder } from './order.js';
import type { DataSource } from './source.js';
import { BATCH_STREAMS } from './streams.js';

export type { BatchState } from './order.js';

/** One batch: `images` is `[batchSize, h, w, c]` flattened; `labels` when the set is labelled. */
export interface Batch {
  images: Float32Array;
  labels?: Int32Array;
}

export class BatchIterator implements DataSource {
  private readonly order: EpochOrder;

  /**
   * @param ds the dataset; `batchSize` must not exceed `ds.n` (the last incomplete batch of an epoch is dropped).
   */
  constructor(
    readonly ds: ImageDataset,
    readonly batchSize: number,
    readonly range: PixelRange,
    seed: number,
    state: BatchState = { epoch: 0, position: 0 },
  ) {
    this.order = new EpochOrder(ds.n, batchSize, seed, BATCH_STREAMS, state);
  }

  get name(): string {
    return `${this.ds.name}, ${this.ds.n} images ${this.ds.shape.join('x')}`;
  }

  get shape(): ImageShape {
    return this.ds.shape;
  }

  get numClasses(): number | undefined {
    return this.ds.labels ? this.ds.classNames?.length : undefined;
  }

  reference(n: number): Float32Array {
    return gatherScaled(this.ds, this.order.fixed(n), this.range);
  }

  /** Moves to a position saved by {@link state}. */
  seek(s: unknown): void {
    this.order.seek(s as BatchState);
  }

  /** Where the iterator is, for a checkpoint. */
  state(): BatchState {
    return this.order.state();
  }

  /** Number of full batches in one epoch. */
  get batchesPerEpoch(): number {
    return this.order.batchesPerEpoch;
  }

  /** The next batch (a fresh buffer the caller may hand to a tensor). */
  next(): Batch {
    const idx = this.order.next();
    return { images: gatherScaled(this.ds, idx, this.range), labels: gatherLabels(this.ds, idx) };
  }
}

/** The labels of the images at `indices`, when the dataset is labelled. */
export function gatherLabels(ds: ImageDataset, indices: ArrayLike<number>): Int32Array | undefined {
  return ds.labels ? Int32Array.from(indices, (i) => ds.labels![i]) : undefined;
}
