/** A data source that hands out one fixed random batch: the benchmark times training, not data loading. */
import type { Batch } from '../data/batches.js';
import type { DataSource } from '../data/source.js';
import type { ImageShape } from '../models/types.js';
import { Rng } from '../util/rng.js';

export class FixedBatchSource implements DataSource {
  readonly name = 'benchmark batch';
  private readonly batch: Batch;

  constructor(
    readonly shape: ImageShape,
    batchSize: number,
    seed: number,
  ) {
    this.batch = { images: new Rng(seed).uniform(batchSize * shape[0] * shape[1] * shape[2]) };
  }

  next(): Batch {
    return this.batch;
  }

  state(): unknown {
    return null;
  }

  seek(): void {}

  reference(): Float32Array {
    return this.batch.images;
  }
}
