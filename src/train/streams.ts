/**
 * Every RNG stream id of the training side, in one table so that no two consumers of a run's seed draw
 * the same numbers (the data layer's ids, 0x10000 and up, are in src/data/streams.ts). Changing an id
 * changes every run's numbers: the pinned loss traces (test/train/loss-traces.test.ts) would say so.
 */
export const STREAMS = {
  /**
   * The GAN objective's latent codes, fake labels, instance noise, replay and interpolation draws;
   * StarGAN v2's latent codes z₁, z₂.
   */
  noise: 1,
  /** The fixed noise of the sample grids (the same for a run and its resumes; StarGAN v2: one z per domain). */
  fixedNoise: 2,
  /** `gankit sample`'s fresh noise (seeded by its --seed). */
  sampleCommand: 3,
  /** Label flips and noisy labels of the BCE losses. */
  labels: 4,
  /** CycleGAN's pools of past fakes. */
  pool: 5,
  /** Evaluation: generated samples, then the real images drawn to compare with (+1). */
  evaluation: 7,
  /** Redraws of z coordinates beyond a truncation threshold (src/latent/sampling.ts). */
  truncation: 8,
  /** The latent tools' own draws: an inversion's screened starting points, arithmetic's random halves. */
  latentTools: 9,
  /** A random sweep's draws of the runs' parameters (seeded by the sweep's seed, src/sweep/spec.ts). */
  sweepSearch: 10,
  /** The (z, G(z)) training pairs of an inversion encoder (src/latent/encoder.ts). */
  latentEncoder: 0x109,
  /** The z draws that locate a StyleGAN run's W for the latent tools (mean and spread, src/latent/space.ts). */
  latentSpace: 0x209,
  /** The endpoint pairs and positions of a perceptual path length (src/latent/path-length.ts). */
  pathLength: 0x309,
} as const;
