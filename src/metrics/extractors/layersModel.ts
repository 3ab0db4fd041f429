/**
 * A {@link FeatureExtractor} from a user's TensorFlow.js LayersModel (`model.json` + weights): features
 * are the output of a named layer (e.g. Inception's `avg_pool`, or the penultimate dense layer of a
 * classifier), flattened to one row per image; probabilities are the model's output (softmax applied
 * unless its last layer is a softmax). {@link loadModelExtractor} loads one from disk.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type LayersModel, model as functionalModel } from '@tensorflow/tfjs-layers';
import { InputError } from '../../util/errors.js';
import { batchedRows, defaultBatchSize } from './batched.js';
import type { FeatureExtractor, ModelExtractorOptions } from './types.js';

/** Options of {@link layersModelExtractor}. */
export interface LayersExtractorOptions extends ModelExtractorOptions {
  /** Name of the layer whose output is the feature vector. */
  featureLayer: string;
}

/** Wraps an in-memory LayersModel. */
export function layersModelExtractor(
  model: LayersModel,
  name: string,
  options: LayersExtractorOptions,
): FeatureExtractor {
  const layer = model.layers.find((l) => l.name === options.featureLayer);
  if (!layer) {
    throw new InputError(
      name,
      `the model has no layer '${options.featureLayer}'`,
      `Its layers: ${model.layers.map((l) => l.name).join(', ')}`,
    );
  }
  const [, h, w, c] = model.inputs[0].shape;
  if (h === null || w === null || c === null || model.inputs[0].shape.length !== 4) {
    throw new InputError(
      name,
      `expected an image model with input [batch, h, w, c], got [${model.inputs[0].shape}]`,
    );
  }
  // One head when the feature layer is the output layer: tfjs' predict mishandles a repeated output.
  const heads =
    layer.output === model.outputs[0] ? [model.outputs[0]] : [layer.output as never, model.outputs[0]];
  const both = functionalModel({ inputs: model.inputs, outputs: heads });
  const last = model.outputs[0].sourceLayer;
  const endsInSoftmax = last.getClassName() === 'Softmax' || last.getConfig().activation === 'softmax';
  const outputIsLogits = options.outputIsLogits ?? !endsInSoftmax;
  const batchSize = options.batchSize ?? defaultBatchSize([h, w, c]);
  const output = (batch: tf.Tensor4D, pick: 0 | 1) => {
    const outs = [both.predict(batch)].flat();
    return outs[Math.min(pick, outs.length - 1)];
  };

  return {
    name,
    inputShape: [h, w, c],
    inputRange: options.inputRange ?? [-1, 1],
    features: (images) => batchedRows(images, batchSize, (b) => output(b, 0)),
    probabilities: (images) =>
      batchedRows(images, batchSize, (b) => {
        const y = tf.reshape(output(b, 1), [b.shape[0], -1]);
        return outputIsLogits ? tf.softmax(y) : y;
      }),
  };
}
