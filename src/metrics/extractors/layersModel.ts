/**
 * A {@link FeatureExtractor} from a user's TensorFlow.js LayersModel (`model.json` + weights): features
 * are the output of a named layer (e.g. Inception's `avg_pool`, or the penultimate dense layer of a
 * classifier), flattened to one row per image; probabilities are the model's output (softmax applied
 * when the model ends in logits).
 */
import * as tf from '@tensorflow/tfjs-core';
import { type LayersModel, model as functionalModel, loadLayersModel } from '@tensorflow/tfjs-layers';
import { fileSystemHandler } from '../../io/tfjsFiles.js';
import { InputError } from '../../util/errors.js';
import type { FeatureMatrix } from '../types.js';
import type { FeatureExtractor } from './types.js';

/** Options of {@link layersModelExtractor}. */
export interface LayersExtractorOptions {
  /** Name of the layer whose output is the feature vector. */
  featureLayer: string;
  /** Whether the model's final output is logits rather than probabilities (default false). */
  outputIsLogits?: boolean;
  /** Images per forward pass (default 256): bounds memory, not results. */
  batchSize?: number;
  /** Value range the model was trained on (default [-1, 1], the generators' tanh range). */
  inputRange?: readonly [number, number];
}

/** Wraps an in-memory LayersModel; see {@link loadLayersExtractor} to load one from disk. */
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
  const both = functionalModel({ inputs: model.inputs, outputs: [layer.output as never, model.outputs[0]] });
  const batchSize = options.batchSize ?? 256;

  async function run(images: tf.Tensor4D, pick: 0 | 1): Promise<FeatureMatrix> {
    const rows: Float32Array[] = [];
    let cols = 0;
    for (let start = 0; start < images.shape[0]; start += batchSize) {
      const size = Math.min(batchSize, images.shape[0] - start);
      const out = tf.tidy(() => {
        const batch = tf.slice(images, [start, 0, 0, 0], [size, -1, -1, -1]);
        const y = tf.reshape((both.predict(batch) as tf.Tensor[])[pick], [size, -1]);
        return pick === 1 && options.outputIsLogits ? tf.softmax(y) : y;
      });
      cols = out.shape[1]!;
      rows.push((await out.data()) as Float32Array);
      out.dispose();
    }
    const data = new Float32Array(images.shape[0] * cols);
    let offset = 0;
    for (const r of rows) {
      data.set(r, offset);
      offset += r.length;
    }
    return { rows: images.shape[0], cols, data };
  }

  return {
    name,
    inputShape: [h, w, c],
    inputRange: options.inputRange ?? [-1, 1],
    features: (images) => run(images, 0),
    probabilities: (images) => run(images, 1),
  };
}

/** Loads `model.json` (and its weight files) from disk and wraps it as a feature extractor. */
export async function loadLayersExtractor(
  modelJson: string,
  options: LayersExtractorOptions,
): Promise<FeatureExtractor> {
  const model = await loadLayersModel(fileSystemHandler(modelJson));
  return layersModelExtractor(model, modelJson, options);
}
