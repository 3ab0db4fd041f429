/**
 * Seeded, resumable batches of a {@link TranslationDataset}. A paired set walks ONE epoch order and
 * gathers a[i] and b[i] with the same indices, so pairs stay together in every epoch; an unpaired set
 * walks A and B in two independent orders (distinct RNG streams, src/data/streams.ts), so which B image
 * meets which A image carries no information, as CycleGAN assumes. Both reuse {@link EpochOrder}, the
 * order behind {@link BatchIterator}.
 */
import type { ImageShape } from '../../models/types.js';
import { UsageError } from '../../util/errors.js';
import { gatherLabels } from '../batches.js';
import { gatherScaled, type ImageDataset, type PixelRange } from '../dataset.js';
import { type BatchState, EpochOrder } from '../order.js';
import { TRANSLATION_A_STREAMS, TRANSLATION_B_STREAMS } from '../streams.js';
import type { TranslationBatch, TranslationDataset } from './types.js';

/** Position of a {@link TranslationSource} (JSON, for checkpoints); `b` only for unpaired sets. */
export interface TranslationState {
  a: BatchState;
  b?: BatchState;
}

export class TranslationSource {
  readonly name: string;
  readonly shapeA: ImageShape;
  readonly shapeB: ImageShape;
  readonly paired: boolean;
  readonly domains: [string, string];
  private readonly orderA: EpochOrder;
  /** B's own order; absent for paired sets, which gather B with A's indices. */
  private readonly orderB?: EpochOrder;

  /**
   * @param batchSize images per domain per batch; at most the size of the smaller domain.
   * @param seed seeds the epoch orders and the fixed samples.
   */
  constructor(
    readonly ds: TranslationDataset,
    readonly batchSize: number,
    readonly range: PixelRange,
    seed: number,
  ) {
    if (ds.paired && ds.a.n !== ds.b.n) {
      throw new RangeError(`paired dataset ${ds.name} has ${ds.a.n} A images but ${ds.b.n} B images`);
    }
    this.shapeA = ds.a.shape;
    this.shapeB = ds.b.shape;
    this.paired = ds.paired;
    this.domains = ds.domains;
    this.orderA = new EpochOrder(ds.a.n, batchSize, seed, TRANSLATION_A_STREAMS);
    if (!ds.paired) this.orderB = new EpochOrder(ds.b.n, batchSize, seed, TRANSLATION_B_STREAMS);
    const side = (d: ImageDataset, domain: string) => `${domain} ${d.n} images ${d.shape.join('x')}`;
    this.name =
      `${ds.name} (${ds.paired ? 'paired' : 'unpaired'}): ` +
      `${side(ds.a, ds.domains[0])} → ${side(ds.b, ds.domains[1])}`;
  }

  /** The next batch (fresh buffers the caller may hand to tensors). */
  next(): TranslationBatch {
    const ia = this.orderA.next();
    return this.gather(ia, this.orderB ? this.orderB.next() : ia);
  }

  /**
   * `n` samples (fewer when a domain is smaller) from fixed streams of their own: the same every call,
   * and the training position does not move. For the inputs of sample grids and evaluation; paired sets
   * keep their pairs.
   */
  fixed(n: number): TranslationBatch {
    const { a, b } = this.fixedIndices(n);
    return this.gather(a, b);
  }

  /** The labels of {@link fixed}`(n)`'s images, per domain, when that domain is labelled. */
  fixedLabels(n: number): { a?: Int32Array; b?: Int32Array } {
    const { a, b } = this.fixedIndices(n);
    return { a: gatherLabels(this.ds.a, a), b: gatherLabels(this.ds.b, b) };
  }

  /** Class names of each domain's labels, when labelled (e.g. the ten digits for edges2mnist). */
  get classNames(): { a?: readonly string[]; b?: readonly string[] } {
    return {
      a: this.ds.a.labels ? this.ds.a.classNames : undefined,
      b: this.ds.b.labels ? this.ds.b.classNames : undefined,
    };
  }

  /** Full batches in one epoch of domain A (the trainer's notion of an epoch). */
  get batchesPerEpoch(): number {
    return this.orderA.batchesPerEpoch;
  }

  /** Where the source is, for a checkpoint. */
  state(): TranslationState {
    return this.orderB ? { a: this.orderA.state(), b: this.orderB.state() } : { a: this.orderA.state() };
  }

  /** Returns to a position saved by {@link state}. */
  seek(s: unknown): void {
    const state = s as Partial<TranslationState> | null;
    if (!isPosition(state?.a) || (this.orderB !== undefined) !== isPosition(state?.b)) {
      throw new UsageError(
        `the saved data position ${JSON.stringify(s)} is not one of a ${this.paired ? 'paired' : 'unpaired'} ` +
          `translation source (${this.ds.name}); resume with the dataset the run was started with`,
      );
    }
    this.orderA.seek(state!.a!);
    if (this.orderB) this.orderB.seek(state!.b!);
  }

  private fixedIndices(n: number): { a: Uint32Array; b: Uint32Array } {
    const k = Math.min(n, this.ds.a.n, this.ds.b.n);
    const a = this.orderA.fixed(k);
    return { a, b: this.orderB ? this.orderB.fixed(k) : a };
  }

  private gather(ia: ArrayLike<number>, ib: ArrayLike<number>): TranslationBatch {
    const { a, b } = this.ds;
    return {
      a: gatherScaled(a, ia, this.range),
      b: gatherScaled(b, ib, this.range),
      labelsA: gatherLabels(a, ia),
      labelsB: gatherLabels(b, ib),
    };
  }
}

function isPosition(v: unknown): v is BatchState {
  const p = v as BatchState | undefined;
  return Number.isInteger(p?.epoch) && Number.isInteger(p?.position);
}
