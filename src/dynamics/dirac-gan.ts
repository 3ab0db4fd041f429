/**
 * The Dirac GAN (Mescheder, Geiger and Nowozin 2018, "Which training methods for GANs do actually
 * converge?"; seed 001 lists it among the remedies of unstable training): the smallest GAN there is.
 * The data is a point mass at 0, the generator a point mass at θ (p_θ = δ_θ), the discriminator linear,
 * D_ψ(x) = ψ·x (a logit). The only equilibrium is θ = ψ = 0. Near it, plain gradient descent on the
 * standard, non-saturating or Wasserstein GAN circles the equilibrium (simultaneous updates spiral
 * outwards), clipping and WGAN-GP do not stop it circling, while instance noise and the zero-centred
 * gradient penalties R1/R2 make it converge.
 *
 * The two players' gradients here are not closed forms: they are tfjs autograd through gankit's own
 * loss functions (`makeLoss`), regularisers (`makeRegularizer`) and weight clipping (`clipWeights`), the
 * code a real run trains with — so the Dirac GAN is a check of those implementations as much as a
 * picture of the theory (test/dynamics/dirac-gan.test.ts compares them with the paper's vector fields).
 */
import * as tf from '@tensorflow/tfjs-core';
import { makeLoss } from '../losses/registry.js';
import { type DiscriminatorFn, makeRegularizer } from '../losses/regularizers.js';
import { clipWeights } from '../losses/wasserstein.js';
import { UsageError } from '../util/errors.js';
import { Rng } from '../util/rng.js';

/** One training method: a loss and the tricks that may make it converge. */
export interface DiracMethod {
  /** An adversarial loss by its registry name: `minimax`, `non-saturating`, `wasserstein`, `hinge`, … */
  loss: string;
  /** The loss's options (label smoothing, LSGAN's targets). */
  lossOptions?: Record<string, unknown>;
  /** A gradient regulariser of D by its registry name with its options, e.g. `{ name: 'r1', gamma: 0.3 }`. */
  regularizer?: { name: string; [option: string]: unknown };
  /** WGAN's weight clipping: ψ is clipped into [−clip, clip] after every update of D. */
  clip?: number;
  /** Instance noise: σ of the Gaussian noise added to the real and the fake samples D sees. */
  instanceNoise?: number;
}

/** How the two players are trained. */
export interface DiracOptions {
  /** Where training starts (the paper's figures start at θ = ψ = 1). */
  theta0?: number;
  psi0?: number;
  /** Gradient-descent steps. Default 500. */
  steps?: number;
  /** The step size h of both players. Default 0.1. */
  lr?: number;
  /**
   * `simultaneous`: both players step on the same (θ, ψ); `alternating`: D steps first, then G against
   * the new D (gankit's trainer). Default `simultaneous`, as in the paper's figure 3.
   */
  update?: 'simultaneous' | 'alternating';
  /** Samples of the real and fake point per step when instance noise is on. Default 1,000 (the official code). */
  noiseSamples?: number;
  /** Seed of the instance noise. */
  seed?: number;
}

/** The path training took, step 0 (the start) to `steps`. */
export interface DiracTrajectory {
  theta: Float64Array;
  psi: Float64Array;
  /** Distance to the equilibrium, √(θ² + ψ²), at each step. */
  distance: Float64Array;
}

/** The gradients each player descends at one point: ∂L_G/∂θ and ∂(L_D + regulariser)/∂ψ. */
export interface DiracGradients {
  theta: number;
  psi: number;
}

/** The method's pieces, built once: validated by the registries, so a bad name fails before training. */
class DiracGame {
  private readonly loss;
  private readonly regularizer;
  private readonly rng: Rng;
  private readonly n: number;

  constructor(
    private readonly method: DiracMethod,
    options: DiracOptions,
  ) {
    this.loss = makeLoss(method.loss, method.lossOptions);
    const { name, ...regOptions } = method.regularizer ?? { name: '' };
    this.regularizer = method.regularizer ? makeRegularizer(name, regOptions) : undefined;
    for (const [key, v] of [
      ['clip', method.clip],
      ['instanceNoise', method.instanceNoise],
    ] as const) {
      if (v !== undefined && !(Number.isFinite(v) && v > 0))
        throw new UsageError(`Dirac GAN: ${key} must be a positive number, got ${String(v)}`);
    }
    this.rng = new Rng(options.seed ?? 0);
    this.n = method.instanceNoise ? (options.noiseSamples ?? 1000) : 1;
  }

  /** The real and the fake batch D sees, `[n, 1]`: 0 and θ, each plus instance noise when it is on. */
  private samples(theta: tf.Tensor): { real: tf.Tensor; fake: tf.Tensor } {
    const sigma = this.method.instanceNoise;
    if (!sigma) return { real: tf.zeros([1, 1]), fake: tf.reshape(theta, [1, 1]) };
    const noise = (n: number) => tf.mul(tf.tensor2d(this.rng.normal(n), [n, 1]), sigma);
    return { real: noise(this.n), fake: tf.add(theta, noise(this.n)) };
  }

