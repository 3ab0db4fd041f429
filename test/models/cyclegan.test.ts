/**
 * CycleGAN's ResNet generator (src/models/cyclegan/): Mimicry-style shape tests at 28, 32 and 64 px with 1
 * and 3 channels, the blocks rule, parameter counts and — with weights copied from the PyTorch twin
 * (bench/pytorch_translation.py, the official modules) — identical outputs, a gradient that reaches the
 * input through the reflection pads, determinism of the seeded initialisation, and optional dropout that
 * acts only with `training: true`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../../src/backend/index.js';
import { buildResnetGenerator, defaultResnetBlocks } from '../../src/models/cyclegan/resnet-generator.js';
import { forward } from '../../src/models/forward.js';
import { Rng } from '../../src/util/rng.js';
import { assertClose } from '../helpers/python-reference.js';
import { loadTwinWeights, type TwinCase, torchTwin, trainableParams } from '../helpers/translation-twin.js';

await initBackend('cpu');

const rng = new Rng(13);
const image = (shape: number[]) => Array.from(rng.normal(shape.reduce((a, b) => a * b, 1)));
const weightsOf = (m: tfl.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

test('blocks rule: 3 below 64 px, 6 from 64, 9 from 256', () => {
  assert.deepEqual([28, 32, 64, 128, 256, 512].map(defaultResnetBlocks), [3, 3, 6, 6, 9, 9]);
});

test('output H×W×outChannels in (−1, 1) at 28, 32 and 64 px, 1 and 3 channels', () => {
  for (const [h, cIn, cOut] of [
    [28, 1, 1],
    [28, 1, 3],
    [32, 3, 3],
    [64, 3, 1],
  ]) {
    const model = buildResnetGenerator({ imageShape: [h, h, cIn], outChannels: cOut, filters: 4 });
    assert.deepEqual(model.outputShape, [null, h, h, cOut]);
    const y = tf.tidy(() => model.predict(tf.tensor(image([2, h, h, cIn]), [2, h, h, cIn])) as tf.Tensor);
    assert.deepEqual(y.shape, [2, h, h, cOut]);
    assert.ok(y.dataSync().every((v) => v > -1 && v < 1));
    y.dispose();
  }
  assert.throws(() => buildResnetGenerator({ imageShape: [30, 30, 1] }), /multiples of 4/);
});

const SHAPE_CASES: TwinCase[] = [
  { kind: 'resnet', h: 28, w: 28, cIn: 1, cOut: 1 },
  // 32 filters at 64 px: the default (7.8 M parameters) takes seconds to initialise on both sides.
  { kind: 'resnet', h: 64, w: 64, cIn: 3, cOut: 3, options: { filters: 32 } },
  { kind: 'resnet', h: 64, w: 64, cIn: 3, cOut: 1, options: { filters: 16, norm: 'batch', blocks: 2 } },
];
const FORWARD_CASES: TwinCase[] = (
  [
    { kind: 'resnet', h: 28, w: 28, cIn: 1, cOut: 3, options: { filters: 4 } },
    { kind: 'resnet', h: 32, w: 32, cIn: 3, cOut: 3, options: { filters: 4, norm: 'batch', blocks: 2 } },
  ] as TwinCase[]
).map((c) => ({ ...c, x: image([2, c.h, c.w, c.cIn]), dy: image([2, c.h, c.w, c.cOut]) }));

/** gankit's network for a twin case. */
function build(c: TwinCase): tfl.LayersModel {
  const o = c.options ?? {};
  return buildResnetGenerator({
    imageShape: [c.h, c.w, c.cIn],
    outChannels: c.cOut,
    filters: o.filters as number | undefined,
    norm: o.norm as 'batch' | 'instance' | undefined,
    blocks: o.blocks as number | undefined,
  });
}

test('parameter counts, shapes, outputs and input gradients equal the PyTorch twin', (t) => {
  const ref = torchTwin([...SHAPE_CASES, ...FORWARD_CASES]);
  if (!ref.ok) {
    console.log(`skipped: ${ref.reason}`);
    t.skip(ref.reason);
    return;
  }
  [...SHAPE_CASES, ...FORWARD_CASES].forEach((c, i) => {
    const what = `resnet ${c.h}px ${JSON.stringify(c.options ?? {})}`;
    const model = build(c);
    const r = ref.value[i];
    assert.equal(trainableParams(model), r.params, `${what}: parameters`);
    assert.deepEqual(model.outputShape.slice(1), r.shape.slice(1), `${what}: output shape`);
    if (!c.x || !r.weights || !r.y) return;
    loadTwinWeights(model, r.weights);
    const x = tf.tensor(c.x!, [2, c.h, c.w, c.cIn]);
    const y = tf.tidy(() => (forward(model, x) as tf.Tensor).dataSync());
    assertClose(y, r.y, `${what}: output`, 1e-4, 1e-3);
    // Through both reflection pads of every block and the 7×7 head and tail: the gradient torch computes.
    const dy = tf.tensor(c.dy!, [2, c.h, c.w, c.cOut]);
    const dx = tf.tidy(() =>
      tf
        .grad((v: tf.Tensor) => tf.sum(tf.mul(forward(model, v) as tf.Tensor, dy)))(x)
        .dataSync(),
    );
    assertClose(dx, r.dx!, `${what}: input gradient`, 1e-4, 1e-3);
    tf.dispose([x, dy]);
  });
});

test('gradients reach the input and every kernel', () => {
  const model = buildResnetGenerator({ imageShape: [28, 28, 1], filters: 4, blocks: 1, seed: 5 });
  const x = tf.tensor(image([1, 28, 28, 1]), [1, 28, 28, 1]);
  const { grads } = tf.variableGrads(() =>
    tf.sum(tf.square(forward(model, x, { training: true }) as tf.Tensor)),
  );
  assert.equal(Object.keys(grads).length, model.trainableWeights.length);
  for (const [name, g] of Object.entries(grads)) {
    assert.ok(
      g.dataSync().some((v) => v !== 0),
      `${name} has a gradient`,
    );
  }
  const dx = tf.grad((v: tf.Tensor) => tf.sum(forward(model, v) as tf.Tensor))(x);
  assert.ok(dx.dataSync().every(Number.isFinite));
  tf.dispose([x, dx, ...Object.values(grads)]);
});

test('same seed, same weights; another seed, other weights', () => {
  const build = (seed: number) => buildResnetGenerator({ imageShape: [28, 28, 1], filters: 4, seed });
  const a = weightsOf(build(1));
  assert.deepEqual(weightsOf(build(1)), a);
  assert.notDeepEqual(weightsOf(build(2)), a);
});

test('optional block dropout acts only with training: true', () => {
  const x = tf.tensor(image([1, 28, 28, 1]), [1, 28, 28, 1]);
  const run = (model: tfl.LayersModel, training: boolean) =>
    tf.tidy(() => (forward(model, x, { training }) as tf.Tensor).dataSync());
  const model = buildResnetGenerator({ imageShape: [28, 28, 1], filters: 4, dropout: 0.5, seed: 3 });
  const inference = run(model, false);
  assert.deepEqual(run(model, false), inference);
  assert.notDeepEqual(run(model, true), inference);
  const plain = buildResnetGenerator({ imageShape: [28, 28, 1], filters: 4, seed: 3 });
  assert.deepEqual(run(plain, true), run(plain, false));
  x.dispose();
});
