/**
 * The fused native instance norm (forward and backward kernel) against the tfjs composite on the cpu
 * backend, which is what `instanceNorm` runs there: odd channel counts around the kernel's 16-channel
 * blocks, 1×1 images (zero variance), constant and offset inputs, other epsilons; and its kernels
 * refusing shapes and arguments that do not fit their buffers.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import { instanceNorm } from '../../src/backend/instance-norm.js';
import type { NativeBackend } from '../../src/backend/native/backend.js';
import {
  INSTANCE_NORM_GRAD_KERNEL,
  INSTANCE_NORM_KERNEL,
} from '../../src/backend/native/kernels/instance_norm.js';
import { assertParity, randn, skipNative } from './native-helpers.js';

/** Forward values and d/dx of Σ instanceNorm(x)·w. */
const forwardAndGrad =
  (epsilon = 1e-5, shift = 0) =>
  (x: tf.Tensor, w: tf.Tensor) => {
    const f = (t: tf.Tensor) => instanceNorm(tf.add(t, shift) as tf.Tensor4D, epsilon);
    return [f(x), tf.grad((t: tf.Tensor) => tf.sum(tf.mul(f(t), w)))(x)];
  };

describe('native fused instance norm', { skip: skipNative }, () => {
  test('uses the fused kernels on native', async () => {
    await initBackend('native');
    const x = tf.randomNormal([1, 4, 4, 3]) as tf.Tensor4D;
    const info = await tf.profile(() => tf.grad((t: tf.Tensor) => tf.sum(instanceNorm(t as tf.Tensor4D)))(x));
    tf.dispose([x, info.result as tf.Tensor]);
    assert.ok(info.kernelNames.includes(INSTANCE_NORM_KERNEL), info.kernelNames.join(' '));
    assert.ok(info.kernelNames.includes(INSTANCE_NORM_GRAD_KERNEL), info.kernelNames.join(' '));
  });

  test('matches the composite on cpu, forward and backward, across channel blocks and image sizes', async () => {
    for (const shape of [
      [2, 5, 7, 3],
      [2, 4, 4, 16],
      [2, 4, 4, 17],
      [1, 3, 5, 33],
      [3, 2, 2, 1],
      [1, 64, 64, 64],
      [2, 16, 16, 130],
    ]) {
      await assertParity([randn(...shape), randn(...shape)], forwardAndGrad(), 2e-4);
    }
  });

  test('1×1 images, constant and offset inputs, other epsilons, an empty batch', async () => {
    // One pixel per sample and channel: zero variance, output 0, gradient 0.
    await assertParity([randn(3, 1, 1, 5), randn(3, 1, 1, 5)], forwardAndGrad(), 1e-4);
    const constant = {
      shape: [2, 3, 3, 4],
      values: new Float32Array(72).fill(0.7),
      dtype: 'float32' as const,
    };
    await assertParity([constant, randn(2, 3, 3, 4)], forwardAndGrad(1e-3), 1e-4);
    await assertParity([randn(2, 6, 6, 5), randn(2, 6, 6, 5)], forwardAndGrad(1e-3), 2e-4);
    // A large mean: the cpu composite's float32 sums lose digits, so the bound is looser.
    await assertParity([randn(2, 6, 6, 5), randn(2, 6, 6, 5)], forwardAndGrad(1e-5, 100), 2e-3);
    await assertParity([randn(0, 4, 4, 3), randn(0, 4, 4, 3)], forwardAndGrad());
  });

  test('its kernels reject other ranks, dtypes and shapes, and the addon sizes past its buffers', async () => {
    await initBackend('native');
    const b = tf.backend() as NativeBackend;
    const x = tf.randomNormal([2, 3, 3, 4]);
    const run = (name: string, inputs: tf.NamedTensorMap, epsilon = 1e-5) =>
      tf.engine().runKernel(name, inputs, { epsilon } as unknown as tf.NamedAttrMap);
    assert.throws(() => run(INSTANCE_NORM_KERNEL, { x: tf.reshape(x, [2, 9, 4]) }), /rank-4 float32 NHWC/);
    assert.throws(() => run(INSTANCE_NORM_KERNEL, { x: tf.cast(x, 'int32') }), /rank-4 float32 NHWC/);
    assert.throws(() => run(INSTANCE_NORM_KERNEL, { x }, -1), /epsilon must be ≥ 0/);
    assert.throws(
      () => run(INSTANCE_NORM_GRAD_KERNEL, { x, dy: tf.zeros([2, 3, 4, 3]) }),
      /shapes differ \(\[2,3,3,4\] vs \[2,3,4,3\]\)/,
    );
    const out = b.makeOutput(x.shape, 'float32');
    const [xi, oi] = [b.id(x), b.id(out)];
    assert.throws(() => b.addon.instanceNorm(xi, oi, 2, 9, 400, 1e-5), /instance norm input .* does not fit/);
    assert.throws(() => b.addon.instanceNorm(xi, oi, 2, -9, 4, 1e-5), /bad shape/);
    assert.throws(() => b.addon.instanceNorm(xi, oi, 2 ** 40, 2 ** 40, 4, 1e-5), /bad shape/);
    assert.throws(() => b.addon.instanceNormGrad(xi, xi, oi, 3, 9, 4, 1e-5), /does not fit/);
    b.disposeData(out.dataId);
    x.dispose();
  });
});
