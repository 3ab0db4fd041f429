/**
 * The library's training loop as the examples use it: a resolved config's trainer, stepped to the end with
 * the `STEP=…` line every `logEvery` steps, then scored (images: the shipped classifier; toys: exact metrics).
 */
import { createGanTrainer, type GanConfig, type GanObjective, type Trainer } from '../../src/index.js';
import { stepLine } from './cli.js';

/** Trains `config` for its `train.steps`, printing the log line with the training time so far. */
export function trainPreset(config: GanConfig, label = config.name): Trainer<GanObjective> {
  return trainToEnd(createGanTrainer(config), label);
}

/** Steps any trainer to its config's `train.steps`, printing the log line five times on the way. */
export function trainToEnd<T extends Trainer>(trainer: T, label = trainer.config.name): T {
  const steps = trainer.config.train.steps;
  const every = Math.max(1, Math.floor(steps / 5));
  while (trainer.step < steps) {
    const { d_loss, g_loss } = trainer.trainStep();
    if (trainer.step % every === 0 || trainer.step === steps)
      console.log(`${label} ${stepLine(trainer.step, d_loss, g_loss)} (${trainer.elapsed.toFixed(1)} s)`);
  }
  return trainer;
}

/** The trainer's generator as the evaluator takes it. */
export function generatorOf(trainer: Trainer<GanObjective>) {
  const o = trainer.objective;
  return { model: o.model, latentDim: o.latentDim, numClasses: o.numClasses };
}
