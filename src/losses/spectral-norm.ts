/**
 * Spectral normalisation (Miyato et al. 2018): a layer's kernel W is replaced by W / σ(W), σ the largest
 * singular value, which bounds the layer's Lipschitz constant by 1. σ is estimated by power iteration
 * with a vector u carried from step to step, so one iteration per training step suffices.
 *
 * Matrix view: a kernel of shape [..., out] (Dense [in, out], Conv2D [kh, kw, in, out]) is reshaped to
 * W ∈ ℝ^{m×n}, n = out. (PyTorch reshapes its [out, in, kh, kw] weight to [out, −1], the transpose; the
 * singular values are the same.) With u ∈ ℝⁿ:
 *   v ← W u / ‖W u‖,   u ← Wᵀ v / ‖Wᵀ v‖,   σ = vᵀ W u
 * u and v are treated as constants in backpropagation (as in the paper and PyTorch), so ∂σ/∂W = v uᵀ.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../util/rng.js';
import './gradients.js';

/** Keeps the normalisation finite for an all-zero kernel (PyTorch uses the same 1e-12). */
const EPSILON = 1e-12;

/** x / max(‖x‖, ε). */
function l2Normalize(x: tf.Tensor): tf.Tensor {
  return tf.div(x, tf.maximum(tf.norm(x), EPSILON));
}

/** Identity in the forward pass, zero gradient in the backward pass (TensorFlow's stop_gradient). */
const stopGradient = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
  value: tf.clone(args[0] as tf.Tensor),
  gradFunc: (dy: tf.Tensor | tf.Tensor[]) => tf.zerosLike(dy as tf.Tensor),
}));

/** The result of one spectral normalisation. */
export interface SpectralNormResult {
  /** W / σ, in the kernel's shape; differentiable w.r.t. the kernel. */
  kernel: tf.Tensor;
  /** The σ estimate, a scalar differentiable w.r.t. the kernel. */
  sigma: tf.Scalar;
  /** The updated power-iteration vector, [out, 1]; carry it to the next call. */
  u: tf.Tensor2D;
}

/**
 * Normalises `kernel` by its largest singular value estimated with `iterations` power iterations from `u`
 * ([out, 1], any non-zero vector). Pure: returns the new u instead of storing it (with 0 iterations, the
 * given `u` itself and σ = ‖W u‖; PyTorch's eval mode also keeps v and uses vᵀ W u — both equal σ once the
 * iteration has converged).
 */
export function spectralNormalize(kernel: tf.Tensor, u: tf.Tensor2D, iterations = 1): SpectralNormResult {
  return tf.tidy(() => {
    const n = kernel.shape[kernel.rank - 1];
    const w = tf.reshape(kernel, [-1, n]) as tf.Tensor2D;
    const wConst = stopGradient(w) as tf.Tensor2D;
    let uk: tf.Tensor2D = u;
    let vk = l2Normalize(tf.matMul(wConst, uk)) as tf.Tensor2D;
    for (let i = 0; i < iterations; i++) {
      if (i > 0) vk = l2Normalize(tf.matMul(wConst, uk)) as tf.Tensor2D;
      uk = l2Normalize(tf.matMul(wConst, vk, true, false)) as tf.Tensor2D;
    }
    const sigma = tf.reshape(tf.matMul(tf.matMul(vk, w, true, false), uk), []) as tf.Scalar;
    return { kernel: tf.div(kernel, sigma), sigma, u: uk };
  });
}

/** What a checkpoint stores of a {@link SpectralNorm}: the power-iteration vector. */
export interface SpectralNormState {
  u: number[];
}

/**
 * The per-layer state of spectral normalisation: holds u between training steps and exposes it to
 * checkpoints (`getState` / `setState`) so that a resumed run continues the same power iteration.
 */
export class SpectralNorm {
  private u: tf.Variable;
  /** σ of the last apply, kept (not read back) so that training steps do not wait on the backend. */
  private lastSigma: tf.Scalar | null = null;

  /**
   * @param outDim the kernel's last dimension.
   * @param rng draws the initial u (standard normal, normalised).
   * @param iterations power iterations per call (1 in the paper).
   */
  constructor(
    readonly outDim: number,
    rng: Rng,
    readonly iterations = 1,
  ) {
    const u0 = rng.normal(outDim);
    this.u = tf.tidy(() => tf.variable(l2Normalize(tf.tensor2d(u0, [outDim, 1])), false));
  }

  /**
   * W / σ(W). With `training` the power iteration advances and u is stored; without it the stored u is
   * used as is (inference must not change state). Call it inside the caller's tidy / variableGrads.
   */
  apply(kernel: tf.Tensor, training = true): tf.Tensor {
    const {
      kernel: normalized,
      sigma,
      u,
    } = spectralNormalize(kernel, this.u as tf.Tensor2D, training ? this.iterations : 0);
    if (training) this.u.assign(u);
    // With 0 iterations (inference) spectralNormalize hands back the stored u itself.
    if (u !== this.u) u.dispose();
    this.lastSigma?.dispose();
    this.lastSigma = tf.keep(sigma);
    return normalized;
  }

  /** The σ estimate of the last {@link apply}. */
  get sigma(): number {
    return this.lastSigma ? this.lastSigma.dataSync()[0] : Number.NaN;
  }

  getState(): SpectralNormState {
    return { u: Array.from(this.u.dataSync()) };
  }

  setState(state: SpectralNormState): void {
    if (state.u.length !== this.outDim) {
      throw new RangeError(`spectral norm state has ${state.u.length} entries, expected ${this.outDim}`);
    }
    tf.tidy(() => this.u.assign(tf.tensor2d(state.u, [this.outDim, 1])));
  }

  dispose(): void {
    this.u.dispose();
    this.lastSigma?.dispose();
  }
}
