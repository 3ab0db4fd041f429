/**
 * ProGAN's discriminator (the official `D_paper`), equalised learning rate throughout, LeakyReLU 0.2,
 * no normalisation:
 *
 *     fromRGB_k: conv 1×1 → LReLU, per level
 *     level k ≥ 1: conv 3×3 (nf(k+1)) → LReLU → conv 3×3 (nf(k)) → LReLU → downsample 2× (2×2 mean)
 *     4×4: minibatch stddev (groups of 4) → conv 3×3 (nf(1)) → LReLU → dense nf(0) → LReLU → dense 1 (gain 1)
 *
 * Its input is always at the final resolution and is box-filtered down to the current one. At growth
 * state (k, α) level k's path is blended with level k − 1's on the half-size image:
 * x = (1 − α)·fromRGB_{k−1}(down(img)) + α·block_k(fromRGB_k(img)), then the lower blocks follow.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { EqualizedConv2D, EqualizedDense } from '../../nn/equalized.js';
import { MinibatchStdDev } from '../../nn/minibatch-stddev.js';
import { downsample2x } from '../../nn/resample.js';
import {
  type ChannelSpec,
  fade,
  featureMaps,
  GrowingLayer,
  type GrowingArgs,
  levelMaps,
  lrelu,
} from './growing-layer.js';

export interface ProganDiscriminatorArgs extends GrowingArgs {
  /** Image channels of the input. */
  channels: number;
  maps: ChannelSpec;
  /** Minibatch-stddev group size (official 4; min(G, batch) is used). */
  mbstdGroup: number;
  nextSeed: () => number;
}

/** The 4×4 block's layers. */
interface FinalBlock {
  stddev: MinibatchStdDev;
  conv: EqualizedConv2D;
  dense: EqualizedDense;
  out: EqualizedDense;
}

export class ProganDiscriminator extends GrowingLayer {
  static readonly className = 'ProganDiscriminator';
  private readonly args: ProganDiscriminatorArgs;
  private readonly fromRgb: EqualizedConv2D[] = [];
  /** Level k ≥ 1's two convolutions (index 0 unused). */
  private readonly blocks: [EqualizedConv2D, EqualizedConv2D][] = [];
  private final: FinalBlock | null = null;

  constructor(args: ProganDiscriminatorArgs) {
    super(args);
    this.args = args;
  }

  override build(): void {
    const { channels, maps, nextSeed, finalLevel, mbstdGroup } = this.args;
    const conv = (filters: number, kernelSize: number) =>
      new EqualizedConv2D({ filters, kernelSize, seed: nextSeed() });
    for (let k = finalLevel; k >= 0; k--) {
      const size = 4 * 2 ** k;
      this.fromRgb[k] = this.adopt(conv(levelMaps(maps, k), 1), [null, size, size, channels]);
      if (k === 0) continue;
      this.blocks[k] = [
        this.adopt(conv(levelMaps(maps, k), 3), [null, size, size, levelMaps(maps, k)]),
        this.adopt(conv(levelMaps(maps, k - 1), 3), [null, size, size, levelMaps(maps, k)]),
      ];
    }
    const nf0 = levelMaps(maps, 0);
    this.final = {
      stddev: new MinibatchStdDev({ groupSize: mbstdGroup }),
      conv: this.adopt(conv(nf0, 3), [null, 4, 4, nf0 + 1]),
      dense: this.adopt(new EqualizedDense({ units: featureMaps(maps, 0), seed: nextSeed() }), [
        null,
        16 * nf0,
      ]),
      out: this.adopt(new EqualizedDense({ units: 1, gain: 1, seed: nextSeed() }), [
        null,
        featureMaps(maps, 0),
      ]),
    };
    this.buildGrowth();
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return [(inputShape as tfl.Shape)[0], 1];
  }

  private rgb(k: number, img: tf.Tensor4D): tf.Tensor4D {
    return lrelu(this.fromRgb[k].call(img) as tf.Tensor) as tf.Tensor4D;
  }

  /** Level k's block: level-k features → level-(k − 1) features. */
  private block(k: number, x: tf.Tensor4D): tf.Tensor4D {
    const [conv0, conv1] = this.blocks[k];
    const y = lrelu(conv0.call(x) as tf.Tensor);
    return downsample2x(lrelu(conv1.call(y) as tf.Tensor) as tf.Tensor4D);
  }

  private score(x: tf.Tensor4D): tf.Tensor {
    const { stddev, conv, dense, out } = this.final!;
    const y = lrelu(conv.call(stddev.call(x)) as tf.Tensor);
    const h = lrelu(dense.call(tf.reshape(y, [x.shape[0], -1])) as tf.Tensor);
    return out.call(h) as tf.Tensor;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      let img = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const { level, alpha } = this.growth();
      for (let k = this.finalLevel; k > level; k--) img = downsample2x(img);
      let x = this.rgb(level, img);
      if (level > 0)
        x = fade(this.rgb(level - 1, downsample2x(img)), this.block(level, x), alpha) as tf.Tensor4D;
      for (let k = level - 1; k >= 1; k--) x = this.block(k, x);
      return this.score(x);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { channels, maps, mbstdGroup } = this.args;
    return { channels, mbstdGroup, ...maps, ...super.getConfig() };
  }
}
