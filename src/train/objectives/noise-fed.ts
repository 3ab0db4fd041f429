/**
 * What every objective of a noise-fed generator shares (the GAN objective, StyleGAN's): the networks
 * record, the EMA copy of G, the sampler the collapse monitor, `--eval-every`, `gankit sample` and
 * `gankit eval` draw from, the fixed noise of the sample grids and the sample picture.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { GanConfig } from '../../config/types.js';
import { imageSize } from '../../data/dataset.js';
import type { DataSource } from '../../data/source.js';
import { ToySource } from '../../data/toy-source.js';
import { forward } from '../../models/forward.js';
import type { GanNetworks } from '../../models/types.js';
import { Rng } from '../../util/rng.js';
import type { NoiseSampler, Visual } from '../objective.js';
import { STREAMS } from '../streams.js';
import { oneHotLabels } from '../../nn/one-hot.js';

export abstract class NoiseFedObjective implements NoiseSampler {
  readonly networks: Record<string, tfl.LayersModel>;
  readonly ema: Record<string, tfl.LayersModel>;

  /**
   * @param emaGenerator a second generator of the same architecture, required when `tricks.ema` is set:
   *   it holds the averaged weights and is what {@link model} returns.
   */
  constructor(
    readonly config: GanConfig,
    readonly nets: GanNetworks,
    readonly data: DataSource,
    emaGenerator?: tfl.LayersModel,
  ) {
    this.networks = { generator: nets.generator, discriminator: nets.discriminator };
    if (config.tricks?.ema && !emaGenerator) throw new Error('tricks.ema needs an emaGenerator');
    this.ema = emaGenerator ? { generator: emaGenerator } : {};
  }

  get sampler(): NoiseSampler {
    return this;
  }

  /** The generator to sample from: the EMA copy when enabled, else the trained one. */
  get model(): tfl.LayersModel {
    return this.ema.generator ?? this.nets.generator;
  }

  get latentDim(): number {
    return this.nets.latentDim;
  }

  get numClasses(): number | undefined {
    return this.nets.numClasses;
  }

  reference(n: number): Float32Array {
    return this.data.reference(n);
  }

  /** The fixed noise of the sample grids (same seed → same grid positions across a run and its resumes). */
  fixedLatents(n: number): tf.Tensor[] {
    const rng = new Rng(this.config.train.seed, STREAMS.fixedNoise);
    return tf.tidy(() => {
      const z = tf.tensor2d(rng.normal(n * this.nets.latentDim), [n, this.nets.latentDim]);
      const k = this.nets.numClasses;
      if (!k) return [z];
      const labels = Int32Array.from({ length: n }, (_, i) => i % k);
      return [z, oneHotLabels(labels, k)];
    });
  }

  fixedSamples(n: number): Float32Array {
    const out = tf.tidy(() => forward(this.model, this.fixedLatents(n), { training: false }) as tf.Tensor);
    const data = out.dataSync() as Float32Array;
    out.dispose();
    return data;
  }

  /** A grid of the fixed-noise samples (at most 64), or for toy worlds their points over real ones. */
  visual(n: number): Visual {
    const samples = this.fixedSamples(n);
    if (this.data instanceof ToySource)
      return { kind: 'points', samples, reference: this.data.reference(n), dim: this.nets.imageShape[2] };
    const count = Math.min(n, 64);
    const shape = this.nets.imageShape;
    return { kind: 'grid', images: samples.subarray(0, count * imageSize(shape)), count, shape };
  }
}
