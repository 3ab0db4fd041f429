/**
 * One playground run: a toy world, gankit's GAN objective and trainer (the very code `gankit train`
 * runs, through src/browser.ts), and the read-outs the views draw — fakes, D on a grid, G's image of a
 * latent grid, the gradient G's loss puts on each fake, the exact metrics of the world.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  type Density1D,
  type GanConfig,
  GanObjective,
  type GaussianMixture2D,
  Rng,
  type StepLosses,
  ToySource,
  type ToyDistribution,
  Trainer,
  buildNetworks,
  forward,
  gaussian1d,
  gaussianMixture2d,
  makeToy,
  modeCoverage,
  toyMetrics,
} from '../../../src/browser.js';

/** Everything the controls set. */
export interface Settings {
  world: World;
  /** Points the user drew (world `drawn`). */
  drawn: [number, number][];
  loss: string;
  regularizer: 'none' | 'gp' | 'r1' | 'r2' | 'clip';
  /** λ of GP, γ of R1/R2, c of clipping. */
  regWeight: number;
  optimizer: 'adam' | 'sgd' | 'rmsprop';
  lrD: number;
  lrG: number;
  dSteps: number;
  noiseDim: number;
  width: number;
  depth: number;
  batchSize: number;
  seed: number;
}

export const WORLDS = ['ring', 'grid', 'gaussian-1d', 'drawn'] as const;
export type World = (typeof WORLDS)[number];

/** The square (2-D) or interval (1-D) a world is drawn in. */
export interface ViewBox {
  min: number;
  max: number;
}

/** Losses whose D output reads as a probability through the sigmoid (the others are critics). */
const PROBABILITY_LOSSES = new Set([
  'non-saturating',
  'softplus',
  'minimax',
  'relativistic',
  'relativistic-average',
]);

/** The toy distribution of a world. Mixture modes are wider than the presets' (σ 0.02) to be seen. */
function worldToy(s: Settings): ToyDistribution {
  switch (s.world) {
    case 'ring':
      return makeToy('ring', { std: 0.1 });
    case 'grid':
      return makeToy('grid', { std: 0.1, spacing: 1.5 });
    case 'gaussian-1d':
      return gaussian1d({ mean: 1, std: 0.5 });
    case 'drawn':
      if (s.drawn.length === 0) throw new Error('draw some points first');
      return gaussianMixture2d('drawn', s.drawn, 0.08);
  }
}

/** The GanConfig of the settings, as a preset would resolve to. */
export function configOf(s: Settings, dim: number): GanConfig {
  const hidden = Array.from({ length: s.depth }, () => s.width);
  const opt = (lr: number) => ({ type: s.optimizer, lr, beta1: 0.5, beta2: 0.9 });
  const w = s.regWeight;
  const regularizers =
    s.regularizer === 'gp'
      ? { gradientPenalty: { weight: w } }
      : s.regularizer === 'r1'
        ? { r1: { gamma: w } }
        : s.regularizer === 'r2'
          ? { r2: { gamma: w } }
          : s.regularizer === 'clip'
            ? { weightClip: w }
            : {};
  return {
    name: 'playground',
    description: `playground: ${s.world}`,
    data: { dataset: 'toy', toy: { name: s.world }, split: 'train', shape: [1, 1, dim], range: '-1,1' },
    model: {
      family: 'mlp',
      latentDim: s.noiseDim,
      generator: { hidden, activation: 'leaky_relu(0.2)', output: 'linear' },
      discriminator: { hidden, activation: 'leaky_relu(0.2)' },
    },
    loss: { type: s.loss },
    optimizers: { generator: opt(s.lrG), discriminator: opt(s.lrD) },
    regularizers,
    train: {
      batchSize: s.batchSize,
      // No schedule: learning rates stay as set however long the page trains.
      steps: Number.MAX_SAFE_INTEGER,
      dSteps: s.dSteps,
      logEvery: 1,
      sampleEvery: 0,
      checkpointEvery: 0,
      keepCheckpoints: 0,
      sampleCount: 0,
      seed: s.seed,
    },
  };
}

