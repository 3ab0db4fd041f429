/**
 * Loads a user's TensorFlow.js model from disk as a {@link FeatureExtractor}, whichever of the two tfjs
 * formats it is: a LayersModel (Keras models converted or saved by tfjs) or a GraphModel (TF SavedModels,
 * frozen graphs and TF-Hub modules converted by `tensorflowjs_converter`). The format is read from the
 * model.json here, in one place, so callers only say which layer or node holds the features.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type INodeDef, loadGraphModel } from '@tensorflow/tfjs-converter';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import { fileSystemHandler } from '../../io/tfjsFiles.js';
import { GankitError, InputError } from '../../util/errors.js';
import { graphModelExtractor } from './graphModel.js';
import { layersModelExtractor } from './layersModel.js';
import type { FeatureExtractor, ModelExtractorOptions } from './types.js';

/** Options of {@link loadModelExtractor}. */
export interface LoadExtractorOptions extends ModelExtractorOptions {
  /** The layer (LayersModel) or node (GraphModel) whose output is the feature vector. */
  layer: string;
  /** Image [height, width] for a GraphModel whose input leaves the size open; else must match the model's. */
  inputSize?: readonly [number, number];
}

/** The two model.json formats tfjs loads. */
export type ModelFormat = 'layers-model' | 'graph-model';

/**
 * The format of a model.json's artifacts: its `format` field, or for files written without one, the
 * shape of `modelTopology` (a GraphDef has a `node` list, a Keras model a `class_name`/`model_config`).
 */
export function modelFormat(file: string, artifacts: tf.io.ModelArtifacts): ModelFormat {
  const topology = artifacts.modelTopology as Record<string, unknown>;
  if (artifacts.format === 'graph-model' || Array.isArray(topology.node)) return 'graph-model';
  if (artifacts.format === 'layers-model' || 'class_name' in topology || 'model_config' in topology) {
    return 'layers-model';
  }
  throw new InputError(
    file,
    `neither a tfjs LayersModel nor a GraphModel: format ${JSON.stringify(artifacts.format ?? null)}, ` +
      `modelTopology with keys [${Object.keys(topology).join(', ')}]`,
    'Convert the model with tensorflowjs_converter (--output_format tfjs_graph_model or tfjs_layers_model)',
  );
}

/** Loads `modelJson` (weights beside it) and reads features from `options.layer`. */
export async function loadModelExtractor(
  modelJson: string,
  options: LoadExtractorOptions,
): Promise<FeatureExtractor> {
  const { layer, inputSize, ...shared } = options;
  const artifacts = await fileSystemHandler(modelJson).load!();
  const format = modelFormat(modelJson, artifacts);
  let extractor: FeatureExtractor;
  try {
    if (format === 'graph-model') {
      const model = await loadGraphModel(tf.io.fromMemory(artifacts));
      const nodes = (artifacts.modelTopology as { node: INodeDef[] }).node;
      extractor = graphModelExtractor(model, nodes, modelJson, { ...shared, featureNode: layer, inputSize });
    } else {
      const model = await loadLayersModel(tf.io.fromMemory(artifacts));
      extractor = layersModelExtractor(model, modelJson, { ...shared, featureLayer: layer });
    }
  } catch (err) {
    if (err instanceof GankitError) throw err;
    // tfjs' own messages (a weight missing from the manifest, an unknown layer class) say what is wrong.
    throw new InputError(modelJson, `cannot load this ${format}: ${(err as Error).message}`);
  }
  const [h, w] = extractor.inputShape;
  if (inputSize && (inputSize[0] !== h || inputSize[1] !== w)) {
    throw new InputError(
      modelJson,
      `the model takes ${h}×${w} images, not the ${inputSize.join('×')} asked for`,
    );
  }
  return extractor;
}
