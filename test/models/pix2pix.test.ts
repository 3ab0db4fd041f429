/**
 * pix2pix networks (src/models/pix2pix/): Mimicry-style shape tests at 28×28 and 64×64 (and 32×32 for the
 * U-Net) with 1 and 3 channels, the depth and patch rules, parameter counts and — with weights copied
 * from the PyTorch twin (bench/pytorch_translation.py, the official modules) — identical outputs,
 * determinism of the seeded initialisation, and dropout that acts only with `training: true`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../../src/backend/index.js';
import { forward } from '../../src/models/forward.js';
import {
  buildPatchDiscriminator,
  defaultPatchLayers,
  patchReceptiveField,
} from '../../src/models/pix2pix/patchgan.js';
import { buildUnetGenerator, unetDepth } from '../../src/models/pix2pix/unet.js';
import { Rng } from '../../src/util/rng.js';
import { assertClose } from '../helpers/python-reference.js';
import { loadTwinWeights, type TwinCase, torchTwin, trainableParams } from '../helpers/translation-twin.js';

await initBackend('cpu');

const rng = new Rng(11);
const image = (shape: number[]) => Array.from(rng.normal(shape.reduce((a, b) => a * b, 1)));
const weightsOf = (m: tfl.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

test('depth and patch rules', () => {
  assert.deepEqual(
    [28, 32, 64, 128, 256].map((s) => unetDepth(s, s)),
    [2, 5, 6, 7, 8],
  );
  assert.equal(unetDepth(64, 28), 2);
  assert.deepEqual([1, 2, 3, 4].map(patchReceptiveField), [16, 34, 70, 142]);
  assert.deepEqual([28, 64, 128, 256].map(defaultPatchLayers), [1, 1, 2, 3]);
});

test('U-Net: output H×W×outChannels in (−1, 1) at 28, 32 and 64 px, 1 and 3 channels', () => {
  for (const [h, cIn, cOut] of [
    [28, 1, 1],
    [28, 3, 1],
    [32, 3, 3],
    [64, 1, 3],
    [64, 3, 3],
  ]) {
    const model = buildUnetGenerator({ imageShape: [h, h, cIn], outChannels: cOut, filters: 4 });
    assert.deepEqual(model.outputShape, [null, h, h, cOut]);
    const y = tf.tidy(() => model.predict(tf.tensor(image([2, h, h, cIn]), [2, h, h, cIn])) as tf.Tensor);
    assert.deepEqual(y.shape, [2, h, h, cOut]);
    assert.ok(y.dataSync().every((v) => v > -1 && v < 1));
    y.dispose();
  }
  assert.throws(() => buildUnetGenerator({ imageShape: [28, 28, 1], downs: 3 }), /divisible by 8/);
});

test('PatchGAN: logit maps at 28 and 64 px (2 and 6 channels: pix2pix input ‖ output)', () => {
  for (const [h, c, layers, side] of [
    [28, 2, undefined, 12],
    [64, 6, undefined, 30],
    [28, 2, 3, 1],
    [64, 6, 3, 6],
  ] as const) {
    const model = buildPatchDiscriminator({ imageShape: [h, h, c], filters: 4, layers });
    assert.deepEqual(model.outputShape, [null, side, side, 1]);
    const y = tf.tidy(() => model.predict(tf.tensor(image([2, h, h, c]), [2, h, h, c])) as tf.Tensor);
    assert.deepEqual(y.shape, [2, side, side, 1]);
    y.dispose();
  }
  assert.throws(() => buildPatchDiscriminator({ imageShape: [28, 28, 2], layers: 4 }), /no output/);
});

const SHAPE_CASES: TwinCase[] = [
  { kind: 'unet', h: 28, w: 28, cIn: 1, cOut: 1 },
  // 32 filters at 64 px: the default 64 (29 M parameters) takes seconds to initialise on both sides.
  { kind: 'unet', h: 64, w: 64, cIn: 3, cOut: 3, options: { filters: 32 } },
  { kind: 'unet', h: 64, w: 64, cIn: 1, cOut: 3, options: { norm: 'instance', filters: 16 } },
  { kind: 'patch', h: 28, w: 28, cIn: 2, cOut: 1 },
  { kind: 'patch', h: 64, w: 64, cIn: 6, cOut: 1 },
  { kind: 'patch', h: 64, w: 64, cIn: 6, cOut: 1, options: { norm: 'instance', layers: 3 } },
];
const FORWARD_CASES: TwinCase[] = (
  [
    { kind: 'unet', h: 32, w: 32, cIn: 3, cOut: 2, options: { filters: 4 } },
    { kind: 'unet', h: 28, w: 28, cIn: 1, cOut: 1, options: { filters: 4, norm: 'instance' } },
    { kind: 'patch', h: 28, w: 28, cIn: 2, cOut: 1, options: { filters: 4, layers: 2 } },
    { kind: 'patch', h: 64, w: 64, cIn: 6, cOut: 1, options: { filters: 4, norm: 'instance' } },
  ] as TwinCase[]
).map((c) => ({ ...c, x: image([2, c.h, c.w, c.cIn]) }));

/** gankit's network for a twin case. */
function build(c: TwinCase): tfl.LayersModel {
  const o = c.options ?? {};
  const common = {
    imageShape: [c.h, c.w, c.cIn] as [number, number, number],
    filters: o.filters as number | undefined,
    norm: o.norm as 'batch' | 'instance' | undefined,
  };
  return c.kind === 'unet'
    ? buildUnetGenerator({ ...common, outChannels: c.cOut })
    : buildPatchDiscriminator({ ...common, layers: o.layers as number | undefined });
}

