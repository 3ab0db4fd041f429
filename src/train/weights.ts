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

/** Restores an optimizer's slots; `what` names the optimizer in the error. */
export async function setOptimizerWeights(
  opt: tf.Optimizer,
  stored: StoredTensor[] | undefined,
  what: string,
): Promise<void> {
  if (!stored)
    throw new GankitError(
      `checkpoint has no state for optimizer '${what}'; was it written by another config?`,
    );
  const tensors = restoreTensors(stored);
  await opt.setWeights(stored.map((s, i) => ({ name: s.name, tensor: tensors[i] })));
  tf.dispose(tensors);
}