/** Samples the views and metrics use (fixed noise, so frames differ only by training). */
const FAKES = 2500;
const HEAT = 40;
const MANIFOLD_LINES = 11;
const MANIFOLD_POINTS = 33;
const MANIFOLD_ROWS = 2 * MANIFOLD_LINES * MANIFOLD_POINTS;
const ARROWS = 80;
const CURVE = 160;

/**
 * GAN Lab's "manifold": a grid in latent space (the first two latent axes over ±2.5σ, the others 0),
 * whose image under G shows how G folds the plane of noise onto the data. Row-major, `k` per row.
 */
function manifoldLatents(k: number): Float32Array {
  const z = new Float32Array(MANIFOLD_ROWS * k);
  let row = 0;
  for (const axis of [0, 1])
    for (let l = 0; l < MANIFOLD_LINES; l++)
      for (let p = 0; p < MANIFOLD_POINTS; p++, row++) {
        // With one latent axis, the second family of lines is the first again.
        z[row * k + Math.min(axis, k - 1)] = -2.5 + (5 * p) / (MANIFOLD_POINTS - 1);
        if (k > 1) z[row * k + (1 - axis)] = -2.5 + (5 * l) / (MANIFOLD_LINES - 1);
      }
  return z;
}

/** The heat-map's HEAT×HEAT cell centres over `box` (row 0 at the top); none in 1-D. */
function heatPoints({ min, max }: ViewBox, dim: number): Float32Array {
  if (dim !== 2) return new Float32Array(0);
  const grid = new Float32Array(HEAT * HEAT * 2);
  for (let r = 0; r < HEAT; r++)
    for (let c = 0; c < HEAT; c++) {
      grid[2 * (r * HEAT + c)] = min + ((c + 0.5) / HEAT) * (max - min);
      grid[2 * (r * HEAT + c) + 1] = max - ((r + 0.5) / HEAT) * (max - min);
    }
  return grid;
}

/** G's read-outs of one refresh. */
export interface GeneratorOutputs {
  fakes: Float32Array;
  manifold: Float32Array[];
}

export interface Frame2D {
  kind: '2d';
  box: ViewBox;
  reals: Float32Array;
  fakes: Float32Array;
  /** D's output on a HEAT×HEAT grid (row 0 at the top), in [0, 1]. */
  heat: Float32Array;
  heatSize: number;
  /** Polylines of G's image of latent grid lines, each MANIFOLD_POINTS points. */
  manifold: Float32Array[];
  /** For the first ARROWS fakes: −∂L_G/∂x, the direction G's update moves each one. */
  arrows: Float32Array;
  modes: ReadonlyArray<readonly [number, number]>;
}

export interface Frame1D {
  kind: '1d';
  box: ViewBox;
  xs: Float32Array;
  pData: Float32Array;
  pG: Float32Array;
  /** D(x) of the trained discriminator (σ of its logit). */
  d: Float32Array;
  /** The optimal D* = p_data / (p_data + p_g) against the current generator (Goodfellow et al. 2014, Prop. 1). */
  dStar: Float32Array;
  fakes: Float32Array;
}

export type Frame = Frame2D | Frame1D;

export class Session {
  readonly toy: ToyDistribution;
  readonly config: GanConfig;
  readonly trainer: Trainer<GanObjective>;
  readonly box: ViewBox;
  readonly dim: number;
  /** Steps done by "step D" alone and by "step G" alone (the trainer counts full steps). */
  dOnly = 0;
  gOnly = 0;
  readonly history: { step: number; d_loss: number; g_loss: number }[] = [];
  readonly metricHistory: ({ step: number } & Record<string, number>)[] = [];
  /** G's fixed inputs: FAKES noise vectors, then the manifold's latent grid (one forward for both). */
  private readonly gInput: tf.Tensor2D;
  /** The heat-map's grid of points, as D's input. */
  private readonly heatGrid: tf.Tensor4D;
  private readonly reals: Float32Array;

