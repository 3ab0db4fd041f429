/**
 * The one training loop of every model family (docs/architecture.md, "Trainer and objectives"). A step
 * runs the objective's phases in order, each `repeat` times: the objective prepares the phase (batches,
 * noise), the phase's loss terms are summed under `tf.variableGrads` (the GradientTape equivalent)
 * restricted to the variables of the networks the phase trains, the phase's optimizer applies the
 * gradients, and EMA copies of those networks are updated. Learning rates follow each optimizer's
 * schedule times the collapse monitor's factor.
 *
 * Everything that decides the next step — every network, optimizer slot, EMA copy, the objective's RNG
 * streams and buffers, the data position — is in {@link Trainer.checkpoint}, by name, so a resumed run
 * continues bit for bit.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { GanConfig, LrSchedule, OptimizerConfig } from '../config/types.js';
import '../nn/lean-gradients.js';
import { seededLayers } from '../nn/seeded.js';
import { GankitError } from '../util/errors.js';
import type { RngState } from '../util/rng.js';
import type { Checkpoint, StoredTensor } from './checkpoint.js';
import { FaultPlan } from './faults.js';
import type { Objective, Phase } from './objective.js';
import { makeOptimizer } from './optimizers.js';
import { WeightEma } from './tricks/ema.js';
import {
  modelWeights,
  optimizerWeights,
  setModelWeights,
  setOptimizerWeights,
  trainableVariables,
} from './weights.js';

/** Losses of one training step: each side's total and every phase's terms as `phase/term`. */
export interface StepLosses {
  d_loss: number;
  g_loss: number;
  /** Each term by `<phase>/<term>` (e.g. `D/real`, `G/l1`), from the last run of its phase. */
  terms: Record<string, number>;
}

/** JSON part of a trainer checkpoint. */
export interface TrainerState {
  data: unknown;
  /** Training seconds accumulated before this checkpoint (for `time` in metrics.jsonl). */
  elapsed: number;
  /** Class count of a conditional model (rebuilding it needs the label width). */
  numClasses?: number;
  /** Domain names of a multi-domain model (rebuilding it needs their number; translating, their names). */
  domains?: string[];
  /** Factor the collapse monitor applied to every learning rate (1 when it never intervened). */
  lrScale: number;
  /** The objective's own JSON state (RNG streams, …). */
  objective: Record<string, unknown>;
  /**
   * Stream positions of the seeded layers (dropout masks, noise inputs) of each network and EMA copy
   * (`<name>_ema`), in layer order.
   */
  streams?: Record<string, RngState[]>;
  /** What checkpoints before noise inputs held instead of `streams`: the networks' dropout streams. */
  dropout?: Record<string, RngState[]>;
}

/**
 * Checkpoint group names: networks keep their own names (what `gankit sample` reads); the group of a
 * network's EMA copy is also read by loadGenerator and loadTranslator.
 */
export const emaGroup = (net: string) => `${net}_ema`;
const optimizerGroup = (opt: string) => `${opt}_optimizer`;
const objectiveGroup = (key: string) => `objective_${key}`;

export class Trainer<O extends Objective = Objective> {
  /** Optimizers by their `config.optimizers` key, one per key the phases name. */
  readonly optimizers: Record<string, tf.Optimizer> = {};
  /** Per phase, the variables each of its optimizers updates (by `config.optimizers` key). */
  private readonly phaseVars = new Map<Phase, [string, tf.Variable[]][]>();
  private readonly emas: Record<string, WeightEma> = {};
  /** Training steps done so far. */
  step = 0;
  elapsed = 0;
  lrScale = 1;
  /** The learning rate each optimizer (by config key) used in the last step, for metrics.jsonl. */
  learningRates: Record<string, number> = {};
  /** Faults to inject (reliability tests, `GANKIT_FAULTS`); empty unless a caller sets one. */
  faults = new FaultPlan(undefined);

  constructor(
    readonly config: GanConfig,
    readonly objective: O,
  ) {
    for (const phase of objective.phases) {
      const byOptimizer = new Map<string, tf.Variable[]>();
      for (const name of phase.trains) {
        const net = objective.networks[name];
        if (!net)
          throw new Error(
            `objective ${objective.name}: phase ${phase.name} trains unknown network '${name}'`,
          );
        const key = phase.networkOptimizers?.[name] ?? phase.optimizer;
        const cfg = config.optimizers[key];
        if (!cfg)
          throw new GankitError(
            `config: 'optimizers.${key}' is required: phase '${phase.name}' of the ${objective.name} objective trains ${name} with it`,
          );
        this.optimizers[key] ??= makeOptimizer(cfg);
        byOptimizer.set(key, [...(byOptimizer.get(key) ?? []), ...trainableVariables(net)]);
      }
      this.phaseVars.set(phase, [...byOptimizer]);
    }
    const decay = config.tricks?.ema?.decay;
    for (const [name, copy] of Object.entries(objective.ema)) {
      if (decay === undefined)
        throw new Error(`objective ${objective.name} keeps an EMA copy without tricks.ema`);
      this.emas[name] = new WeightEma(objective.networks[name], copy, decay);
    }
  }

