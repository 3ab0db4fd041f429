/** A toy distribution (src/data/toy) as a {@link DataSource}: every batch is a fresh seeded sample. */
import type { ImageShape } from '../models/types.js';
import { Rng, type RngState } from '../util/rng.js';
import type { Batch } from './batches.js';
import type { DataSource } from './source.js';
import { TOY_STREAMS } from './streams.js';
import type { ToyDistribution } from './toy/index.js';

export class ToySource implements DataSource {
  readonly name: string;
  readonly shape: ImageShape;
  private rng: Rng;
  private readonly seed: number;

  constructor(
    readonly toy: ToyDistribution,
    readonly batchSize: number,
    seed: number,
  ) {
    this.name = `toy:${toy.name}`;
    this.shape = [1, 1, toy.dim];
    this.seed = seed;
    this.rng = new Rng(seed, TOY_STREAMS.samples);
  }

  reference(n: number): Float32Array {
    return this.toy.sample(n, new Rng(this.seed, TOY_STREAMS.reference)).data;
  }

  next(): Batch {
    return { images: this.toy.sample(this.batchSize, this.rng).data };
  }

  state(): RngState {
    return this.rng.state();
  }

  seek(state: unknown): void {
    this.rng = Rng.fromState(state as RngState);
  }
}
