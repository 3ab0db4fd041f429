/**
 * StyleGAN's noise inputs (Karras et al. 2019, §2.1; the official `apply_noise`): after each convolution
 * of the synthesis network a single-channel image of N(0, 1) noise is added to every feature map with a
 * learned per-channel scale ("B" in the paper's figure 1), initialised to zero so that training starts
 * without noise and learns where stochastic detail helps:
 *
 *   y[n, h, w, c] = x[n, h, w, c] + s[c] · ε[n, h, w],   ε ∼ N(0, 1) fresh per sample and call.
 *
 * The noise comes from a seeded Philox stream (its position is part of a checkpoint, like the masks of
 * seeded dropout), so a run is reproducible and resumable. With `randomize` off, every call uses one
 * fixed noise image ([H, W], drawn once from the layer's seed and stored as a non-trainable weight), as
 * the official `randomize_noise=False`: the same code then always gives the same image, which is what
 * the truncation and style-mixing checks need.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { Rng, type RngState } from '../util/rng.js';
import type { LayerArgs } from './layer-args.js';
import { findLayers, type SeededLayer } from './seeded.js';

export interface NoiseInjectionArgs extends LayerArgs {
  /** Seed of the noise stream and of the fixed noise image. */
  seed: number;
}

/** [N, H, W, C] → [N, H, W, C]: x plus per-channel-scaled single-channel Gaussian noise. */
export class NoiseInjection extends tfl.layers.Layer implements SeededLayer {
  static readonly className = 'GankitNoiseInjection';
  /** Draw fresh noise at every call (the default); false: the stored fixed noise image. */
  randomize = true;
  private readonly seed: number;
  private readonly rng: Rng;
  private scale: tfl.LayerVariable | null = null;
  private fixed: tfl.LayerVariable | null = null;

  constructor(args: NoiseInjectionArgs) {
    super(args);
    this.seed = args.seed >>> 0;
    this.rng = new Rng(this.seed);
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = inputShape as tfl.Shape;
    const [, h, w, c] = shape;
    if (shape.length !== 4 || h === null || w === null || c === null)
      throw new Error(`NoiseInjection expects NHWC input with known sizes, got [${shape.join(', ')}]`);
    this.scale = this.addWeight('noise_strength', [c], 'float32', tfl.initializers.zeros());
    // The fixed image comes from a stream of its own (stream 1), not from the training noise stream.
    const values = new Rng(this.seed, 1).normal(h * w);
    this.fixed = this.addWeight(
      'fixed_noise',
      [h, w, 1],
      'float32',
      tfl.initializers.zeros(),
      undefined,
      false,
    );
    this.fixed.write(tf.tensor3d(values, [h, w, 1]));
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const [n, h, w] = x.shape;
      const noise = this.randomize
        ? tf.tensor4d(this.rng.normal(n * h * w), [n, h, w, 1])
        : this.fixed!.read();
      return tf.add(x, tf.mul(noise, this.scale!.read()));
    });
  }

  /**
   * The fixed noise image [H, W, 1] and the per-channel scales [C] (the layer's variables, not copies):
   * `gankit export` bakes x + s·ε_fixed, the layer with `randomize` off, into standard layers.
   */
  fixedNoise(): { noise: tf.Tensor3D; scale: tf.Tensor1D } {
    return { noise: this.fixed!.read() as tf.Tensor3D, scale: this.scale!.read() as tf.Tensor1D };
  }

  randomState(): RngState {
    return this.rng.state();
  }

  setRandomState(state: RngState): void {
    this.rng.seek(state);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), seed: this.seed };
  }
}
tf.serialization.registerClass(NoiseInjection);

const isNoise = (l: tfl.layers.Layer): l is NoiseInjection => l instanceof NoiseInjection;

/**
 * Runs `fn` with every noise layer of `model` in fixed (`randomize` false) or fresh-noise mode, and
 * puts the previous modes back afterwards.
 */
export function withNoiseMode<T>(model: tfl.LayersModel, randomize: boolean, fn: () => T): T {
  const layers = findLayers(model, isNoise);
  const before = layers.map((l) => l.randomize);
  setNoiseMode(model, randomize);
  try {
    return fn();
  } finally {
    layers.forEach((l, i) => {
      l.randomize = before[i];
    });
  }
}

/**
 * Puts every noise layer of `model` in fixed (`randomize` false) or fresh-noise mode until changed
 * again: for a model that several callers apply (the latent tools' handles), where a scoped
 * {@link withNoiseMode} cannot reach every call.
 */
export function setNoiseMode(model: tfl.LayersModel, randomize: boolean): void {
  for (const l of findLayers(model, isNoise)) l.randomize = randomize;
}