  gradients(theta: tf.Variable, psi: tf.Variable): DiracGradients {
    return { psi: this.dGradient(theta, psi), theta: this.gGradient(theta, psi) };
  }

  dGradient(theta: tf.Variable, psi: tf.Variable): number {
    return tf.tidy(() => {
      const d: DiscriminatorFn = (x) => tf.mul(psi, x);
      const { real, fake } = this.samples(theta);
      const { grads } = tf.variableGrads(() => {
        const adversarial = this.loss.discriminator(d(real), d(fake));
        return this.regularizer
          ? tf.add(adversarial, this.regularizer(d, real, fake, this.rng))
          : adversarial;
      }, [psi]);
      return grads[psi.name].dataSync()[0];
    });
  }

  gGradient(theta: tf.Variable, psi: tf.Variable): number {
    return tf.tidy(() => {
      const d: DiscriminatorFn = (x) => tf.mul(psi, x);
      const { grads } = tf.variableGrads(() => {
        const { real, fake } = this.samples(theta);
        return this.loss.needsRealLogitsForGenerator
          ? this.loss.generator(d(fake), d(real))
          : this.loss.generator(d(fake));
      }, [theta]);
      return grads[theta.name].dataSync()[0];
    });
  }

  /** WGAN's projection of ψ after a step of D. */
  project(psi: tf.Variable): void {
    if (this.method.clip) clipWeights([psi], this.method.clip);
  }
}

/** A scalar variable (tidied: tf.variable keeps its own reference, the scalar it copies is released). */
function scalarVariable(x: number): tf.Variable {
  return tf.tidy(() => tf.variable(tf.scalar(x)));
}

/** Both players' gradients at (θ, ψ) under `method` (instance noise drawn with `options.seed`). */
export function diracGradients(
  method: DiracMethod,
  theta: number,
  psi: number,
  options: DiracOptions = {},
): DiracGradients {
  const game = new DiracGame(method, options);
  const t = scalarVariable(theta);
  const p = scalarVariable(psi);
  try {
    return game.gradients(t, p);
  } finally {
    t.dispose();
    p.dispose();
  }
}

/** Trains the Dirac GAN with `method` by plain gradient descent and returns the path it took. */
export function diracTrajectory(method: DiracMethod, options: DiracOptions = {}): DiracTrajectory {
  const { theta0 = 1, psi0 = 1, steps = 500, lr = 0.1, update = 'simultaneous' } = options;
  if (!Number.isInteger(steps) || steps < 1)
    throw new UsageError(`Dirac GAN: steps must be a positive integer, got ${steps}`);
  if (!(lr > 0)) throw new UsageError(`Dirac GAN: lr must be positive, got ${lr}`);
  if (update !== 'simultaneous' && update !== 'alternating')
    throw new UsageError(
      `Dirac GAN: update must be 'simultaneous' or 'alternating', got '${String(update)}'`,
    );
  const game = new DiracGame(method, options);
  const theta = scalarVariable(theta0);
  const psi = scalarVariable(psi0);
  const path: DiracTrajectory = {
    theta: new Float64Array(steps + 1),
    psi: new Float64Array(steps + 1),
    distance: new Float64Array(steps + 1),
  };
  const record = (i: number) => {
    const [t, p] = [theta.dataSync()[0], psi.dataSync()[0]];
    path.theta[i] = t;
    path.psi[i] = p;
    path.distance[i] = Math.hypot(t, p);
  };
  const stepBy = (v: tf.Variable, grad: number) => tf.tidy(() => v.assign(tf.sub(v, lr * grad)));
  try {
    game.project(psi);
    record(0);
    for (let i = 1; i <= steps; i++) {
      if (update === 'simultaneous') {
        const g = game.gradients(theta, psi);
        stepBy(psi, g.psi);
        stepBy(theta, g.theta);
        game.project(psi);
      } else {
        stepBy(psi, game.dGradient(theta, psi));
        game.project(psi);
        stepBy(theta, game.gGradient(theta, psi));
      }
      record(i);
    }
  } finally {
    theta.dispose();
    psi.dispose();
  }
  return path;
}

/** How a path ended; see {@link diracVerdict}. */
export type DiracVerdict = 'converges' | 'stalls off the data' | 'does not converge';

/**
 * The verdict on a path's last point: within 0.05 of the equilibrium, converged; else with D blind
 * (|ψ| < 1e-3) while G is still off the data, stalled (least squares with a linear D); else still moving.
 */
export function diracVerdict(path: DiracTrajectory): DiracVerdict {
  const end = path.distance.length - 1;
  if (path.distance[end] < 0.05) return 'converges';
  if (Math.abs(path.psi[end]) < 1e-3) return 'stalls off the data';
  return 'does not converge';
}
