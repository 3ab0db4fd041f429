/**
 * The common part of {@link SpectralDense} and {@link SpectralConv2D}: a kernel W (trainable), the
 * power-iteration vector u (a non-trainable layer weight) and the normalised kernel W / σ(W) of
 * Miyato et al. 2018, computed by {@link spectralNormalize} on every call.
 *
 * u is a layer weight rather than a loose tf.Variable so that `model.getWeights()` / `setWeights()` —
 * what gankit's checkpoints store — carry it: a resumed run continues the same power iteration.
 * It advances only on calls with `training: true` (a training step); inference reuses it unchanged, so
 * sampling from a model never changes what the next training step computes.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { spectralNormalize } from '../losses/spectral-norm.js';
import { layerSeed } from './activation.js';
import type { LayerArgs } from './layer-args.js';

/** Options both spectrally normalised layers share. */
export interface SpectralArgs extends LayerArgs {
  /** Add a bias after the normalised kernel (default true; the bias is not normalised). */
  useBias?: boolean;
  /** Power iterations per training call (default 1, as in the paper: u carries over between steps). */
  powerIterations?: number;
  /**
   * Seed of the Glorot-uniform kernel initialiser and of u's initial direction; without it both are
   * random. Bias starts at zero.
   */
  seed?: number;
}

/** A layer whose kernel is divided by its largest singular value on every call. */
export abstract class SpectralLayer extends tfl.layers.Layer {
  protected readonly useBias: boolean;
  protected readonly powerIterations: number;
  protected readonly seed: number | undefined;
  protected kernel: tfl.LayerVariable | null = null;
  protected bias: tfl.LayerVariable | null = null;
  private u: tfl.LayerVariable | null = null;

  constructor(args: SpectralArgs) {
    super(args);
    this.useBias = args.useBias ?? true;
    this.powerIterations = args.powerIterations ?? 1;
    if (!Number.isInteger(this.powerIterations) || this.powerIterations < 1) {
      throw new RangeError(`powerIterations must be a positive integer, got ${args.powerIterations}`);
    }
    this.seed = args.seed;
  }

  /** Creates W (shape `kernelShape`, last axis = outputs), the bias and u ([outputs, 1], unit length). */
  protected buildSpectral(kernelShape: number[]): void {
    const out = kernelShape[kernelShape.length - 1];
    const seed = (i: number) => (this.seed === undefined ? undefined : layerSeed(this.seed, i));
    this.kernel = this.addWeight(
      'kernel',
      kernelShape,
      'float32',
      tfl.initializers.glorotUniform({ seed: seed(0) }),
    );
    if (this.useBias) this.bias = this.addWeight('bias', [out], 'float32', tfl.initializers.zeros());
    this.u = this.addWeight(
      'u',
      [out, 1],
      'float32',
      tfl.initializers.randomNormal({ mean: 0, stddev: 1, seed: seed(1) }),
      undefined,
      false,
    );
    // PyTorch starts from a unit u too; inference (no iteration) takes σ = ‖W u‖, which needs ‖u‖ = 1.
    const u = this.u;
    tf.tidy(() => {
      const u0 = u.read();
      u.write(tf.div(u0, tf.norm(u0)));
    });
    this.built = true;
  }

  /**
   * W / σ(W). With `training` the power iteration advances `powerIterations` steps and the new u is
   * stored; otherwise the stored u is used as is (σ = ‖W u‖). Call inside a tidy: the result and
   * σ's intermediates belong to the caller's scope.
   */
  protected normalizedKernel(training: boolean): tf.Tensor {
    const u = this.u!;
    const r = spectralNormalize(
      this.kernel!.read(),
      u.read() as tf.Tensor2D,
      training ? this.powerIterations : 0,
    );
    // write() makes the variable share r.u's storage, so the tidy disposing r.u frees nothing it needs.
    if (training) u.write(r.u);
    return r.kernel;
  }

  /**
   * The kernel inference uses, W / ‖W u‖ with the stored u (what a call with `training: false` multiplies
   * by): `gankit export` bakes it into a plain Dense / Conv2D kernel. The caller owns the tensor.
   */
  inferenceKernel(): tf.Tensor {
    return tf.tidy(() => this.normalizedKernel(false));
  }

  /** Adds the bias (when there is one) along the last axis. */
  protected addBias(y: tf.Tensor): tf.Tensor {
    return this.bias ? tf.add(y, this.bias.read()) : y;
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = {
      useBias: this.useBias,
      powerIterations: this.powerIterations,
    };
    if (this.seed !== undefined) config.seed = this.seed;
    return { ...config, ...super.getConfig() };
  }
}
