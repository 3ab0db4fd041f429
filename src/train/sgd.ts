/**
 * Stochastic gradient descent with momentum, PyTorch's rule (torch.optim.SGD, dampening 0, no Nesterov):
 *
 *   b ← μ·b + g        (b starts at 0, so the first step has b = g as in PyTorch)
 *   θ ← θ − lr·b
 *
 * Why not tfjs's SGD / MomentumOptimizer: they fold the learning rate into a scalar tensor when it is
 * set through `setLearningRate`, so the trainer's per-step schedule (which writes `learningRate`, as for
 * Adam) would be silently ignored. Here `learningRate` is read at every step, and the whole state is
 * the step count and one buffer per variable (none without momentum), so resume is exact.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensor, Slot } from './adam.js';

export class Sgd extends tf.Optimizer {
  static className = 'GankitSgd';
  private buffers: Slot[] = [];

  constructor(
    public learningRate: number,
    readonly momentum = 0,
  ) {
    super();
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const named = Array.isArray(variableGradients)
      ? variableGradients
      : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    tf.tidy(() => {
      named.forEach(({ name, tensor: g }, i) => {
        const param = tf.engine().registeredVariables[name];
        let step = g;
        if (this.momentum > 0) {
          this.buffers[i] ??= {
            originalName: `${name}/momentum`,
            variable: tf.variable(tf.zerosLike(param), false),
          };
          step = tf.add(tf.mul(this.buffers[i].variable, this.momentum), g);
          this.buffers[i].variable.assign(step);
        }
        param.assign(tf.sub(param, tf.mul(step, this.learningRate)));
      });
    });
    this.incrementIterations();
  }

  override async getWeights(): Promise<NamedTensor[]> {
    const slots = this.buffers.map((s) => ({ name: s.originalName, tensor: s.variable as tf.Tensor }));
    return [await this.saveIterations(), ...slots];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const slots = await this.extractIterations(weightValues);
    tf.dispose(this.buffers.map((s) => s.variable));
    this.buffers = slots.map((w) => ({ originalName: w.name, variable: tf.variable(w.tensor, false) }));
  }

  override dispose(): void {
    tf.dispose(this.buffers.map((s) => s.variable));
    this.buffers = [];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, momentum: this.momentum };
  }
}