  /** Learning rate of an optimizer at the current step (schedule × collapse-monitor factor). */
  private learningRate(cfg: OptimizerConfig): number {
    const progress = Math.min(1, this.step / Math.max(1, this.config.train.steps));
    return cfg.lr * scheduleFactor(cfg.schedule, progress) * this.lrScale;
  }

  /** One run of a phase: its loss terms, gradients over its networks, its optimizer; returns the values. */
  private runPhase(phase: Phase): { total: number; terms: Record<string, number> } {
    const groups = this.phaseVars.get(phase)!;
    return tf.tidy(() => {
      const termsOf = this.objective.phaseTerms(phase, this.step);
      const kept: [string, tf.Scalar][] = [];
      const step = this.step + 1;
      const { value, grads } = tf.variableGrads(
        () => {
          let total: tf.Tensor | undefined;
          for (const [name, term] of Object.entries(termsOf())) {
            kept.push([name, tf.keep(term)]);
            total = total ? tf.add(total, term) : term;
          }
          if (!total) throw new Error(`objective ${this.objective.name}: phase ${phase.name} has no terms`);
          if (this.faults.fires('nan-loss', step)) total = tf.mul(total, Number.NaN);
          if (this.faults.fires('inf-loss', step)) total = tf.mul(total, Number.POSITIVE_INFINITY);
          return total as tf.Scalar;
        },
        groups.flatMap(([, vars]) => vars),
      );
      if (this.faults.fires('nan-grad', step)) {
        const first = groups[0][1][0].name;
        grads[first] = tf.fill(grads[first].shape, Number.NaN);
      }
      for (const [key, vars] of groups) this.optimizers[key].applyGradients(completeGradients(grads, vars));
      this.objective.afterPhase?.(phase);
      const terms = Object.fromEntries(kept.map(([name, t]) => [name, t.dataSync()[0]]));
      const total = value.dataSync()[0];
      for (const [, t] of kept) t.dispose();
      return { total, terms };
    });
  }

  /** One training step: every phase of the objective, in order. */
  trainStep(): StepLosses {
    for (const key of this.objective.optimizerResets?.(this.step) ?? []) {
      this.optimizers[key].dispose();
      this.optimizers[key] = makeOptimizer(this.config.optimizers[key]);
    }
    const losses = this.runPhases(this.objective.phases);
    if (this.faults.fires('nan-weight', this.step + 1)) {
      const v = trainableVariables(Object.values(this.objective.networks)[0])[0];
      tf.tidy(() => v.assign(tf.fill(v.shape, Number.NaN)));
    }
    this.step++;
    return losses;
  }

  /**
   * The phases of one side only (`d`: the discriminator's, `g`: the generator's), without advancing the
   * step counter: the playground's "step D" / "step G" buttons, which show what each half of a step does.
   */
  trainSide(side: Phase['side']): StepLosses {
    return this.runPhases(this.objective.phases.filter((p) => p.side === side));
  }

  /** Runs `phases` in order, each `repeat` times, at the current step's learning rates. */
  private runPhases(phases: readonly Phase[]): StepLosses {
    const t0 = performance.now();
    for (const [name, opt] of Object.entries(this.optimizers)) {
      this.learningRates[name] = this.learningRate(this.config.optimizers[name]);
      setLearningRate(opt, this.learningRates[name]);
    }
    const sides = { d: 0, g: 0 };
    const seen = { d: false, g: false };
    const terms: Record<string, number> = {};
    for (const phase of phases) {
      if (this.step % (phase.every ?? 1) !== 0) continue;
      let last = { total: Number.NaN, terms: {} as Record<string, number> };
      for (let k = 0; k < phase.repeat; k++) {
        last = this.runPhase(phase);
        for (const name of phase.emaAfter ?? phase.trains) this.emas[name]?.update();
      }
      if (typeof phase.side === 'string') {
        sides[phase.side] += last.total;
        seen[phase.side] = true;
      }
      for (const [name, v] of Object.entries(last.terms)) {
        terms[`${phase.name}/${name}`] = v;
        const side = typeof phase.side === 'string' ? undefined : phase.side[name];
        if (side) {
          sides[side] += v;
          seen[side] = true;
        }
      }
    }
    this.elapsed += (performance.now() - t0) / 1000;
    return { d_loss: seen.d ? sides.d : Number.NaN, g_loss: seen.g ? sides.g : Number.NaN, terms };
  }

  /** Frees every network, EMA copy and optimizer slot. */
  dispose(): void {
    for (const opt of Object.values(this.optimizers)) opt.dispose();
    for (const net of Object.values(this.objective.networks)) net.dispose();
    for (const net of Object.values(this.objective.ema)) net.dispose();
  }

  /** The variables optimizer `key` updates, in the order it first sees them (phase order). */
  private optimizerVariables(key: string): tf.Variable[] {
    const vars = new Set<tf.Variable>();
    for (const groups of this.phaseVars.values())
      for (const [k, vs] of groups) if (k === key) for (const v of vs) vars.add(v);
    return [...vars];
  }