  constructor(readonly settings: Settings) {
    this.toy = worldToy(settings);
    this.dim = this.toy.dim;
    this.config = configOf(settings, this.dim);
    const nets = buildNetworks(this.config.model, { imageShape: [1, 1, this.dim], seed: settings.seed });
    const data = new ToySource(this.toy, settings.batchSize, settings.seed);
    this.trainer = new Trainer(this.config, new GanObjective(this.config, nets, data));
    const rng = new Rng(settings.seed, 1000);
    const k = settings.noiseDim;
    const z = new Float32Array((FAKES + MANIFOLD_ROWS) * k);
    z.set(rng.normal(FAKES * k));
    z.set(manifoldLatents(k), FAKES * k);
    this.gInput = tf.tensor2d(z, [FAKES + MANIFOLD_ROWS, k]);
    this.reals = this.toy.sample(FAKES, rng).data;
    this.box = viewBox(this.toy);
    const heat = heatPoints(this.box, this.dim);
    this.heatGrid = tf.tensor4d(heat, [heat.length / this.dim, 1, 1, this.dim]);
  }

  get step(): number {
    return this.trainer.step;
  }

  private record(l: StepLosses): StepLosses {
    this.history.push({ step: this.step + this.dOnly + this.gOnly, d_loss: l.d_loss, g_loss: l.g_loss });
    return l;
  }

  /** One full step: dSteps D updates, then one G update. */
  trainStep(): StepLosses {
    return this.record(this.trainer.trainStep());
  }

  /** D's updates only (its dSteps), G untouched. */
  stepD(): StepLosses {
    this.dOnly++;
    return this.record(this.trainer.trainSide('d'));
  }

  /** One G update only, D untouched. */
  stepG(): StepLosses {
    this.gOnly++;
    return this.record(this.trainer.trainSide('g'));
  }

  private get nets() {
    return this.trainer.objective.nets;
  }

  /**
   * G on its fixed inputs, read back once: the fakes (row-major FAKES×dim) and, in 2-D, G's image of the
   * latent grid as polylines of MANIFOLD_POINTS points.
   */
  generatorOutputs(): GeneratorOutputs {
    const out = tf.tidy(
      () => (forward(this.nets.generator, this.gInput) as tf.Tensor).dataSync() as Float32Array,
    );
    const fakes = out.subarray(0, FAKES * this.dim);
    const line = MANIFOLD_POINTS * this.dim;
    const manifold = Array.from({ length: 2 * MANIFOLD_LINES }, (_, i) =>
      out.subarray(fakes.length + i * line, fakes.length + (i + 1) * line),
    );
    return { fakes, manifold };
  }

  /** D's logits at `points` (n×dim, or the tensor of them). */
  private logits(points: Float32Array | tf.Tensor4D): Float32Array {
    return tf.tidy(() => {
      const x =
        points instanceof Float32Array
          ? tf.tensor4d(points, [points.length / this.dim, 1, 1, this.dim])
          : points;
      const out = forward(this.nets.discriminator, x);
      return (Array.isArray(out) ? out[0] : out).dataSync() as Float32Array;
    });
  }

