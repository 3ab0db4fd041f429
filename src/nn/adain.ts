/**
 * Adaptive instance normalisation (Huang & Belongie 2017; seed 003): the content's per-channel
 * statistics are replaced by a style's,
 *
 *   AdaIN(x, y) = y_s · (x − μ(x)) / σ(x) + y_b,
 *
 * μ, σ² the mean and (biased) variance of each sample's channel over H and W (ε = 1e-5 added to σ²).
 * StyleGAN (style_mod: `x * (style[:, 0] + 1) + style[:, 1]`) and StarGAN v2 (`(1 + γ) · IN(x) + β`)
 * write the scale as 1 + an affine map of the style so that a zero-initialised map starts as the
 * identity: {@link AdaptiveInstanceNormArgs.scaleOffset} = 1 gives that form. The normalisation runs on
 * the fused native instance-norm kernels where the backend has them (src/backend/instance-norm.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { instanceNorm } from '../backend/instance-norm.js';
import type { LayerArgs } from './layer-args.js';

/** scale · IN(x) + bias for NHWC `x` and per-sample, per-channel `scale`, `bias` ([N, C]). */
export function adaptiveInstanceNorm(
  x: tf.Tensor4D,
  scale: tf.Tensor2D,
  bias: tf.Tensor2D,
  epsilon = 1e-5,
): tf.Tensor4D {
  const [n, , , c] = x.shape;
  for (const [name, t] of [
    ['scale', scale],
    ['bias', bias],
  ] as const) {
    if (t.rank !== 2 || t.shape[0] !== n || t.shape[1] !== c) {
      throw new Error(
        `adaptiveInstanceNorm: ${name} must be [${n}, ${c}] for x [${x.shape}], got [${t.shape}]`,
      );
    }
  }
  return tf.tidy(() => {
    const normalized = instanceNorm(x, epsilon);
    return tf.add(tf.mul(normalized, tf.reshape(scale, [n, 1, 1, c])), tf.reshape(bias, [n, 1, 1, c]));
  });
}

/**
 * Seed 003's `ada_in(style, content)`, AdaIN as Huang & Belongie's style transfer defines it: the
 * content's per-channel statistics replaced by those of a style *feature map*,
 *
 *   σ(style) · (content − μ(content)) / σ(content) + μ(style),  σ = √(variance over H, W + ε),
 *
 * for NHWC `content` [N, H, W, C] and `style` [N, H', W', C] (any spatial size: only its statistics
 * are used). {@link adaptiveInstanceNorm} with σ(style) and μ(style) as the scale and bias.
 */
export function adaInFromFeatures(style: tf.Tensor4D, content: tf.Tensor4D, epsilon = 1e-5): tf.Tensor4D {
  if (style.rank !== 4 || style.shape[0] !== content.shape[0] || style.shape[3] !== content.shape[3]) {
    throw new Error(
      `adaInFromFeatures: style must be NHWC with content's batch and channels [${content.shape[0]}, ·, ·, ${content.shape[3]}], got [${style.shape}]`,
    );
  }
  return tf.tidy(() => {
    const [n, , , c] = style.shape;
    const { mean, variance } = tf.moments(style, [1, 2]);
    const std = tf.sqrt(tf.add(variance, epsilon));
    return adaptiveInstanceNorm(content, tf.reshape(std, [n, c]), tf.reshape(mean, [n, c]), epsilon);
  });
}

/** Options of {@link AdaptiveInstanceNorm}. */
export interface AdaptiveInstanceNormArgs extends LayerArgs {
  /** Added to the style's scale half (default 0; 1 for StyleGAN's and StarGAN v2's `1 + γ` form). */
  scaleOffset?: number;
  /** Added to the variance (default 1e-5). */
  epsilon?: number;
}

/**
 * Inputs [x: NHWC [N, H, W, C], style: [N, 2C]] → (style[:, :C] + scaleOffset) · IN(x) + style[:, C:].
 * The style is usually a dense layer of the latent (an {@link EqualizedDense} in StyleGAN).
 */
export class AdaptiveInstanceNorm extends tfl.layers.Layer {
  static readonly className = 'AdaptiveInstanceNorm';
  readonly scaleOffset: number;
  readonly epsilon: number;

  constructor(args: AdaptiveInstanceNormArgs = {}) {
    super(args);
    this.scaleOffset = args.scaleOffset ?? 0;
    this.epsilon = args.epsilon ?? 1e-5;
    if (!(this.epsilon > 0))
      throw new RangeError(`AdaptiveInstanceNorm: epsilon must be > 0, got ${args.epsilon}`);
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const shapes = inputShape as tfl.Shape[];
    const [x, style] = shapes;
    if (shapes.length !== 2 || x.length !== 4 || style.length !== 2) {
      throw new Error('AdaptiveInstanceNorm expects inputs [x (NHWC), style ([batch, 2·channels])]');
    }
    if (x[3] !== null && style[1] !== null && style[1] !== 2 * x[3]) {
      throw new Error(
        `AdaptiveInstanceNorm: style has ${style[1]} features, x has ${x[3]} channels (needs 2·C)`,
      );
    }
    return x;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [x, style] = inputs as tf.Tensor[];
      const c = x.shape[3] as number;
      const [scale, bias] = tf.split(style as tf.Tensor2D, [c, c], 1) as [tf.Tensor2D, tf.Tensor2D];
      const offsetScale: tf.Tensor2D = this.scaleOffset === 0 ? scale : tf.add(scale, this.scaleOffset);
      return adaptiveInstanceNorm(x as tf.Tensor4D, offsetScale, bias, this.epsilon);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { scaleOffset: this.scaleOffset, epsilon: this.epsilon, ...super.getConfig() };
  }
}
tf.serialization.registerClass(AdaptiveInstanceNorm);