  /** Every network and EMA copy (as `<name>_ema`) whose seeded layers' streams a checkpoint keeps. */
  private seededNetworks(): [string, tfl.LayersModel][] {
    return [
      ...Object.entries(this.objective.networks),
      ...Object.entries(this.objective.ema).map(([name, net]): [string, tfl.LayersModel] => [
        emaGroup(name),
        net,
      ]),
    ];
  }

  /** Everything needed to continue training exactly from here. */
  async checkpoint(): Promise<Checkpoint<TrainerState>> {
    const groups: Record<string, StoredTensor[]> = {};
    for (const [name, net] of Object.entries(this.objective.networks)) groups[name] = modelWeights(net);
    for (const [name, opt] of Object.entries(this.optimizers))
      groups[optimizerGroup(name)] = await optimizerWeights(opt);
    for (const [name, net] of Object.entries(this.objective.ema)) groups[emaGroup(name)] = modelWeights(net);
    const own = this.objective.saveState();
    for (const [key, tensors] of Object.entries(own.tensors)) groups[objectiveGroup(key)] = tensors;
    return {
      step: this.step,
      state: {
        data: this.objective.data.state(),
        elapsed: this.elapsed,
        numClasses: this.objective.sampler?.numClasses,
        domains: this.objective.domainTranslator ? [...this.objective.domainTranslator.domains] : undefined,
        lrScale: this.lrScale,
        objective: own.json,
        streams: Object.fromEntries(
          this.seededNetworks().map(([name, net]) => [name, seededLayers(net).map((l) => l.randomState())]),
        ),
      },
      groups,
    };
  }

  /** Restores every network, optimizer, EMA copy and the objective's and data's state from a checkpoint. */
  async restore(ckpt: Checkpoint<TrainerState>): Promise<void> {
    if (!ckpt.state.objective)
      throw new GankitError(
        `checkpoint of step ${ckpt.step} was written by an older gankit (no objective state); start a new run`,
      );
    for (const [name, net] of Object.entries(this.objective.networks))
      setModelWeights(net, ckpt.groups[name]);
    for (const [name, net] of Object.entries(this.objective.ema))
      setModelWeights(net, ckpt.groups[emaGroup(name)]);
    const streams = ckpt.state.streams ?? ckpt.state.dropout ?? {};
    for (const [name, net] of this.seededNetworks()) {
      const layers = seededLayers(net);
      // Older checkpoints kept no streams for EMA copies, whose dropout never draws (inference mode).
      const saved = streams[name] ?? (ckpt.state.streams ? [] : layers.map((l) => l.randomState()));
      if (saved.length !== layers.length)
        throw new GankitError(
          `checkpoint has ${saved.length} random streams (dropout, noise inputs) for '${name}', the model has ${layers.length}; was it written by another config?`,
        );
      layers.forEach((l, i) => l.setRandomState(saved[i]));
    }
    for (const [name, opt] of Object.entries(this.optimizers))
      await setOptimizerWeights(opt, ckpt.groups[optimizerGroup(name)], name, this.optimizerVariables(name));
    const tensors = Object.fromEntries(
      Object.entries(ckpt.groups)
        .filter(([g]) => g.startsWith(objectiveGroup('')))
        .map(([g, t]) => [g.slice(objectiveGroup('').length), t]),
    );
    this.objective.loadState({ json: ckpt.state.objective, tensors });
    this.objective.data.seek(ckpt.state.data);
    this.step = ckpt.step;
    this.elapsed = ckpt.state.elapsed;
    this.lrScale = ckpt.state.lrScale ?? 1;
  }
}

/** The factor a learning-rate schedule applies at training progress `p` in [0, 1] (1 without one). */
export function scheduleFactor(schedule: LrSchedule | undefined, p: number): number {
  if (!schedule) return 1;
  if (schedule.type === 'inv') return (1 + schedule.alpha * p) ** -schedule.beta;
  // Constant until `start` (a fraction of the run), then linear to `endFactor` at the end.
  const start = schedule.start ?? 0;
  const decayed = Math.max(0, (p - start) / (1 - start));
  return 1 - (1 - schedule.endFactor) * decayed;
}

/**
 * The gradients of `vars` (one optimizer's variables), in `vars`' order, with a zero gradient for every
 * one that took no part in the loss (a ProGAN block not yet grown in): optimizers keep their slots by
 * position, so they must see the same variables every step. With Adam a zero gradient on never-trained
 * slots moves nothing.
 */
function completeGradients(grads: tf.NamedTensorMap, vars: readonly tf.Variable[]): tf.NamedTensorMap {
  return Object.fromEntries(vars.map((v) => [v.name, grads[v.name] ?? tf.zerosLike(v)]));
}

/** Sets an optimizer's learning rate (tfjs optimizers keep it in a field the TS types mark protected). */
function setLearningRate(opt: tf.Optimizer, lr: number): void {
  (opt as unknown as { learningRate: number }).learningRate = lr;
}