  /** D's output in [0, 1]: σ(logit) for probability losses, the critic min-max scaled otherwise. */
  private dValues(points: Float32Array | tf.Tensor4D): Float32Array {
    const l = this.logits(points);
    if (PROBABILITY_LOSSES.has(this.settings.loss)) return l.map((v) => 1 / (1 + Math.exp(-v)));
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const v of l) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return l.map((v) => (hi > lo ? (v - lo) / (hi - lo) : 0.5));
  }

  /** The exact metrics of the current fakes (src/metrics/exact), and their history. */
  metrics(fakes = this.generatorOutputs().fakes): Record<string, number> {
    const m =
      this.settings.world === 'drawn'
        ? drawnMetrics(fakes, this.toy as ToyDistribution & GaussianMixture2D)
        : toyMetrics(this.toy, fakes);
    this.metricHistory.push({ step: this.step, ...m });
    return m;
  }

  /** Everything the views draw now. */
  frame(g = this.generatorOutputs()): Frame {
    return this.dim === 1 ? this.frame1d(g.fakes) : this.frame2d(g);
  }

  private frame2d({ fakes, manifold }: GeneratorOutputs): Frame2D {
    return {
      kind: '2d',
      box: this.box,
      reals: this.reals,
      fakes,
      heat: this.dValues(this.heatGrid),
      heatSize: HEAT,
      manifold,
      arrows: this.generatorGradients(fakes.subarray(0, ARROWS * 2)),
      modes: (this.toy as unknown as GaussianMixture2D).modes ?? [],
    };
  }

  /** −∂L_G/∂x at each fake x: the push G's loss (through D) gives it. */
  private generatorGradients(points: Float32Array): Float32Array {
    const loss = this.trainer.objective.loss;
    const d = (x: tf.Tensor) => {
      const out = forward(this.nets.discriminator, x);
      return Array.isArray(out) ? out[0] : out;
    };
    return tf.tidy(() => {
      const n = points.length / this.dim;
      const x = tf.tensor4d(points, [n, 1, 1, this.dim]);
      const real = tf.tensor4d(this.reals.subarray(0, n * this.dim), [n, 1, 1, this.dim]);
      const realLogits = loss.needsRealLogitsForGenerator ? d(real) : undefined;
      // The sum, not the mean: each point's own gradient, independent of how many are drawn.
      const g = tf.grad((fx: tf.Tensor) => tf.mul(loss.generator(d(fx), realLogits), n))(x);
      return tf.neg(g).dataSync() as Float32Array;
    });
  }

  private frame1d(fakes: Float32Array): Frame1D {
    const truth = this.toy as ToyDistribution & Density1D;
    const { min, max } = this.box;
    const xs = Float32Array.from({ length: CURVE }, (_, i) => min + ((i + 0.5) / CURVE) * (max - min));
    const pData = xs.map((x) => truth.pdf(x));
    const pG = kernelDensity(fakes, xs);
    const d = this.logits(xs).map((v) => 1 / (1 + Math.exp(-v)));
    const dStar = pData.map((p, i) => (p + pG[i] > 1e-12 ? p / (p + pG[i]) : 0.5));
    return { kind: '1d', box: this.box, xs, pData, pG, d, dStar, fakes };
  }

  dispose(): void {
    this.trainer.dispose();
    this.gInput.dispose();
    this.heatGrid.dispose();
  }
}

/** Mode coverage against the drawn mixture, with the covered threshold scaled to its mode count. */
function drawnMetrics(fakes: Float32Array, toy: GaussianMixture2D): Record<string, number> {
  const n = fakes.length / 2;
  const minSamples = Math.max(1, Math.round((0.16 * n) / toy.modes.length));
  const c = modeCoverage(fakes, toy, { minSamples });
  return {
    modes_covered: c.modesCovered,
    high_quality: c.highQualityFraction,
    mode_distance: c.meanDistance,
  };
}

/** A square (or interval) around the world with a margin. */
function viewBox(toy: ToyDistribution): ViewBox {
  if (toy.dim === 1) {
    const t = toy as ToyDistribution & Density1D;
    const lo = t.quantile(0.0005);
    const hi = t.quantile(0.9995);
    const pad = (hi - lo) * 0.35;
    return { min: lo - pad, max: hi + pad };
  }
  const modes = (toy as unknown as GaussianMixture2D).modes;
  const extent = Math.max(1, ...modes.flat().map(Math.abs));
  return { min: -extent * 1.4, max: extent * 1.4 };
}

/** Gaussian kernel density of `samples` at `xs`, Silverman's bandwidth 1.06·s·n^(−1/5). */
function kernelDensity(samples: Float32Array, xs: Float32Array): Float32Array {
  const n = samples.length;
  let mean = 0;
  for (const v of samples) mean += v / n;
  let variance = 0;
  for (const v of samples) variance += (v - mean) ** 2 / n;
  const h = Math.max(1e-3, 1.06 * Math.sqrt(variance) * n ** -0.2);
  const norm = 1 / (n * h * Math.sqrt(2 * Math.PI));
  return xs.map((x) => {
    let s = 0;
    for (const v of samples) s += Math.exp(-0.5 * ((x - v) / h) ** 2);
    return s * norm;
  });
}
