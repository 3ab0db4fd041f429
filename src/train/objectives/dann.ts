/**
 * Domain-adversarial training (DANN; Ganin & Lempitsky 2015, Ganin et al. 2016 JMLR, seed 004). A
 * feature extractor G_f feeds a label predictor G_y (trained on labelled source images) and, through a
 * gradient reversal layer R_λ (src/nn/gradient-reversal.ts), a domain classifier G_d that tells source
 * from target features. With d = 0 for source and 1 for target images, one step minimises
 *
 *   L = CE(G_y(G_f(x_s)), y_s) + CE(G_d(R_λ(G_f(x))), d)        terms DANN/label, DANN/domain
 *
 * over a source batch and a target batch of equal size (the domain term averages over both). G_d
 * descends ∂L_domain, G_f receives ∂L_label − λ·∂L_domain: it learns features that predict labels and
 * that the domain classifier cannot separate — the paper's saddle point in one ordinary update, so DANN
 * is one phase (not a GAN's two). λ_p = 2 / (1 + exp(−γ·p)) − 1 with γ = 10 and p = step / steps
 * rises from 0 to ≈ 1; the learning rate follows μ₀ / (1 + 10p)^0.75 (`schedule: inv` in the preset).
 *
 * The source-only baseline (`objective.baseline: 1`, the default) trains beside it in the same step
 * and by the same code: a second feature extractor and label predictor from the same initial weights,
 * on the same source batches, with the same optimizer and schedule, and no domain term (λ = 0) — term
 * DANN/source_only. Their parameters are disjoint, so one gradient of the sum is each model's own
 * gradient. d_loss is the domain classifier's loss, g_loss the label loss; `--eval-every` scores both
 * models' accuracy on the source and target test sets.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { GanConfig } from '../../config/types.js';
import { type ImageDataset, imageSize } from '../../data/dataset.js';
import { loadDomainData } from '../../data/domain-adaptation/registry.js';
import { DomainSource } from '../../data/domain-adaptation/source.js';
import { auxiliaryClassifierLoss } from '../../losses/auxiliary-classifier.js';
import { batchedRows } from '../../metrics/extractors/batched.js';
import { labelAccuracy } from '../../metrics/labelAccuracy.js';
import { buildDann, type DannNetworks, readDannSpec } from '../../models/dann/index.js';
import { forward } from '../../models/forward.js';
import { reverseGradient } from '../../nn/gradient-reversal.js';
import { UsageError } from '../../util/errors.js';
import { domainProbeAccuracy } from '../domain-probe.js';
import type { LossTerms, Objective, ObjectiveState, Phase, Visual } from '../objective.js';
import { columnsVisual, objectiveOptions } from './translation.js';

/** Options under `objective:` (all numbers, as the config's objective section). */
const DEFAULTS = {
  /** γ of the λ schedule. */
  gamma: 10,
  /** λ's final value (the schedule's scale); 0 turns the domain term's gradient off. */
  lambdaMax: 1,
  /** 1: train the source-only baseline beside DANN; 0: DANN alone. */
  baseline: 1,
};

/** Images per set (source and target, training and test) whose features the domain probe sees. */
const PROBE_IMAGES = 1000;
/** Fixed source | target pairs in the sample picture (four pairs per row). */
const VISUAL_PAIRS = 32;
/** Images per forward pass when scoring a test set. */
const EVAL_BATCH = 500;

/** λ_p = λ_max · (2 / (1 + exp(−γ·p)) − 1) at training progress p in [0, 1]. */
export function lambdaSchedule(p: number, gamma = DEFAULTS.gamma, lambdaMax = DEFAULTS.lambdaMax): number {
  return lambdaMax * (2 / (1 + Math.exp(-gamma * p)) - 1);
}

