/**
 * Network and optimizer weights to and from checkpoint tensors. Checks counts and shapes so a
 * checkpoint written by another architecture is a clear error, not a silent mis-assignment.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { GankitError } from '../util/errors.js';
import { restoreTensors, type StoredTensor, storeTensors } from './stored-tensors.js';

/** The tf.Variables behind a model's trainable weights, in a stable order. */
export function trainableVariables(model: tfl.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/** All weights of a model (trainable and e.g. batch-norm moving statistics), by position. */
export function modelWeights(model: tfl.LayersModel): StoredTensor[] {
  return storeTensors(model.weights.map((w) => ({ name: w.originalName, tensor: w.read() })));
}

/** Sets a model's weights from stored tensors, checking count and shapes. */
export function setModelWeights(model: tfl.LayersModel, stored: StoredTensor[] | undefined): void {
  if (!stored || stored.length !== model.weights.length) {
    throw new GankitError(
      `checkpoint has ${stored?.length ?? 0} weights for '${model.name}', the model has ${model.weights.length}; was it written by another config?`,
    );
  }
  model.weights.forEach((w, i) => {
    if (w.shape.join('x') !== stored[i].shape.join('x'))
      throw new GankitError(
        `checkpoint weight ${i} of '${model.name}' ('${stored[i].name}') has shape [${stored[i].shape}], the model's '${w.originalName}' has [${w.shape}]; was it written by another config?`,
      );
    // Layer prefixes carry tfjs's global name counters; the weight's own name (kernel, bias, gamma…) does not.
    if (weightKind(stored[i].name) !== weightKind(w.originalName))
      throw new GankitError(
        `checkpoint weight ${i} of '${model.name}' is named '${stored[i].name}', where the model has a '${weightKind(w.originalName)}' ('${w.originalName}'); was it written by another config?`,
      );
  });
  const tensors = restoreTensors(stored);
  model.setWeights(tensors);
  tf.dispose(tensors);
}

/** An optimizer's slots and iteration count (getWeights() makes a fresh iteration tensor: freed here). */
export async function optimizerWeights(opt: tf.Optimizer): Promise<StoredTensor[]> {
  const named = await opt.getWeights();
  const stored = storeTensors(named);
  for (const { tensor } of named) if (!(tensor instanceof tf.Variable)) tensor.dispose();
  return stored;
}

/** The last part of a weight's name: what it is within its layer. */
function weightKind(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

/**
 * Restores an optimizer's slots; `what` names the optimizer in the error. After the iteration count,
 * an optimizer keeps one or more slots per variable it updates, each list in the variables' order
 * (Adam's m then v, RMSprop's mean squares then moments), so slot i must have the shape of
 * `vars[i mod vars.length]`; anything else came from another model and is refused.
 */
export async function setOptimizerWeights(
  opt: tf.Optimizer,
  stored: StoredTensor[] | undefined,
  what: string,
  vars: readonly tf.Variable[],
): Promise<void> {
  if (!stored)
    throw new GankitError(
      `checkpoint has no state for optimizer '${what}'; was it written by another config?`,
    );
  const slots = stored.slice(1);
  const misfit = slots.findIndex((s, i) => s.shape.join('x') !== vars[i % vars.length]?.shape.join('x'));
  if (stored.length === 0 || slots.length % Math.max(1, vars.length) !== 0 || misfit >= 0)
    throw new GankitError(
      `checkpoint state of optimizer '${what}' does not fit its ${vars.length} variables (${
        misfit >= 0
          ? `slot '${slots[misfit].name}' has shape [${slots[misfit].shape}]`
          : `${slots.length} slots`
      }); was it written by another config?`,
    );
  const tensors = restoreTensors(stored);
  await opt.setWeights(stored.map((s, i) => ({ name: s.name, tensor: tensors[i] })));
  tf.dispose(tensors);
}
