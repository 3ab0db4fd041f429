/**
 * Equalised learning rate (Karras et al. 2018, ProGAN §4.1; StyleGAN's `get_weight(use_wscale=True)`):
 * a weight is stored as ŵ ~ N(0, 1/λ²) and used as w = ŵ · c at run time, with
 *
 *   c = gain · λ / √fanIn,    gain = √2 by default (He), λ = the layer's learning-rate multiplier,
 *
 * and the bias stored as b̂ and used as b = b̂ · λ. Every weight then has the same dynamic range, so
 * Adam's scale-invariant steps move every layer at the same relative speed; λ = 0.01 slows the
 * StyleGAN mapping network down by 100×. Forward: the plain layer with kernel ŵ·c. Gradient: by the
 * chain rule ∂L/∂ŵ = c · ∂L/∂w (tested in test/nn/equalized.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { layerSeed } from './activation.js';
import type { LayerArgs } from './layer-args.js';

/** Options both equalised layers share. */
export interface EqualizedArgs extends LayerArgs {
  /** The He gain of c = gain·λ/√fanIn (default √2; 1 for layers followed by no non-linearity). */
  gain?: number;
  /** Learning-rate multiplier λ (default 1; StyleGAN's mapping network uses 0.01). */
  lrMultiplier?: number;
  /** Add a bias (default true). */
  useBias?: boolean;
  /** The bias's initial run-time value b = b̂·λ (default 0; 1 for a style's scale half). */
  biasInit?: number;
  /** Seed of the N(0, 1/λ²) kernel initialiser; without it the kernel is random. */
  seed?: number;
}

/** The equalisation shared by {@link EqualizedDense} and {@link EqualizedConv2D}. */
abstract class EqualizedLayer extends tfl.layers.Layer {
  protected readonly gain: number;
  protected readonly lrMultiplier: number;
  protected readonly useBias: boolean;
  protected readonly biasInit: number;
  protected readonly seed: number | undefined;
  protected kernel: tfl.LayerVariable | null = null;
  protected bias: tfl.LayerVariable | null = null;
  /** c = gain·λ/√fanIn, set by {@link buildEqualized}. */
  protected runtimeCoef = 1;

  constructor(args: EqualizedArgs) {
    super(args);
    this.gain = args.gain ?? Math.SQRT2;
    this.lrMultiplier = args.lrMultiplier ?? 1;
    this.useBias = args.useBias ?? true;
    this.biasInit = args.biasInit ?? 0;
    this.seed = args.seed;
    if (!(this.gain > 0)) throw new RangeError(`${this.getClassName()}: gain must be > 0, got ${args.gain}`);
    if (!(this.lrMultiplier > 0)) {
      throw new RangeError(`${this.getClassName()}: lrMultiplier must be > 0, got ${args.lrMultiplier}`);
    }
  }

  /** Creates ŵ (shape `kernelShape`, last axis = outputs, fanIn = product of the others) and b̂. */
  protected buildEqualized(kernelShape: number[]): void {
    const fanIn = kernelShape.slice(0, -1).reduce((a, b) => a * b, 1);
    this.runtimeCoef = (this.gain * this.lrMultiplier) / Math.sqrt(fanIn);
    const stddev = 1 / this.lrMultiplier;
    const seed = this.seed === undefined ? undefined : layerSeed(this.seed, 0);
    this.kernel = this.addWeight(
      'kernel',
      kernelShape,
      'float32',
      tfl.initializers.randomNormal({ mean: 0, stddev, seed }),
    );
    if (this.useBias) {
      const out = kernelShape[kernelShape.length - 1];
      const init = tfl.initializers.constant({ value: this.biasInit / this.lrMultiplier });
      this.bias = this.addWeight('bias', [out], 'float32', init);
    }
    this.built = true;
  }

  /** w = ŵ · c, the kernel the layer computes with. */
  protected scaledKernel(): tf.Tensor {
    return tf.mul(this.kernel!.read(), this.runtimeCoef);
  }

