/** Adversarial losses by config name. Adding a loss: one file and one line here. */
import { UsageError } from '../util/errors.js';
import { minimaxLoss, nonSaturatingLoss } from './bce.js';
import { hingeLoss } from './hinge.js';
import { leastSquaresLoss } from './least-squares.js';
import { checkOptionKeys } from './options.js';
import {
  relativisticAverageHingeLoss,
  relativisticAverageLeastSquaresLoss,
  relativisticAverageLoss,
  relativisticLoss,
} from './relativistic.js';
import type { AdversarialLoss, LossFactory } from './types.js';
import { wassersteinLoss } from './wasserstein.js';

const BCE_KEYS = ['realLabel', 'fakeLabel', 'labelFlip'] as const;

/** A factory that validates its option keys before building the loss. */
function entry(name: string, keys: readonly string[], make: LossFactory): LossFactory {
  return (options) => {
    checkOptionKeys(name, options, keys);
    return make(options);
  };
}

export const losses: Record<string, LossFactory> = {
  'non-saturating': entry('non-saturating', BCE_KEYS, (o) => nonSaturatingLoss(o)),
  // StyleGAN / StarGAN v2 call the same loss by its softplus form (seed 000).
  softplus: entry('softplus', BCE_KEYS, (o) => nonSaturatingLoss(o)),
  minimax: entry('minimax', BCE_KEYS, (o) => minimaxLoss(o)),
  'least-squares': entry('least-squares', ['a', 'b', 'c'], (o) => leastSquaresLoss(o)),
  wasserstein: entry('wasserstein', [], () => wassersteinLoss()),
  hinge: entry('hinge', [], () => hingeLoss()),
  relativistic: entry('relativistic', [], () => relativisticLoss()),
  'relativistic-average': entry('relativistic-average', [], () => relativisticAverageLoss()),
  'relativistic-average-ls': entry('relativistic-average-ls', [], () =>
    relativisticAverageLeastSquaresLoss(),
  ),
  'relativistic-average-hinge': entry('relativistic-average-hinge', [], () => relativisticAverageHingeLoss()),
};

/** Builds the loss named `name`; an unknown name or option is a usage error listing the valid ones. */
export function makeLoss(name: string, options: Record<string, unknown> = {}): AdversarialLoss {
  const factory = losses[name];
  if (!factory)
    throw new UsageError(`unknown loss '${name}'; valid losses: ${Object.keys(losses).join(', ')}`);
  return factory(options);
}
