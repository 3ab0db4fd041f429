/**
 * 2-D convolution (NHWC) with spectral normalisation (Miyato et al. 2018): y = conv(x, W / σ(W)) + b.
 * For σ the kernel [kh, kw, in, filters] is viewed as the matrix [kh·kw·in, filters] — PyTorch views its
 * [filters, in, kh, kw] weight as [filters, kh·kw·in], the transpose up to a row permutation, so σ and
 * the power-iteration vector u (one entry per filter) are the same. As in the paper and PyTorch, this
 * σ is that of the reshaped kernel, not the exact operator norm of the convolution.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { type SpectralArgs, SpectralLayer } from './spectral-layer.js';

export interface SpectralConv2DArgs extends SpectralArgs {
  filters: number;
  /** Kernel height and width (one number: square). */
  kernelSize: number | [number, number];
  /** Default 1. */
  strides?: number | [number, number];
  /** TensorFlow's padding: `same` pads so that out = ⌈in / stride⌉ (extra row/column at the end). */
  padding?: 'same' | 'valid';
}

function pair(v: number | [number, number], what: string): [number, number] {
  const p: [number, number] = typeof v === 'number' ? [v, v] : v;
  if (!p.every((n) => Number.isInteger(n) && n > 0)) {
    throw new RangeError(`SpectralConv2D: ${what} must be positive integers, got ${JSON.stringify(v)}`);
  }
  return p;
}

/** Input [batch, h, w, in] → output [batch, h', w', filters]. */
export class SpectralConv2D extends SpectralLayer {
  static readonly className = 'SpectralConv2D';
  private readonly filters: number;
  private readonly kernelSize: [number, number];
  private readonly strides: [number, number];
  private readonly padding: 'same' | 'valid';

  constructor(args: SpectralConv2DArgs) {
    super(args);
    if (!Number.isInteger(args.filters) || args.filters < 1) {
      throw new RangeError(`SpectralConv2D: filters must be a positive integer, got ${args.filters}`);
    }
    this.filters = args.filters;
    this.kernelSize = pair(args.kernelSize, 'kernelSize');
    this.strides = pair(args.strides ?? 1, 'strides');
    this.padding = args.padding ?? 'valid';
    if (this.padding !== 'same' && this.padding !== 'valid') {
      throw new RangeError(`SpectralConv2D: padding must be 'same' or 'valid', got '${args.padding}'`);
    }
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = inputShape as tfl.Shape;
    const channels = shape[3];
    if (shape.length !== 4 || channels === null) {
      throw new Error(`SpectralConv2D expects NHWC input, got [${shape.join(', ')}]`);
    }
    this.buildSpectral([...this.kernelSize, channels, this.filters]);
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [n, h, w] = inputShape as tfl.Shape;
    const side = (size: number | null, k: number, s: number) => {
      if (size === null) return null;
      return Math.ceil((this.padding === 'same' ? size : size - k + 1) / s);
    };
    return [
      n,
      side(h, this.kernelSize[0], this.strides[0]),
      side(w, this.kernelSize[1], this.strides[1]),
      this.filters,
    ];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const w = this.normalizedKernel(kwargs.training === true) as tf.Tensor4D;
      return this.addBias(tf.conv2d(x, w, this.strides, this.padding));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      filters: this.filters,
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      ...super.getConfig(),
    };
  }
}
tf.serialization.registerClass(SpectralConv2D);
