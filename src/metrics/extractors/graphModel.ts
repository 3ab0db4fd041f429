/**
 * A {@link FeatureExtractor} from a TensorFlow.js GraphModel: what `tensorflowjs_converter` writes for
 * a TF SavedModel, a frozen graph or a TF-Hub module (an Inception-v3 among them). A GraphModel has no
 * layers, only GraphDef nodes, so features are the output of a named node (e.g. the 2,048-wide average
 * pool before Inception's logits), flattened to one row per image; probabilities are the graph's output,
 * softmax applied unless the output already is a softmax. {@link loadModelExtractor} loads one from disk.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel, INodeDef } from '@tensorflow/tfjs-converter';
import { GankitError, InputError } from '../../util/errors.js';
import { batchedRows, defaultBatchSize } from './batched.js';
import type { FeatureExtractor, ModelExtractorOptions } from './types.js';

/** Options of {@link graphModelExtractor}. */
export interface GraphExtractorOptions extends ModelExtractorOptions {
  /** Name of the node whose output is the feature vector (`name` or `name:k` for its k-th output). */
  featureNode: string;
  /**
   * Image [height, width] for graphs whose input leaves the size open (TF-Hub image models accept any
   * size; Inception-v3 wants 299 × 299); a size the graph fixes wins.
   */
  inputSize?: readonly [number, number];
}

/** Ops that carry a tensor through unchanged in value, so a Softmax behind them is still the output. */
const PASS_THROUGH = new Set(['Identity', 'Reshape', 'Squeeze']);
/** Nodes that cannot be a feature vector: weights and inputs. */
const NOT_FEATURES = new Set(['Const', 'Placeholder', 'PlaceholderWithDefault']);

/**
 * Wraps an in-memory GraphModel. `nodes` is its GraphDef node list (`modelTopology.node` of its
 * model.json), which the GraphModel itself does not expose: it names the valid feature nodes in errors
 * and shows whether the output is a softmax.
 */
export function graphModelExtractor(
  model: GraphModel,
  nodes: readonly INodeDef[],
  name: string,
  options: GraphExtractorOptions,
): FeatureExtractor {
  const byName = new Map(nodes.map((n) => [n.name ?? '', n]));
  const featureNode = checkFeatureNode(byName, name, options.featureNode);
  const inputShape = imageInputShape(model, name, options.inputSize);
  // Signature keys, not node names: what execute() expects for the model's own outputs.
  const outputNode = model.outputNodes[0];
  // A Softmax behind Identity/Reshape/Squeeze nodes still is one.
  const outputIsLogits = options.outputIsLogits ?? !endsInSoftmax(byName, model.outputs[0].name);
  const batchSize = options.batchSize ?? defaultBatchSize(inputShape);

  const run = (batch: tf.Tensor4D, node: string): tf.Tensor => {
    try {
      return model.execute(batch, node) as tf.Tensor;
    } catch (err) {
      if (err instanceof GankitError) throw err;
      // tfjs-converter's messages name the op it cannot run (unsupported or dynamic control flow).
      throw new InputError(name, `running the graph up to '${node}' failed: ${(err as Error).message}`);
    }
  };

  return {
    name,
    inputShape,
    inputRange: options.inputRange ?? [-1, 1],
    features: (images) => batchedRows(images, batchSize, (b) => run(b, featureNode)),
    probabilities: (images) =>
      batchedRows(images, batchSize, (b) => {
        const y = tf.reshape(run(b, outputNode), [b.shape[0], -1]);
        return outputIsLogits ? tf.softmax(y) : y;
      }),
  };
}

/** The feature node as given, once it is known to exist; otherwise an error naming likely candidates. */
function checkFeatureNode(byName: Map<string, INodeDef>, file: string, requested: string): string {
  const base = requested.replace(/:\d+$/, '');
  const node = byName.get(base);
  if (node && !NOT_FEATURES.has(node.op ?? '')) return requested;
  const candidates = [...byName.values()].filter((n) => !NOT_FEATURES.has(n.op ?? ''));
  // Similar: shares a word (e.g. 'pool' of 'pool_3' in '…/AvgPool'), since converters rename scopes.
  const words = base.toLowerCase().match(/[a-z]{3,}/g) ?? [];
  const similar = candidates.filter((n) => words.some((word) => n.name!.toLowerCase().includes(word)));
  // Feature layers sit near the output, and GraphDefs list nodes in execution order: show the last ones.
  const shown = (similar.length > 0 ? similar : candidates).slice(-12);
  const list = shown.map((n) => `${n.name} (${n.op})`).join(', ');
  throw new InputError(
    file,
    node ? `node '${base}' is a ${node.op}, not a computed feature` : `the graph has no node '${base}'`,
    `${similar.length > 0 ? 'Nodes with a similar name' : 'Nodes nearest the output'}: ${list}. ` +
      `The graph computes ${candidates.length} nodes; list them all with ` +
      `jq -r '.modelTopology.node[] | select(.op != "Const") | .name + "  " + .op' ${file}`,
  );
}

/** [h, w, c] of the graph's single float image input, `inputSize` filling in an open size. */
function imageInputShape(
  model: GraphModel,
  file: string,
  inputSize: readonly [number, number] | undefined,
): [number, number, number] {
  if (model.inputs.length !== 1) {
    throw new InputError(
      file,
      `expected a graph with one image input, it has ${model.inputs.length}: ${model.inputNodes.join(', ')}`,
    );
  }
  const { shape, dtype, name } = model.inputs[0];
  if (!shape || shape.length !== 4 || !(shape[3] > 0) || dtype !== 'float32') {
    throw new InputError(
      file,
      `expected the input '${name}' to be float32 images [batch, h, w, c], got ${dtype} [${shape ?? 'unknown shape'}]`,
    );
  }
  const [, h, w, c] = shape;
  const open = !(h > 0 && w > 0);
  if (open && !inputSize) {
    throw new InputError(
      file,
      `the graph's input '${name}' [${shape}] leaves the image size open`,
      'Say which to use with --input-size H,W (299,299 for Inception-v3)',
    );
  }
  return open ? [inputSize![0], inputSize![1], c] : [h, w, c];
}

/** Whether the node `name` is a Softmax, directly or through value-preserving ops. */
function endsInSoftmax(byName: Map<string, INodeDef>, name: string): boolean {
  let node = byName.get(name.replace(/:\d+$/, ''));
  while (node && PASS_THROUGH.has(node.op ?? ''))
    node = byName.get((node.input?.[0] ?? '').replace(/:\d+$/, ''));
  return node?.op === 'Softmax';
}
