/**
 * The seeded, resumable order in which a dataset's images are visited: each epoch is a fresh
 * permutation derived only from (seed, stream of that epoch), so the whole position is two integers and
 * a resumed run sees the same indices. Split from {@link BatchIterator} so that two-domain sources can
 * walk one order for both domains (paired) or two independent orders (unpaired) without copying it.
 */
import { Rng } from '../util/rng.js';
import { BATCH_STREAMS, type OrderStreams } from './streams.js';

/** Position of an {@link EpochOrder}, stored in checkpoints. */
export interface BatchState {
  epoch: number;
  position: number;
}

export class EpochOrder {
  private order: Uint32Array;
  private epoch: number;
  private position: number;

  /**
   * @param n number of items; `batchSize` must not exceed it (the last incomplete batch of an epoch is dropped).
   * @param streams the RNG stream ids of this walk (src/data/streams.ts).
   */
  constructor(
    readonly n: number,
    readonly batchSize: number,
    private readonly seed: number,
    private readonly streams: OrderStreams = BATCH_STREAMS,
    state: BatchState = { epoch: 0, position: 0 },
  ) {
    if (batchSize < 1 || batchSize > n) {
      throw new RangeError(`batch size ${batchSize} must be between 1 and the dataset size ${n}`);
    }
    this.epoch = state.epoch;
    this.position = state.position;
    this.order = this.permutation(this.epoch);
  }

  private permutation(epoch: number): Uint32Array {
    return new Rng(this.seed, this.streams.epochs + epoch).permutation(this.n);
  }

  /** The indices of the next batch (a view valid until the next call). */
  next(): Uint32Array {
    if (this.position + this.batchSize > this.n) {
      this.epoch++;
      this.position = 0;
      this.order = this.permutation(this.epoch);
    }
    const idx = this.order.subarray(this.position, this.position + this.batchSize);
    this.position += this.batchSize;
    return idx;
  }

  /** `k` (at most `n`) indices from the fixed stream: the same every call, the position unchanged. */
  fixed(k: number): Uint32Array {
    return new Rng(this.seed, this.streams.fixed).permutation(this.n).subarray(0, Math.min(k, this.n));
  }

  /** Where the walk is, for a checkpoint. */
  state(): BatchState {
    return { epoch: this.epoch, position: this.position };
  }

  /** Moves to a position saved by {@link state}. */
  seek(state: BatchState): void {
    this.epoch = state.epoch;
    this.position = state.position;
    this.order = this.permutation(this.epoch);
  }

  /** Number of full batches in one epoch. */
  get batchesPerEpoch(): number {
    return Math.floor(this.n / this.batchSize);
  }
}
