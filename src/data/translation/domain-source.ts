/**
 * Seeded, resumable batches of a {@link DomainDataset} as StarGAN v2's solver consumes them
 * (clovaai/stargan-v2 `InputFetcher`): source images x with their domains y, walked in epoch order; and,
 * independently of them, reference images x_ref of domain ỹ (the target domain) walked in a second
 * order, each with a second reference x_ref2 drawn uniformly from the same domain (the official loader
 * pairs each reference with a random image of its class). The whole position is two epoch positions and
 * one RNG stream state, so a resumed run draws the same batches.
 */
import type { ImageShape } from '../../models/types.js';
import { UsageError } from '../../util/errors.js';
import { Rng, type RngState } from '../../util/rng.js';
import { gatherScaled, type PixelRange } from '../dataset.js';
import { type BatchState, EpochOrder } from '../order.js';
import { DOMAIN_REF2_STREAM, DOMAIN_REF_STREAMS, TRANSLATION_A_STREAMS } from '../streams.js';
import type { DomainDataset } from './domains.js';

/** One batch of n sources and n (reference, second reference) pairs, images flattened NHWC. */
export interface DomainBatch {
  x: Float32Array;
  /** Domain of each source image. */
  y: Int32Array;
  ref: Float32Array;
  ref2: Float32Array;
  /** Domain of each reference pair: the target domain ỹ of the step. */
  yRef: Int32Array;
}

/** Position of a {@link DomainSource} (JSON, for checkpoints). */
export interface DomainSourceState {
  source: BatchState;
  ref: BatchState;
  ref2: RngState;
}

export class DomainSource {
  readonly name: string;
  readonly shape: ImageShape;
  readonly domains: string[];
  private readonly source: EpochOrder;
  private readonly ref: EpochOrder;
  private ref2: Rng;
  /** The image indices of each domain, in dataset order. */
  private readonly members: Uint32Array[];

  constructor(
    readonly ds: DomainDataset,
    readonly batchSize: number,
    readonly range: PixelRange,
    seed: number,
  ) {
    const { images } = ds;
    this.shape = images.shape;
    this.domains = ds.domains;
    this.members = ds.domains.map((_, k) => {
      const idx: number[] = [];
      for (let i = 0; i < images.n; i++) if (images.labels[i] === k) idx.push(i);
      return Uint32Array.from(idx);
    });
    const empty = this.members.findIndex((m) => m.length === 0);
    if (empty >= 0) throw new UsageError(`${ds.name}: domain '${ds.domains[empty]}' has no images`);
    this.source = new EpochOrder(images.n, batchSize, seed, TRANSLATION_A_STREAMS);
    this.ref = new EpochOrder(images.n, batchSize, seed, DOMAIN_REF_STREAMS);
    this.ref2 = new Rng(seed, DOMAIN_REF2_STREAM);
    const counts = this.members.map((m, k) => `${ds.domains[k]} ${m.length}`).join(', ');
    this.name = `${ds.name}: ${ds.domains.length} domains (${counts}), ${this.shape.join('x')}`;
  }

  get numClasses(): number {
    return this.domains.length;
  }

  /** The next batch (fresh buffers the caller may hand to tensors). */
  next(): DomainBatch {
    const labels = this.ds.images.labels;
    const src = this.source.next();
    const ref = Uint32Array.from(this.ref.next());
    const yRef = Int32Array.from(ref, (i) => labels[i]);
    const ref2 = Uint32Array.from(yRef, (k) => this.members[k][this.ref2.int(this.members[k].length)]);
    return {
      x: this.gather(src),
      y: Int32Array.from(src, (i) => labels[i]),
      ref: this.gather(ref),
      ref2: this.gather(ref2),
      yRef,
    };
  }

  /**
   * `n` images (at most the set's size) from a fixed stream with their domains: the same every call,
   * the training position unchanged. The inputs of sample pictures and evaluation.
   */
  fixed(n: number): { x: Float32Array; y: Int32Array } {
    const idx = this.source.fixed(n);
    return { x: this.gather(idx), y: Int32Array.from(idx, (i) => this.ds.images.labels[i]) };
  }

  /** One fixed reference image per domain (domain order): the first of each domain in the fixed stream. */
  fixedReferences(): Float32Array {
    const order = this.ref.fixed(this.ds.images.n);
    const labels = this.ds.images.labels;
    const first = this.domains.map((_, k) => order.find((i) => labels[i] === k)!);
    return this.gather(first);
  }

  /** `count` images of domain `k` drawn uniformly (with replacement) from `rng`: evaluation references. */
  sampleDomain(k: number, count: number, rng: Rng): Float32Array {
    const m = this.members[k];
    return this.gather(Uint32Array.from({ length: count }, () => m[rng.int(m.length)]));
  }

  /** Where the source is, for a checkpoint. */
  state(): DomainSourceState {
    return { source: this.source.state(), ref: this.ref.state(), ref2: this.ref2.state() };
  }

  /** Returns to a position saved by {@link state}. */
  seek(s: unknown): void {
    const state = s as Partial<DomainSourceState> | null;
    if (!state?.source || !state.ref || !state.ref2)
      throw new UsageError(
        `the saved data position ${JSON.stringify(s)} is not one of a multi-domain source (${this.ds.name}); resume with the dataset the run was started with`,
      );
    this.source.seek(state.source);
    this.ref.seek(state.ref);
    this.ref2 = Rng.fromState(state.ref2);
  }

  private gather(idx: ArrayLike<number>): Float32Array {
    return gatherScaled(this.ds.images, idx, this.range);
  }
}
