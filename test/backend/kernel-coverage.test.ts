/**
 * The kernel-usage recorder, and the wasm backend's coverage of GAN training steps: every kernel an
 * MLP-GAN, DCGAN or "layer zoo" step invokes (forward, backward, RMSprop/Adam/SGD) is registered for
 * wasm, and the coverage check names what is missing when it is not.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../../src/backend/index.js';
import { recordKernels, unregisteredKernels } from '../../src/backend/kernel-usage.js';
import { GANKIT_WASM_KERNELS, registerWasmKernels } from '../../src/backend/wasm/index.js';
import {
  type FixtureGan,
  TINY_DCGAN,
  buildDcgan,
  buildLayerZooGan,
  buildMlpGan,
  instanceNorm,
  makeBatch,
  makeGanStep,
} from './fixtures/gan.js';
import { assertBackendCovers } from './helpers.js';

before(async () => {
  await initBackend('cpu');
  await initBackend('wasm');
});

/**
 * A step closure that builds its GAN on first call (on whichever backend is active then), so the
 * recorder sees the optimizers' slot creation as well. Disposes everything it made.
 */
function stepOf(
  build: () => FixtureGan,
  optimizer: () => tf.Optimizer,
  transformFake?: (t: tf.Tensor) => tf.Tensor,
): () => void {
  return () => {
    const gan = build();
    const dOptimizer = optimizer();
    const gOptimizer = optimizer();
    const { real, z } = makeBatch(gan, 3, 1);
    makeGanStep(gan, { dOptimizer, gOptimizer, transformFake })(real, z);
    tf.dispose([real, z]);
    dOptimizer.dispose();
    gOptimizer.dispose();
    gan.generator.dispose();
    gan.discriminator.dispose();
  };
}

const OPTIMIZERS: Record<string, () => tf.Optimizer> = {
  rmsprop: () => tf.train.rmsprop(1e-3),
  adam: () => tf.train.adam(2e-4, 0.5),
  sgd: () => tf.train.sgd(1e-2),
};

test('recordKernels lists the kernels of forward and backward passes, not custom-op scopes', async () => {
  await tf.setBackend('cpu');
  const x = tf.ones([2, 5, 5, 1]);
  const w = tf.ones([3, 3, 1, 2]);
  const names = await recordKernels(() =>
    tf.grad((v: tf.Tensor) => tf.sum(tf.conv2d(v as tf.Tensor4D, w as tf.Tensor4D, 1, 'same')))(x),
  );
  assert.ok(names.includes('Conv2D') && names.includes('Sum'), names.join(' '));
  assert.ok(names.includes('Conv2DBackpropInput'), `gradient kernels recorded: ${names.join(' ')}`);
  assert.ok(!names.includes('Conv2DBackpropFilter'), 'only the gradient asked for is computed');
  assert.deepEqual(names, [...names].sort());
  tf.dispose([x, w]);
});

test('unregisteredKernels names kernels a backend lacks', () => {
  assert.deepEqual(unregisteredKernels(['Conv2D', 'NoSuchKernel', 'Conv2D'], 'wasm'), ['NoSuchKernel']);
});

for (const [name, optimizer] of Object.entries(OPTIMIZERS)) {
  test(`wasm covers an MLP-GAN step with ${name}`, async () => {
    await assertBackendCovers(
      'wasm',
      stepOf(() => buildMlpGan(1), optimizer),
    );
  });
}

test('wasm covers a DCGAN step (Conv2D, Conv2DTranspose, BatchNorm, selu, LeakyReLU, Dropout)', async () => {
  await assertBackendCovers(
    'wasm',
    stepOf(() => buildDcgan(TINY_DCGAN, 1), OPTIMIZERS.rmsprop),
  );
});

test('wasm covers UpSampling2D, Concatenate, pooling and instance normalisation with Adam', async () => {
  const transform = (t: tf.Tensor) => instanceNorm(t as tf.Tensor4D);
  await assertBackendCovers(
    'wasm',
    stepOf(() => buildLayerZooGan(1), OPTIMIZERS.adam, transform),
  );
});

test('wasm covers a label Embedding trained with Adam (conditional GANs)', async () => {
  await assertBackendCovers('wasm', () => {
    const embed = tfl.layers.embedding({ inputDim: 10, outputDim: 4 });
    const labels = tf.tensor2d([[3], [7], [3]], [3, 1], 'int32');
    embed.build([3, 1]);
    const optimizer = tf.train.adam(1e-3);
    const vars = embed.trainableWeights.map((w) => w.read() as tf.Variable);
    optimizer.minimize(() => tf.sum(tf.square(embed.apply(labels) as tf.Tensor)), true, vars)?.dispose();
    tf.dispose(labels);
    optimizer.dispose();
    for (const w of embed.weights) w.dispose();
  });
});

test('the coverage check fails, naming the kernel, when a wasm kernel is missing', async () => {
  const step = stepOf(() => buildDcgan(TINY_DCGAN, 1), OPTIMIZERS.sgd);
  assert.ok(GANKIT_WASM_KERNELS.includes('Conv2DBackpropFilter'));
  tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
  try {
    await assert.rejects(assertBackendCovers('wasm', step), /does not register: Conv2DBackpropFilter\n/);
  } finally {
    registerWasmKernels();
  }
  await assertBackendCovers('wasm', step);
});

test('a DCGAN step records the same kernels on wasm as on cpu', async () => {
  const step = stepOf(() => buildDcgan(TINY_DCGAN, 1), OPTIMIZERS.rmsprop);
  await tf.setBackend('cpu');
  const onCpu = await recordKernels(step);
  await tf.setBackend('wasm');
  const onWasm = await recordKernels(step);
  assert.deepEqual(onWasm, onCpu);
});
