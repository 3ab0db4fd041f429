/**
 * What the trainer draws real batches from: an image dataset walked in seeded epochs, or a toy
 * distribution sampled afresh. Both expose their position as JSON so a checkpoint can restore it.
 */
import type { ImageShape } from '../models/types.js';
import type { Batch } from './batches.js';

export interface DataSource {
  /** Human-readable origin, printed at start. */
  readonly name: string;
  /** Shape of one sample; toys use [1, 1, dim]. */
  readonly shape: ImageShape;
  /** Set for labelled data. */
  readonly numClasses?: number;
  /** The next real batch. */
  next(): Batch;
  /** The position, for checkpoints. */
  state(): unknown;
  /** Returns to a position from {@link state}. */
  seek(state: unknown): void;
  /**
   * `n` real samples from a fixed stream of their own (the same every call; the training position does
   * not move): the reference for sample plots and the collapse monitor.
   */
  reference(n: number): Float32Array;
}
