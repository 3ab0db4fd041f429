/**
 * ProGAN's generator (the official `G_paper`), every layer with an equalised learning rate and every
 * feature map pixel-normalised after its activation:
 *
 *     z → PixelNorm → dense (gain √2/4) → reshape 4×4×nf(1) → + bias → LReLU → PN → conv 3×3 → LReLU → PN
 *     level k ≥ 1 (resolution 4·2^k): upsample 2× (nearest) → conv 3×3 → LReLU → PN → conv 3×3 → LReLU → PN
 *     toRGB_k: conv 1×1 (gain 1, linear) per level
 *
 * At growth state (k, α) the output is (1 − α)·upsample(toRGB_{k−1}(x_{k−1})) + α·toRGB_k(x_k), then
 * nearest-upsampled to the final resolution. Widths: nf(stage) = min(fmapBase / 2^stage, fmapMax), level
 * k using nf(k + 1).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { EqualizedConv2D, EqualizedDense } from '../../nn/equalized.js';
import { pixelNorm } from '../../nn/pixel-norm.js';
import { upsample2x } from '../../nn/resample.js';
import { type ChannelSpec, fade, GrowingLayer, type GrowingArgs, levelMaps, lrelu } from './growing-layer.js';

export interface ProganGeneratorArgs extends GrowingArgs {
  latentDim: number;
  /** Image channels of the output (3 for RGB). */
  channels: number;
  maps: ChannelSpec;
  /** Seeds of the layers' N(0, 1) initialisers, in build order. */
  nextSeed: () => number;
}

/** The 4×4 block's layers. */
interface BaseBlock {
  dense: EqualizedDense;
  /** The per-channel bias the official code adds after the reshape (the dense itself has none). */
  bias: tfl.LayerVariable;
  conv: EqualizedConv2D;
}

export class ProganGenerator extends GrowingLayer {
  static readonly className = 'ProganGenerator';
  private readonly args: ProganGeneratorArgs;
  private base: BaseBlock | null = null;
  /** Level k ≥ 1's two convolutions (index 0 unused). */
  private readonly blocks: [EqualizedConv2D, EqualizedConv2D][] = [];
  private readonly toRgb: EqualizedConv2D[] = [];

  constructor(args: ProganGeneratorArgs) {
    super(args);
    this.args = args;
  }

  override build(): void {
    const { latentDim, channels, maps, nextSeed, finalLevel } = this.args;
    const conv = (filters: number, kernelSize: number, gain?: number) =>
      new EqualizedConv2D({ filters, kernelSize, gain, seed: nextSeed() });
    const nf0 = levelMaps(maps, 0);
    const dense = this.adopt(
      // Gain √2/4 "to match the original Theano implementation" (official networks.py).
      new EqualizedDense({ units: 16 * nf0, gain: Math.SQRT2 / 4, useBias: false, seed: nextSeed() }),
      [null, latentDim],
    );
    const bias = this.addWeight('dense_bias', [nf0], 'float32', tfl.initializers.zeros());
    this.base = { dense, bias, conv: this.adopt(conv(nf0, 3), [null, 4, 4, nf0]) };
    this.toRgb.push(this.adopt(conv(channels, 1, 1), [null, 4, 4, nf0]));
    for (let k = 1; k <= finalLevel; k++) {
      const [inMaps, maps_k, size] = [levelMaps(maps, k - 1), levelMaps(maps, k), 4 * 2 ** k];
      this.blocks[k] = [
        this.adopt(conv(maps_k, 3), [null, size, size, inMaps]),
        this.adopt(conv(maps_k, 3), [null, size, size, maps_k]),
      ];
      this.toRgb.push(this.adopt(conv(channels, 1, 1), [null, size, size, maps_k]));
    }
    this.buildGrowth();
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const size = 4 * 2 ** this.finalLevel;
    return [(inputShape as tfl.Shape)[0], size, size, this.args.channels];
  }

  /** The 4×4 block's output for latents z [n, latentDim]. */
  private baseFeatures(z: tf.Tensor): tf.Tensor4D {
    const { dense, bias, conv } = this.base!;
    const n = z.shape[0];
    const nf0 = bias.shape[0]!;
    let x = tf.reshape(dense.call(pixelNorm(z)) as tf.Tensor, [n, 4, 4, nf0]);
    x = pixelNorm(lrelu(tf.add(x, bias.read())));
    return pixelNorm(lrelu(conv.call(x) as tf.Tensor)) as tf.Tensor4D;
  }

  /** Level k's block applied to level k − 1's features. */
  private block(k: number, x: tf.Tensor4D): tf.Tensor4D {
    const [conv0, conv1] = this.blocks[k];
    const y = pixelNorm(lrelu(conv0.call(upsample2x(x)) as tf.Tensor));
    return pixelNorm(lrelu(conv1.call(y) as tf.Tensor)) as tf.Tensor4D;
  }

  /**
   * The layers of levels 0…`level` (the 4×4 block's dense, its per-channel bias and convolution, each
   * later level's two convolutions, every level's toRGB): what `gankit export` rebuilds from standard
   * layers at the current growth state.
   */
  levelLayers(level: number): {
    dense: EqualizedDense;
    bias: tf.Tensor1D;
    conv: EqualizedConv2D;
    blocks: [EqualizedConv2D, EqualizedConv2D][];
    toRgb: EqualizedConv2D[];
  } {
    const { dense, bias, conv } = this.base!;
    return {
      dense,
      bias: bias.read() as tf.Tensor1D,
      conv,
      blocks: this.blocks.slice(1, level + 1),
      toRgb: this.toRgb.slice(0, level + 1),
    };
  }

  private rgb(k: number, x: tf.Tensor4D): tf.Tensor4D {
    return this.toRgb[k].call(x) as tf.Tensor4D;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const z = Array.isArray(inputs) ? inputs[0] : inputs;
      const { level, alpha } = this.growth();
      let previous: tf.Tensor4D | undefined;
      let x = this.baseFeatures(z);
      for (let k = 1; k <= level; k++) {
        previous = x;
        x = this.block(k, x);
      }
      let img = this.rgb(level, x);
      if (previous) img = fade(upsample2x(this.rgb(level - 1, previous)), img, alpha) as tf.Tensor4D;
      for (let k = level; k < this.finalLevel; k++) img = upsample2x(img);
      return img;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { latentDim, channels, maps } = this.args;
    return { latentDim, channels, ...maps, ...super.getConfig() };
  }
}