  /** y + b̂·λ (or y without a bias). */
  protected addBias(y: tf.Tensor): tf.Tensor {
    return this.bias ? tf.add(y, this.runtimeBias()!) : y;
  }

  private runtimeBias(): tf.Tensor | undefined {
    return this.bias ? tf.mul(this.bias.read(), this.lrMultiplier) : undefined;
  }

  /**
   * The kernel ŵ·c and bias b̂·λ (when the layer has one) that a call computes with, as new tensors
   * the caller owns: what `gankit export` bakes into a plain Dense / Conv2D.
   */
  inferenceWeights(): { kernel: tf.Tensor; bias?: tf.Tensor } {
    return tf.tidy(() => ({ kernel: this.scaledKernel(), bias: this.runtimeBias() }));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      gain: this.gain,
      lrMultiplier: this.lrMultiplier,
      useBias: this.useBias,
      biasInit: this.biasInit,
      seed: this.seed ?? null,
      ...super.getConfig(),
    };
  }
}

/** Options of {@link EqualizedDense}. */
export interface EqualizedDenseArgs extends EqualizedArgs {
  /** Output features. */
  units: number;
}

/** Input [batch, in] → output [batch, units] = x · (ŵ·c) + b̂·λ. */
export class EqualizedDense extends EqualizedLayer {
  static readonly className = 'EqualizedDense';
  private readonly units: number;

  constructor(args: EqualizedDenseArgs) {
    super(args);
    if (!Number.isInteger(args.units) || args.units < 1) {
      throw new RangeError(`EqualizedDense: units must be a positive integer, got ${args.units}`);
    }
    this.units = args.units;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = inputShape as tfl.Shape;
    const inDim = shape[shape.length - 1];
    if (shape.length !== 2 || inDim === null) {
      throw new Error(`EqualizedDense expects input [batch, features], got [${shape.join(', ')}]`);
    }
    this.buildEqualized([inDim, this.units]);
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return [(inputShape as tfl.Shape)[0], this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      return this.addBias(tf.matMul(x, this.scaledKernel()));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { units: this.units, ...super.getConfig() };
  }
}
tf.serialization.registerClass(EqualizedDense);

/** Options of {@link EqualizedConv2D}. */
export interface EqualizedConv2DArgs extends EqualizedArgs {
  /** Output channels. */
  filters: number;
  /** Square kernel size (odd; the convolution is stride 1 with 'same' padding). */
  kernelSize: number;
}

/** NHWC [batch, h, w, in] → [batch, h, w, filters]: a stride-1 'same' convolution with kernel ŵ·c. */
export class EqualizedConv2D extends EqualizedLayer {
  static readonly className = 'EqualizedConv2D';
  private readonly filters: number;
  private readonly kernelSize: number;

  constructor(args: EqualizedConv2DArgs) {
    super(args);
    if (!Number.isInteger(args.filters) || args.filters < 1) {
      throw new RangeError(`EqualizedConv2D: filters must be a positive integer, got ${args.filters}`);
    }
    if (!Number.isInteger(args.kernelSize) || args.kernelSize < 1 || args.kernelSize % 2 === 0) {
      throw new RangeError(
        `EqualizedConv2D: kernelSize must be a positive odd integer, got ${args.kernelSize}`,
      );
    }
    this.filters = args.filters;
    this.kernelSize = args.kernelSize;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = inputShape as tfl.Shape;
    const channels = shape[3];
    if (shape.length !== 4 || channels === null) {
      throw new Error(`EqualizedConv2D expects NHWC input, got [${shape.join(', ')}]`);
    }
    this.buildEqualized([this.kernelSize, this.kernelSize, channels, this.filters]);
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const shape = inputShape as tfl.Shape;
    return [shape[0], shape[1], shape[2], this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      return this.addBias(tf.conv2d(x, this.scaledKernel() as tf.Tensor4D, 1, 'same'));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { filters: this.filters, kernelSize: this.kernelSize, ...super.getConfig() };
  }
}
tf.serialization.registerClass(EqualizedConv2D);
