/**
 * Dynamic loss scaling (Micikevicius et al. 2018, "Mixed Precision Training"; NVIDIA Apex's
 * `dynamic_loss_scale`, seed 001's FP16_Optimizer), for a backend that stores gradients in float16.
 *
 * fp16 flushes magnitudes below 2⁻²⁴ ≈ 6·10⁻⁸ to zero, and many gradient entries are smaller. So the
 * loss is multiplied by S before backpropagation (every gradient is then S× larger, above the
 * underflow), and the gradients are divided by S before the optimizer sees them:
 *   g = (1/S) · ∂(S·L)/∂θ.
 * S is dynamic: a step whose scaled gradients contain inf or NaN (S too large: overflow) is skipped
 * and S ← S·backoff; after `growthInterval` finite steps in a row S ← S·growth, probing for the
 * largest S that does not overflow.
 *
 * What it does not do: it makes nothing faster and nothing more precise by itself. On float32 kernels
 * (tfjs cpu and wasm) gradients do not underflow in practice, and with S a power of two the scaling and
 * unscaling are exact, so the gradients are bit-identical to unscaled ones; the cost is two element-wise
 * passes over the gradients and one finiteness reduction that waits for the backend every step. bf16
 * has float32's exponent range and needs no loss scaling.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface LossScaleOptions {
  /** Initial S (default 2¹⁶, as PyTorch's GradScaler). Powers of two keep the scaling exact. */
  initialScale?: number;
  /** S ← S·growthFactor after `growthInterval` finite steps (default 2). */
  growthFactor?: number;
  /** S ← S·backoffFactor after a non-finite step (default 0.5). */
  backoffFactor?: number;
  /** Finite steps in a row before S grows (default 2000). */
  growthInterval?: number;
}

/** What a checkpoint stores of a {@link LossScaler}, so that a resumed run scales as the original. */
export interface LossScaleState {
  scale: number;
  goodSteps: number;
}

/** The result of {@link LossScaler.variableGrads}. */
export interface ScaledGrads {
  /** The unscaled loss L. */
  value: tf.Scalar;
  /** (1/S)·∂(S·L)/∂θ per variable name, or `null` when they overflowed: skip this optimizer step. */
  grads: tf.NamedTensorMap | null;
}

export class LossScaler {
  private scale: number;
  private goodSteps = 0;
  private readonly growthFactor: number;
  private readonly backoffFactor: number;
  private readonly growthInterval: number;

  constructor(options: LossScaleOptions = {}) {
    this.scale = options.initialScale ?? 2 ** 16;
    this.growthFactor = options.growthFactor ?? 2;
    this.backoffFactor = options.backoffFactor ?? 0.5;
    this.growthInterval = options.growthInterval ?? 2000;
    if (
      !(this.scale > 0) ||
      !(this.growthFactor > 1) ||
      !(this.backoffFactor > 0 && this.backoffFactor < 1)
    ) {
      throw new RangeError('loss scale: need initialScale > 0, growthFactor > 1, 0 < backoffFactor < 1');
    }
    if (!Number.isInteger(this.growthInterval) || this.growthInterval < 1) {
      throw new RangeError(
        `loss scale: growthInterval must be a positive integer, got ${this.growthInterval}`,
      );
    }
  }

  /** The current S. */
  get lossScale(): number {
    return this.scale;
  }

  /**
   * `tf.variableGrads` of the scaled loss S·f(), unscaled; updates S. The caller applies `grads` when
   * not null and disposes what it receives. Reads one number from the backend (the finiteness check).
   */
  variableGrads(f: () => tf.Scalar, varList?: tf.Variable[]): ScaledGrads {
    const s = this.scale;
    const { value, grads } = tf.variableGrads(() => tf.mul(f(), s) as tf.Scalar, varList);
    const list = Object.values(grads);
    // Σ_θ Σ_i 0·g_i is 0 when every entry is finite and NaN as soon as one is inf or NaN.
    const finite = tf.tidy(() =>
      Number.isFinite(tf.addN(list.map((g) => tf.sum(tf.mul(g, 0)))).dataSync()[0]),
    );
    const loss = tf.tidy(() => tf.div(value, s) as tf.Scalar);
    value.dispose();
    if (!finite) {
      tf.dispose(list);
      this.scale *= this.backoffFactor;
      this.goodSteps = 0;
      return { value: loss, grads: null };
    }
    const unscaled: tf.NamedTensorMap = {};
    for (const [name, g] of Object.entries(grads)) {
      unscaled[name] = tf.tidy(() => tf.mul(g, 1 / s));
      g.dispose();
    }
    if (++this.goodSteps === this.growthInterval) {
      this.scale *= this.growthFactor;
      this.goodSteps = 0;
    }
    return { value: loss, grads: unscaled };
  }

  getState(): LossScaleState {
    return { scale: this.scale, goodSteps: this.goodSteps };
  }

  setState(state: LossScaleState): void {
    if (!(state.scale > 0) || !Number.isInteger(state.goodSteps) || state.goodSteps < 0) {
      throw new RangeError(`invalid loss scale state ${JSON.stringify(state)}`);
    }
    this.scale = state.scale;
    this.goodSteps = state.goodSteps;
  }
}
