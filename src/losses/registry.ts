/** Adversarial losses by config name. Adding a loss: one file and one line here. */
import { UsageError } from '../util/errors.js';
import { minimaxLoss, nonSaturatingLoss } from './bce.js';
import type { AdversarialLoss, LossFactory } from './types.js';

export const losses: Record<string, LossFactory> = {
  'non-saturating': () => nonSaturatingLoss(),
  minimax: () => minimaxLoss(),
};

/** Builds the loss named `name`; an unknown name is a usage error listing the valid ones. */
export function makeLoss(name: string, options: Record<string, unknown> = {}): AdversarialLoss {
  const factory = losses[name];
  if (!factory)
    throw new UsageError(`unknown loss '${name}'; valid losses: ${Object.keys(losses).join(', ')}`);
  return factory(options);
}
