/**
 * Seeded, resumable mini-batches. Each epoch visits the images in a fresh permutation derived only from
 * (seed, epoch), so the iterator's whole state is two integers and a resumed run sees the same batches.
 * A batch copies just its own images into a reused float buffer; the dataset is never copied.
 */
import { Rng } from '../util/rng.js';
import type { ImageShape } from '../models/types.js';
import { gatherScaled, type ImageDataset, imageSize, type PixelRange } from './dataset.js';
import type { DataSource } from './source.js';

/** Position of a {@link BatchIterator}, stored in checkpoints. */
export interface BatchState {
  epoch: number;
  position: number;
}

/** One batch: `images` is `[batchSize, h, w, c]` flattened; `labels` when the set is labelled. */
export interface Batch {
  images: Float32Array;
  labels?: Int32Array;
}

/** RNG stream ids reserved for data order (kept apart from model and noise streams). */
const EPOCH_STREAM_BASE = 0x10000;
const REFERENCE_STREAM = 0x1ffff;

export class BatchIterator implements DataSource {
  private order: Uint32Array;
  private epoch: number;
  private position: number;

  /**
   * @param ds the dataset; `batchSize` must not exceed `ds.n` (the last incomplete batch of an epoch is dropped).
   */
  constructor(
    readonly ds: ImageDataset,
    readonly batchSize: number,
    readonly range: PixelRange,
    private readonly seed: number,
    state: BatchState = { epoch: 0, position: 0 },
  ) {
    if (batchSize < 1 || batchSize > ds.n) {
      throw new RangeError(`batch size ${batchSize} must be between 1 and the dataset size ${ds.n}`);
    }
    this.epoch = state.epoch;
    this.position = state.position;
    this.order = this.permutation(this.epoch);
  }

  private permutation(epoch: number): Uint32Array {
    return new Rng(this.seed, EPOCH_STREAM_BASE + epoch).permutation(this.ds.n);
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
    const idx = new Rng(this.seed, REFERENCE_STREAM)
      .permutation(this.ds.n)
      .subarray(0, Math.min(n, this.ds.n));
    return gatherScaled(this.ds, idx, this.range);
  }

  /** Moves to a position saved by {@link state}. */
  seek(s: unknown): void {
    const state = s as BatchState;
    this.epoch = state.epoch;
    this.position = state.position;
    this.order = this.permutation(this.epoch);
  }

  /** Where the iterator is, for a checkpoint. */
  state(): BatchState {
    return { epoch: this.epoch, position: this.position };
  }

  /** Number of full batches in one epoch. */
  get batchesPerEpoch(): number {
    return Math.floor(this.ds.n / this.batchSize);
  }

  /** The next batch (a fresh buffer the caller may hand to a tensor). */
  next(): Batch {
    if (this.position + this.batchSize > this.ds.n) {
      this.epoch++;
      this.position = 0;
      this.order = this.permutation(this.epoch);
    }
    const idx = this.order.subarray(this.position, this.position + this.batchSize);
    this.position += this.batchSize;
    const images = gatherScaled(
      this.ds,
      idx,
      this.range,
      new Float32Array(this.batchSize * imageSize(this.ds.shape)),
    );
    const labels = this.ds.labels ? Int32Array.from(idx, (i) => this.ds.labels![i]) : undefined;
    return { images, labels };
  }
}