/** The terms of one classifier on a step's batch (DANN's with its domain head, the baseline's without). */
export function classifierTerms(
  nets: DannNetworks,
  source: tf.Tensor4D,
  labels: tf.Tensor1D,
  target: tf.Tensor4D | undefined,
  lambda: number,
): { label: tf.Scalar; domain?: tf.Scalar } {
  const n = source.shape[0];
  if (!nets.domain || !target) {
    const logits = forward(nets.label, forward(nets.features, source, { training: true }) as tf.Tensor);
    return { label: auxiliaryClassifierLoss(logits as tf.Tensor2D, labels) };
  }
  // One pass of G_f over source and target: the features the label head sees are the ones G_d judges.
  const f = forward(nets.features, tf.concat([source, target], 0), { training: true }) as tf.Tensor2D;
  const logits = forward(nets.label, tf.slice(f, [0, 0], [n, -1])) as tf.Tensor2D;
  const domainLogits = forward(nets.domain, reverseGradient(f, lambda)) as tf.Tensor2D;
  const domains = tf.concat([tf.zeros([n], 'int32'), tf.ones([target.shape[0]], 'int32')]);
  return {
    label: auxiliaryClassifierLoss(logits, labels),
    domain: auxiliaryClassifierLoss(domainLogits, domains),
  };
}

/**
 * Top-1 accuracy of `head` on the features of the first `n` images of a labelled set, against the
 * set's labels, or against `domain` for every image when given (the domain head).
 */
async function accuracy(
  nets: DannNetworks,
  head: 'label' | 'domain',
  data: DomainSource,
  ds: ImageDataset,
  n: number,
  domain?: number,
) {
  const { images: pixels, labels, count } = data.testImages(ds, n);
  const images = tf.tensor4d(pixels, [count, ...ds.shape]);
  try {
    const p = await batchedRows(images, EVAL_BATCH, (x) =>
      tf.softmax(forward(nets[head]!, forward(nets.features, x) as tf.Tensor) as tf.Tensor2D),
    );
    return labelAccuracy(p, domain === undefined ? labels : new Int32Array(count).fill(domain))
      .label_accuracy;
  } finally {
    images.dispose();
  }
}

/** The feature extractor's output for the first `n` images of a set, centred as in training. */
async function features(nets: DannNetworks, data: DomainSource, ds: ImageDataset, n: number) {
  const { images: pixels, count } = data.centredImages(ds, n);
  const images = tf.tensor4d(pixels, [count, ...ds.shape]);
  try {
    return await batchedRows(images, EVAL_BATCH, (x) => forward(nets.features, x) as tf.Tensor);
  } finally {
    images.dispose();
  }
}

export class DannObjective implements Objective {
  readonly name = 'dann';
  readonly phases: Phase[];
  readonly ema = {};
  readonly networks: Record<string, tfl.LayersModel>;
  private readonly options: typeof DEFAULTS;

  constructor(
    readonly config: GanConfig,
    readonly dann: DannNetworks,
    readonly baseline: DannNetworks | undefined,
    readonly data: DomainSource,
  ) {
    this.options = objectiveOptions(config, 'dann', DEFAULTS);
    const named = (nets: DannNetworks | undefined, prefix: string) =>
      Object.fromEntries(
        Object.entries(nets ?? {})
          .filter(([, net]) => net)
          .map(([k, net]) => [`${prefix}${k}`, net as tfl.LayersModel]),
      );
    this.networks = { ...named(dann, ''), ...named(baseline, 'source_only_') };
    this.phases = [
      {
        name: 'DANN',
        trains: Object.keys(this.networks),
        optimizer: 'classifier',
        side: { label: 'g', domain: 'd' },
        repeat: 1,
      },
    ];
  }

  /** λ at training step `step` of the run. */
  lambda(step: number): number {
    const p = Math.min(1, step / Math.max(1, this.config.train.steps));
    return lambdaSchedule(p, this.options.gamma, this.options.lambdaMax);
  }

  phaseTerms(_phase: Phase, step: number): () => LossTerms {
    const batch = this.data.next();
    const shape = this.data.shape;
    const n = batch.source.labels.length;
    const source = tf.tensor4d(batch.source.images, [n, ...shape]);
    const target = tf.tensor4d(batch.target, [batch.target.length / imageSize(shape), ...shape]);
    const labels = tf.tensor1d(batch.source.labels, 'int32');
    const lambda = this.lambda(step);
    return () => {
      const { label, domain } = classifierTerms(this.dann, source, labels, target, lambda);
      const terms: LossTerms = { label, domain: domain! };
      if (this.baseline)
        terms.source_only = classifierTerms(this.baseline, source, labels, undefined, 0).label;
      return terms;
    };
  }

