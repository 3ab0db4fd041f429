/**
 * Minibatch discrimination (Salimans et al. 2016, "Improved Techniques for Training GANs", §3.2): lets
 * the discriminator compare each sample with the rest of the batch, so a collapsed generator (many
 * near-identical samples) is detectable.
 *
 * With x ∈ ℝ^{N×A} and a trainable tensor T ∈ ℝ^{A×B·C}:
 *   M = x T reshaped to [N, B, C],
 *   c_b(i, j) = exp(−‖M_{i,b} − M_{j,b}‖₁),
 *   o(x_i)_b = Σ_j c_b(i, j),
 * and the output is [x, o] ∈ ℝ^{N×(A+B)}.
 *
 * Whether j = i is in the sum: the paper sums over all j = 1…n, so its own term adds exactly
 * c_b(i, i) = 1 to every feature — a constant that the next layer's bias absorbs and that changes no
 * gradient. That is the default (`includeSelf: true`). Several PyTorch ports subtract it (Σ_{j≠i});
 * `includeSelf: false` gives that form. No 1/(N−1) averaging is applied in either case.
 *
 * Cost: the pairwise differences are an [N, N, B, C] tensor (N = 64, B = 100, C = 5: 2 M floats).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { layerSeed } from './activation.js';
import type { LayerArgs } from './layer-args.js';

export interface MinibatchDiscriminationArgs extends LayerArgs {
  /** B, the number of kernels (features appended). */
  kernels: number;
  /** C, the dimension of each kernel's projection. */
  kernelDim: number;
  /** Sum over j = i too (the paper; default true), or over j ≠ i. */
  includeSelf?: boolean;
  /** Seed of T's N(0, 0.05²) initialiser; random without it. */
  seed?: number;
}

/**
 * T's initial scale. For unit-variance inputs an entry of M has standard deviation 0.05·√A, so the L1
 * distances start near 0.05·√A·C: O(1) for the usual A of a few hundred features and C of 3–5, where
 * exp(−·) neither saturates at 0 (no gradient) nor sits at 1 (no discrimination). For much wider
 * inputs put a narrower layer before this one.
 */
const INIT_STDDEV = 0.05;

/** [N, A] → [N, A + B]. */
export class MinibatchDiscrimination extends tfl.layers.Layer {
  static readonly className = 'MinibatchDiscrimination';
  private readonly kernels: number;
  private readonly kernelDim: number;
  private readonly includeSelf: boolean;
  private readonly seed: number | undefined;
  private t: tfl.LayerVariable | null = null;

  constructor(args: MinibatchDiscriminationArgs) {
    super(args);
    for (const key of ['kernels', 'kernelDim'] as const) {
      if (!Number.isInteger(args[key]) || args[key] < 1) {
        throw new RangeError(`MinibatchDiscrimination: ${key} must be a positive integer, got ${args[key]}`);
      }
    }
    this.kernels = args.kernels;
    this.kernelDim = args.kernelDim;
    this.includeSelf = args.includeSelf ?? true;
    this.seed = args.seed;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = inputShape as tfl.Shape;
    if (shape.length !== 2 || shape[1] === null) {
      throw new Error(
        `MinibatchDiscrimination expects [batch, features] (flatten first), got [${shape.join(', ')}]`,
      );
    }
    this.t = this.addWeight(
      'T',
      [shape[1], this.kernels * this.kernelDim],
      'float32',
      tfl.initializers.randomNormal({
        mean: 0,
        stddev: INIT_STDDEV,
        seed: this.seed === undefined ? undefined : layerSeed(this.seed, 0),
      }),
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [n, a] = inputShape as tfl.Shape;
    return [n, a === null ? null : a + this.kernels];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D;
      const n = x.shape[0];
      const m = tf.reshape(tf.matMul(x, this.t!.read() as tf.Tensor2D), [n, this.kernels, this.kernelDim]);
      // [N, 1, B, C] − [1, N, B, C] → L1 over C → c_b(i, j) as [N, N, B].
      const l1 = tf.sum(tf.abs(tf.sub(tf.expandDims(m, 1), tf.expandDims(m, 0))), 3);
      let c = tf.exp(tf.neg(l1));
      // Masking (rather than subtracting 1 afterwards) keeps full precision when the other terms are tiny.
      if (!this.includeSelf) c = tf.mul(c, tf.expandDims(tf.sub(1, tf.eye(n)), 2));
      return tf.concat([x, tf.sum(c, 1)], 1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = {
      kernels: this.kernels,
      kernelDim: this.kernelDim,
      includeSelf: this.includeSelf,
    };
    if (this.seed !== undefined) config.seed = this.seed;
    return { ...config, ...super.getConfig() };
  }
}
tf.serialization.registerClass(MinibatchDiscrimination);
