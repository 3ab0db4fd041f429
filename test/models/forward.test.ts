/**
 * `forward` (src/models/forward.ts) must be `model.apply` without the executor's bookkeeping: the same
 * values bit for bit, in training and inference mode, for every model family and its multi-input,
 * multi-output variants, and no tensors left behind. Each side gets its own copy of the networks, built from
 * one seed, so stateful layers (seeded dropout's stream, batch-norm statistics) start equal on both.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../../src/backend/index.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { forward } from '../../src/models/forward.js';
import { buildNetworks } from '../../src/models/registry.js';
import { dTakesLabels } from '../../src/models/types.js';

await initBackend('auto');

/** Values of one or several outputs. */
function values(out: tf.Tensor | tf.Tensor[]): Float32Array[] {
  return (Array.isArray(out) ? out : [out]).map((t) => t.dataSync() as Float32Array);
}

function same(
  reference: tfl.LayersModel,
  model: tfl.LayersModel,
  inputs: tf.Tensor[],
  training: boolean,
): void {
  const expected = tf.tidy(() => values(reference.apply(inputs, { training }) as tf.Tensor | tf.Tensor[]));
  const before = tf.memory().numTensors;
  const out = forward(model, inputs, { training });
  const got = values(out);
  tf.dispose(out);
  assert.equal(tf.memory().numTensors, before, 'forward leaves no tensors behind');
  assert.deepEqual(got, expected);
}

for (const preset of ['toy-ring', 'gan-fashion', 'cgan-mnist', 'acgan-mnist', 'dcgan-fashion', 'hinge-sn']) {
  test(`${preset}: forward equals model.apply bit for bit (G and D, training and inference)`, () => {
    const config = resolveConfig({ preset });
    const numClasses = config.model.conditional || config.model.auxClassifier ? 10 : undefined;
    const build = () => buildNetworks(config.model, { imageShape: config.data.shape, numClasses, seed: 3 });
    const [reference, nets] = [build(), build()];
    const n = 4;
    const onehot = numClasses ? [tf.oneHot(tf.tensor1d([1, 2, 3, 4], 'int32'), numClasses)] : [];
    const z = [tf.randomNormal([n, nets.latentDim], 0, 1, 'float32', 7), ...onehot];
    const x = [tf.randomNormal([n, ...nets.imageShape], 0, 1, 'float32', 8)];
    if (dTakesLabels(nets)) x.push(...onehot);
    for (const training of [true, false]) {
      same(reference.generator, nets.generator, z, training);
      same(reference.discriminator, nets.discriminator, x, training);
    }
    tf.dispose([...z, ...x]);
    for (const net of [reference.generator, reference.discriminator, nets.generator, nets.discriminator])
      net.dispose();
  });
}