  /**
   * Source and target accuracy of DANN and of the source-only baseline on up to `n` test images, DANN's
   * domain-classifier accuracy on them (`domain_acc:dann`) and, for both models, the held-out accuracy
   * of a linear domain probe on their features (`domain_probe:*`, src/train/domain-probe.ts).
   */
  async evaluate(n: number): Promise<Record<string, number>> {
    const { sourceTest, targetTest } = this.data.sets;
    const out: Record<string, number> = {};
    const models: [string, DannNetworks | undefined][] = [
      ['dann', this.dann],
      ['source_only', this.baseline],
    ];
    for (const [name, nets] of models) {
      if (!nets) continue;
      if (targetTest) out[`target_acc:${name}`] = await accuracy(nets, 'label', this.data, targetTest, n);
      if (sourceTest) out[`source_acc:${name}`] = await accuracy(nets, 'label', this.data, sourceTest, n);
    }
    if (!sourceTest || !targetTest) return out;
    // Domain confusion: how well DANN's own domain classifier tells held-out source (0) from target (1)
    // features, the mean of its accuracy on either (0.5 = chance, what DANN's saddle point aims at)…
    const onSource = await accuracy(this.dann, 'domain', this.data, sourceTest, n, 0);
    const onTarget = await accuracy(this.dann, 'domain', this.data, targetTest, n, 1);
    out['domain_acc:dann'] = (onSource + onTarget) / 2;
    // …and how well a fresh linear probe does on either model's frozen features (comparable across them).
    const m = Math.min(n, PROBE_IMAGES);
    for (const [name, nets] of models) {
      if (!nets) continue;
      const of = (ds: ImageDataset) => features(nets, this.data, ds, m);
      out[`domain_probe:${name}`] = domainProbeAccuracy(
        { source: await of(this.data.sets.source), target: await of(this.data.sets.target) },
        { source: await of(sourceTest), target: await of(targetTest) },
      );
    }
    return out;
  }

  /** Fixed source | target pairs, four per row. */
  visual(n: number): Visual {
    const { source, target, count } = this.data.fixed(Math.min(n, VISUAL_PAIRS));
    const c = this.data.shape[2];
    const v = columnsVisual(
      [
        { images: source, channels: c },
        { images: target, channels: c },
      ],
      count,
      this.data.shape,
    );
    return v.kind === 'grid' && count >= 4 ? { ...v, columns: 8 } : v;
  }

  saveState(): ObjectiveState {
    return { json: {}, tensors: {} };
  }

  loadState(): void {}
}

/** DANN's networks, data and objective from a config. */
export function createDannObjective(config: GanConfig): DannObjective {
  const unsupported = [
    ...(config.regularizers ? ['regularizers'] : []),
    ...(config.tricks ? ['tricks'] : []),
  ];
  if (unsupported.length)
    throw new UsageError(
      `config: ${unsupported.map((k) => `'${k}'`).join(' and ')} apply to GANs, not to the dann objective; remove ${unsupported.length > 1 ? 'them' : 'it'}`,
    );
  const spec = readDannSpec(config.model);
  const { baseline } = objectiveOptions(config, 'dann', DEFAULTS);
  if (baseline !== 0 && baseline !== 1)
    throw new UsageError(`config: 'objective.baseline' must be 0 or 1, got ${baseline}`);
  const sets = loadDomainData(config.data);
  const { batchSize, seed } = config.train;
  for (const [what, ds] of [
    ['source', sets.source],
    ['target', sets.target],
  ] as const)
    if (batchSize > ds.n)
      throw new UsageError(
        `batch size ${batchSize} is larger than the ${what} set (${ds.n} images, ${ds.name}); lower --batch-size`,
      );
  const build = (withDomain: boolean, prefix: string) =>
    buildDann(spec, {
      imageShape: config.data.shape,
      classes: sets.classNames.length,
      seed,
      withDomain,
      prefix,
    });
  return new DannObjective(
    config,
    build(true, ''),
    baseline ? build(false, 'source_only_') : undefined,
    new DomainSource(sets, batchSize, config.data.range, seed),
  );
}
