/**
 * Every RNG stream id the data layer uses, in one table so that no two sources ever draw from the same
 * stream of a seed (the trainer's own streams are small integers, see src/train). An epoch-ordered
 * source owns a block of 0x10000 ids: `epochs + e` is the permutation of epoch `e` (so epochs up to
 * 0xfffe are distinct) and the block's last id, `epochs + 0xffff`, is its fixed reference stream.
 */

/** The ids of one epoch-ordered walk over a dataset (see {@link EpochOrder}). */
export interface OrderStreams {
  /** Stream id of epoch 0's permutation; epoch `e` uses `epochs + e`. */
  readonly epochs: number;
  /** Stream of the fixed sample (reference images, sample-grid inputs), independent of the position. */
  readonly fixed: number;
}

/** A block of 0x10000 stream ids starting at `base`: epochs first, the fixed stream last. */
function block(base: number): OrderStreams {
  return { epochs: base, fixed: base + 0xffff };
}

/** Ordinary image datasets ({@link BatchIterator}): 0x10000–0x1ffff. */
export const BATCH_STREAMS = block(0x10000);

/** Toy distributions ({@link ToySource}): 0x20000 samples, 0x20001 the reference. */
export const TOY_STREAMS = { samples: 0x20000, reference: 0x20001 } as const;

/** Translation domain A, and both domains of a paired set (one permutation): 0x30000–0x3ffff. */
export const TRANSLATION_A_STREAMS = block(0x30000);

/** Translation domain B of an unpaired set (independent of A's order): 0x40000–0x4ffff. */
export const TRANSLATION_B_STREAMS = block(0x40000);

/** The unlabelled target domain of domain-adaptation data (independent of the source's order): 0x50000–0x5ffff. */
export const TARGET_STREAMS = block(0x50000);

/**
 * Generation of the built-in `mnistm-emoji` target (patch choice, colour, crop per digit), one stream per
 * split. Drawn from a fixed seed, not the run's: the set is the same for every run, like a file on disk.
 */
export const MNISTM_EMOJI_STREAMS = { train: 0x60000, test: 0x60001 } as const;

/** Multi-domain references (StarGAN v2): their walk 0x70000–0x7ffff, then the second reference's draws. */
export const DOMAIN_REF_STREAMS = block(0x70000);
export const DOMAIN_REF2_STREAM = 0x80000;