test('parameter counts, shapes and outputs equal the PyTorch twin', (t) => {
  const ref = torchTwin([...SHAPE_CASES, ...FORWARD_CASES]);
  if (!ref.ok) {
    console.log(`skipped: ${ref.reason}`);
    t.skip(ref.reason);
    return;
  }
  [...SHAPE_CASES, ...FORWARD_CASES].forEach((c, i) => {
    const what = `${c.kind} ${c.h}px ${JSON.stringify(c.options ?? {})}`;
    const model = build(c);
    const r = ref.value[i];
    assert.equal(trainableParams(model), r.params, `${what}: parameters`);
    assert.deepEqual(model.outputShape.slice(1), r.shape.slice(1), `${what}: output shape`);
    if (!c.x || !r.weights || !r.y) return;
    loadTwinWeights(model, r.weights);
    const y = tf.tidy(() => (model.predict(tf.tensor(c.x!, [2, c.h, c.w, c.cIn])) as tf.Tensor).dataSync());
    assertClose(y, r.y, `${what}: output`, 1e-4, 1e-3);
  });
});

test('same seed, same weights; another seed, other weights', () => {
  for (const build of [
    (seed: number) => buildUnetGenerator({ imageShape: [28, 28, 1], filters: 4, seed }),
    (seed: number) => buildPatchDiscriminator({ imageShape: [28, 28, 2], filters: 4, seed }),
  ]) {
    const a = weightsOf(build(1));
    assert.deepEqual(weightsOf(build(1)), a);
    assert.notDeepEqual(weightsOf(build(2)), a);
  }
});

test('U-Net dropout (64 px: one 8·filters block) acts only with training: true', () => {
  const x = tf.tensor(image([1, 64, 64, 3]), [1, 64, 64, 3]);
  const run = (model: tfl.LayersModel, training: boolean) =>
    tf.tidy(() => (forward(model, x, { training }) as tf.Tensor).dataSync());
  const model = buildUnetGenerator({ imageShape: [64, 64, 3], filters: 4, norm: 'instance', seed: 3 });
  const inference = run(model, false);
  assert.deepEqual(run(model, false), inference);
  const first = run(model, true);
  assert.notDeepEqual(first, inference);
  assert.notDeepEqual(run(model, true), first, 'a new mask per training call');
  const noDropout = buildUnetGenerator({
    imageShape: [64, 64, 3],
    filters: 4,
    norm: 'instance',
    seed: 3,
    dropout: 0,
  });
  assert.deepEqual(run(noDropout, true), run(noDropout, false));
  assert.ok(!noDropout.layers.some((l) => l.getClassName() === 'GankitSeededDropout'));
  x.dispose();
});
