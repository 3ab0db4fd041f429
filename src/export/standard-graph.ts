/**
 * Building a generator anew from standard tfjs-layers layers only (what stock `@tensorflow/tfjs` loads),
 * for the families whose layers have no one-to-one standard counterpart (ProGAN, StyleGAN:
 * src/export/progan.ts, src/export/stylegan.ts). The pieces, each exact or within float rounding of
 * gankit's own op:
 *  - equalised-LR dense / convolution → `Dense` / `Conv2D` with the run-time kernel ŵ·c and bias b̂·λ;
 *  - a constant (StyleGAN's learned input, a baked noise image, w̄) → `Dense` without bias from a
 *    column of ones, whose kernel is the constant (1·v = v exactly), then `Reshape`; the ones come
 *    from a `Dense` with zero kernel and bias 1 on the latent input (0·z + 1 = 1 for finite z);
 *  - pixel norm x / √(mean_c x² + ε) → `LayerNormalization` over the channels of [x, −x]
 *    (`Concatenate` with `Rescaling(−1)`): that vector has mean 0 and variance mean_c x², so its
 *    normalisation is [x̂, −x̂]; x̂ is taken back by a `Dense` / 1×1 `Conv2D` with kernel [I; 0]
 *    (tfjs-layers has no channel slice; products with 0 and 1 are exact);
 *  - instance norm → `LayerNormalization` over the spatial axes [1, 2], no scale or centre;
 *  - per-sample scale and shift (AdaIN's style) → `Reshape` to [1, 1, C] and `Multiply` / `Add`, which
 *    broadcast;
 *  - StyleGAN's [1, 2, 1] blur → `DepthwiseConv2D` of the 3×3 outer product, no bias.
 * A {@link StandardGraph} collects the layers with the weights to give them, builds the model, then
 * sets the weights. Build inside `tf.tidy`: the weights handed over (and every intermediate) are then
 * freed at its end, while the model's variables, which `setWeights` copied them into, stay.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { EqualizedConv2D, EqualizedDense } from '../nn/equalized.js';

type Sym = tfl.SymbolicTensor;

export class StandardGraph {
  /** Layers and the weights they get once the model is built. */
  private readonly pending: [tfl.layers.Layer, tf.Tensor[]][] = [];
  private count = 0;

  /** A unique layer name (`kind_k`). */
  private name(kind: string): string {
    return `${kind}_${++this.count}`;
  }

  /** `layer` applied to `x`, to be given `weights` once the model is built. */
  apply(layer: tfl.layers.Layer, x: Sym | Sym[], weights: tf.Tensor[] = []): Sym {
    if (weights.length) this.pending.push([layer, weights]);
    return layer.apply(x) as Sym;
  }

  /** A `Dense` of `kernel` [in, out] (and `bias`), linear. */
  dense(x: Sym, kernel: tf.Tensor, bias?: tf.Tensor): Sym {
    const units = kernel.shape[1]!;
    const layer = tfl.layers.dense({ units, useBias: bias !== undefined, name: this.name('dense') });
    return this.apply(layer, x, bias ? [kernel, bias] : [kernel]);
  }

  /** A stride-1 'same' `Conv2D` of `kernel` [k, k, in, out] (and `bias`), linear. */
  conv(x: Sym, kernel: tf.Tensor, bias?: tf.Tensor): Sym {
    const [k, , , filters] = kernel.shape;
    const layer = tfl.layers.conv2d({
      filters,
      kernelSize: k,
      padding: 'same',
      useBias: bias !== undefined,
      name: this.name('conv'),
    });
    return this.apply(layer, x, bias ? [kernel, bias] : [kernel]);
  }

  /** An equalised-LR layer as the plain layer it computes (its kernel and bias at run time). */
  equalized(x: Sym, layer: EqualizedDense | EqualizedConv2D, kind: 'dense' | 'conv'): Sym {
    const { kernel, bias } = layer.inferenceWeights();
    return kind === 'dense' ? this.dense(x, kernel, bias) : this.conv(x, kernel, bias);
  }

  leakyRelu(x: Sym, alpha: number): Sym {
    return this.apply(tfl.layers.leakyReLU({ alpha, name: this.name('lrelu') }), x);
  }

  /** A column of ones [N, 1] from a rank-2 input of `width` features. */
  ones(x: Sym, width: number): Sym {
    const layer = tfl.layers.dense({ units: 1, name: this.name('ones') });
    return this.apply(layer, x, [tf.zeros([width, 1]), tf.ones([1])]);
  }

  /** The constant `value` (any shape) for every sample, from a column of {@link ones}. */
  constant(ones: Sym, value: tf.Tensor): Sym {
    const flat = tf.reshape(value, [1, value.size]);
    const rows = this.apply(
      tfl.layers.dense({ units: value.size, useBias: false, name: this.name('const') }),
      ones,
      [flat],
    );
    return value.rank === 1 ? rows : this.reshape(rows, value.shape);
  }

  reshape(x: Sym, targetShape: number[]): Sym {
    return this.apply(tfl.layers.reshape({ targetShape, name: this.name('reshape') }), x);
  }

  add(xs: Sym[]): Sym {
    return this.apply(tfl.layers.add({ name: this.name('add') }), xs);
  }

  multiply(xs: Sym[]): Sym {
    return this.apply(tfl.layers.multiply({ name: this.name('mul') }), xs);
  }

  /** Nearest-neighbour upsampling by `factor`. */
  upsample(x: Sym, factor: number): Sym {
    return this.apply(tfl.layers.upSampling2d({ size: [factor, factor], name: this.name('up') }), x);
  }

  /** Every channel of NHWC `x` convolved with the outer product of `taps` (odd length), zero 'same' padding. */
  depthwiseFilter(x: Sym, taps: readonly number[]): Sym {
    const c = x.shape[3]!;
    const k = taps.length;
    const kernel = tf.tidy(() =>
      tf.tile(tf.reshape(tf.outerProduct(tf.tensor1d([...taps]), tf.tensor1d([...taps])), [k, k, 1, 1]), [
        1,
        1,
        c,
        1,
      ]),
    );
    const layer = tfl.layers.depthwiseConv2d({
      kernelSize: k,
      padding: 'same',
      depthMultiplier: 1,
      useBias: false,
      name: this.name('filter'),
    });
    return this.apply(layer, x, [kernel]);
  }

  /** x / √(mean over the last axis of x² + ε), for [N, C] or NHWC `x` (see the module comment). */
  pixelNorm(x: Sym, epsilon: number): Sym {
    const c = x.shape[x.shape.length - 1]!;
    const negated = this.apply(tfl.layers.rescaling({ scale: -1, offset: 0, name: this.name('neg') }), x);
    const both = this.apply(tfl.layers.concatenate({ axis: -1, name: this.name('concat') }), [x, negated]);
    const normalised = this.apply(
      tfl.layers.layerNormalization({
        axis: -1,
        epsilon,
        center: false,
        scale: false,
        name: this.name('pn'),
      }),
      both,
    );
    const select = tf.concat([tf.eye(c), tf.zeros([c, c])], 0);
    return x.shape.length === 2
      ? this.dense(normalised, select)
      : this.conv(normalised, tf.reshape(select, [1, 1, 2 * c, c]));
  }

  /** (x − μ) / √(σ² + ε) per sample and channel over H and W, for NHWC `x`. */
  instanceNorm(x: Sym, epsilon: number): Sym {
    const layer = tfl.layers.layerNormalization({
      axis: [1, 2],
      epsilon,
      center: false,
      scale: false,
      name: this.name('in'),
    });
    return this.apply(layer, x);
  }

  /** The model of `inputs` → `output`, its layers' weights set. */
  finish(inputs: Sym[], output: Sym, name: string): tfl.LayersModel {
    const model = tfl.model({ inputs, outputs: output, name });
    for (const [layer, weights] of this.pending) layer.setWeights(weights);
    this.pending.length = 0;
    return model;
  }
}
