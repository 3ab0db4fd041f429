/** tfjs optimizers from config, with the Keras/PyTorch defaults the seeds rely on. */
import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerConfig } from '../config/types.js';
import { Adam } from './adam.js';
import { Sgd } from './sgd.js';

/**
 * Builds the optimizer `cfg` describes. Adam is gankit's own (PyTorch's rule, exact resume; β 0.9/0.999,
 * ε 1e-8 as in PyTorch), and so is SGD with momentum (PyTorch's rule; tfjs's ignores a scheduled learning
 * rate); RMSprop is tfjs's (ρ 0.9, ε 1e-7 as in Keras, which seed 002 uses).
 */
export function makeOptimizer(cfg: OptimizerConfig): tf.Optimizer {
  switch (cfg.type) {
    case 'adam':
      return new Adam(cfg.lr, cfg.beta1 ?? 0.9, cfg.beta2 ?? 0.999, cfg.epsilon ?? 1e-8);
    case 'rmsprop':
      return tf.train.rmsprop(cfg.lr, cfg.rho ?? 0.9, cfg.momentum ?? 0, cfg.epsilon ?? 1e-7);
    case 'sgd':
      return new Sgd(cfg.lr, cfg.momentum ?? 0);
  }
}
