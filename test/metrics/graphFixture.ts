/**
 * A tiny TensorFlow.js GraphModel written the way `tensorflowjs_converter` writes one (model.json with
 * `format: "graph-model"`, a GraphDef in JSON, Const nodes filled from the weights manifest), so the
 * GraphModel extractor can be tested without Python TensorFlow or downloads:
 *
 *     x [-1, 8, 8, 3] → Conv2D 3×3×4 SAME + BiasAdd → Relu → Mean over h, w (`pool`, the features)
 *       → MatMul 4×5 + BiasAdd (`logits`) → Softmax (unless `logitsOut`) → Identity (the output)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Rng } from '../../src/util/rng.js';

/** The fixture's weights, for computing the same network with tfjs ops. */
export interface GraphFixtureWeights {
  kernel: Float32Array; // [3, 3, 3, 4]
  bias: Float32Array; // [4]
  dense: Float32Array; // [4, 5]
  denseBias: Float32Array; // [5]
}

/** Node names a test can read features from. */
export const FIXTURE_FEATURE_NODE = 'pool';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const T = { type: 'DT_FLOAT' };
const dims = (shape: number[]) => ({ dim: shape.map((d) => ({ size: String(d) })) });
const constNode = (name: string, shape: number[], dtype = 'DT_FLOAT') => ({
  name,
  op: 'Const',
  attr: { value: { tensor: { dtype, tensorShape: dims(shape) } }, dtype: { type: dtype } },
});

/**
 * Writes `model.json` + `weights.bin` at `modelJson` and returns the weights. `openSize` declares the
 * input [-1, -1, -1, 3] as TF-Hub image models do; `logitsOut` ends the graph at the logits.
 */
export function writeGraphFixture(
  modelJson: string,
  seed: number,
  opts: { openSize?: boolean; logitsOut?: boolean } = {},
): GraphFixtureWeights {
  const rng = new Rng(seed);
  const w = (n: number) => Float32Array.from(rng.uniform(n), (v) => v - 0.5);
  const weights = { kernel: w(108), bias: w(4), dense: w(20), denseBias: w(5) };
  const side = opts.openSize ? -1 : 8;
  const nodes = [
    constNode('conv/kernel', [3, 3, 3, 4]),
    constNode('conv/bias', [4]),
    constNode('pool/axes', [2], 'DT_INT32'),
    constNode('dense/kernel', [4, 5]),
    constNode('dense/bias', [5]),
    { name: 'x', op: 'Placeholder', attr: { dtype: T, shape: { shape: dims([-1, side, side, 3]) } } },
    {
      name: 'conv/Conv2D',
      op: 'Conv2D',
      input: ['x', 'conv/kernel'],
      attr: {
        T,
        strides: { list: { i: ['1', '1', '1', '1'] } },
        dilations: { list: { i: ['1', '1', '1', '1'] } },
        padding: { s: b64('SAME') },
        data_format: { s: b64('NHWC') },
        use_cudnn_on_gpu: { b: true },
      },
    },
    {
      name: 'conv/BiasAdd',
      op: 'BiasAdd',
      input: ['conv/Conv2D', 'conv/bias'],
      attr: { T, data_format: { s: b64('NHWC') } },
    },
    { name: 'conv/Relu', op: 'Relu', input: ['conv/BiasAdd'], attr: { T } },
    {
      name: FIXTURE_FEATURE_NODE,
      op: 'Mean',
      input: ['conv/Relu', 'pool/axes'],
      attr: { T, Tidx: { type: 'DT_INT32' }, keep_dims: { b: false } },
    },
    {
      name: 'dense/MatMul',
      op: 'MatMul',
      input: [FIXTURE_FEATURE_NODE, 'dense/kernel'],
      attr: { T, transpose_a: { b: false }, transpose_b: { b: false } },
    },
    {
      name: 'logits',
      op: 'BiasAdd',
      input: ['dense/MatMul', 'dense/bias'],
      attr: { T, data_format: { s: b64('NHWC') } },
    },
    ...(opts.logitsOut ? [] : [{ name: 'probs', op: 'Softmax', input: ['logits'], attr: { T } }]),
    { name: 'Identity', op: 'Identity', input: [opts.logitsOut ? 'logits' : 'probs'], attr: { T } },
  ];
  const specs = [
    { name: 'conv/kernel', shape: [3, 3, 3, 4], dtype: 'float32' },
    { name: 'conv/bias', shape: [4], dtype: 'float32' },
    { name: 'pool/axes', shape: [2], dtype: 'int32' },
    { name: 'dense/kernel', shape: [4, 5], dtype: 'float32' },
    { name: 'dense/bias', shape: [5], dtype: 'float32' },
  ];
  const bytes = (a: Float32Array | Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const data = Buffer.concat([
    bytes(weights.kernel),
    bytes(weights.bias),
    bytes(Int32Array.from([1, 2])),
    bytes(weights.dense),
    bytes(weights.denseBias),
  ]);
  mkdirSync(dirname(modelJson), { recursive: true });
  writeFileSync(join(dirname(modelJson), 'weights.bin'), data);
  const json = {
    format: 'graph-model',
    generatedBy: 'gankit test fixture',
    convertedBy: 'hand-written, in the layout of TensorFlow.js Converter v4',
    modelTopology: { node: nodes, library: {}, versions: { producer: 1 } },
    weightsManifest: [{ paths: ['weights.bin'], weights: specs }],
  };
  writeFileSync(modelJson, JSON.stringify(json, null, 1));
  return weights;
}
