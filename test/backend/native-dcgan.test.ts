/**
 * Whole training steps of the seed-002 Fashion DCGAN and of the classic 64x64 DCGAN at a tiny width:
 * same seeded weights, data, codes and dropout masks on cpu and native give the same D and G losses to
 * 1e-4 (over two steps for the classic one, whose second losses depend on the first Adam update). Also
 * checks that a native step leaves no tensors behind.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import { buildDcgan } from '../../src/models/dcgan.js';
import type { ImageShape } from '../../src/models/types.js';
import { Rng } from '../../src/util/rng.js';
import { makeGanStep } from './fixtures/gan.js';
import { skipNative } from './native-helpers.js';

async function losses(
  backend: 'cpu' | 'native',
  spec: Record<string, unknown>,
  imageShape: ImageShape,
  batch: number,
  steps: number,
): Promise<{ losses: number[][]; tensorsPerStep: number[] }> {
  await initBackend(backend);
  const net = buildDcgan(spec, { imageShape, seed: 11 });
  const step = makeGanStep(net, {
    dOptimizer: tf.train.adam(2e-4, 0.5),
    gOptimizer: tf.train.adam(2e-4, 0.5),
  });
  const rng = new Rng(5);
  const out: number[][] = [];
  const tensorsPerStep: number[] = [];
  for (let s = 0; s < steps; s++) {
    const real = tf.tensor(rng.uniform(batch * imageShape[0] * imageShape[1] * imageShape[2]), [
      batch,
      ...imageShape,
    ]);
    const realScaled = tf.tidy(() => tf.sub(tf.mul(real, 2), 1));
    const z = tf.tensor(rng.normal(batch * net.latentDim), [batch, net.latentDim]);
    const { dLoss, gLoss } = step(realScaled, z);
    out.push([dLoss, gLoss]);
    tf.dispose([real, realScaled, z]);
    tensorsPerStep.push(tf.memory().numTensors);
  }
  net.generator.dispose();
  net.discriminator.dispose();
  return { losses: out, tensorsPerStep };
}

function assertClose(got: number[][], want: number[][]): void {
  want.forEach((w, s) =>
    w.forEach((v, k) => {
      const g = got[s][k];
      assert.ok(
        Math.abs(g - v) <= 1e-4 * Math.max(1, Math.abs(v)),
        `step ${s} loss ${k}: native ${g} vs cpu ${v}`,
      );
    }),
  );
}

describe('native DCGAN training step', { skip: skipNative }, () => {
  // One step at batch 1: the cpu backend's convolution gradients take tens of seconds at this width.
  test('dcgan-fashion: same losses as cpu', async () => {
    const want = await losses('cpu', { variant: 'fashion' }, [28, 28, 1], 1, 1);
    const got = await losses('native', { variant: 'fashion' }, [28, 28, 1], 1, 1);
    assertClose(got.losses, want.losses);
  });

  test('dcgan-classic (64x64, width 4): same losses as cpu over two Adam steps', async () => {
    const spec = { variant: 'classic', channels: 4 };
    const want = await losses('cpu', spec, [64, 64, 3], 2, 2);
    const got = await losses('native', spec, [64, 64, 3], 2, 2);
    assertClose(got.losses, want.losses);
  });

  test('a native step keeps the tensor count constant', async () => {
    const { tensorsPerStep } = await losses('native', { variant: 'fashion' }, [28, 28, 1], 8, 4);
    assert.deepEqual(tensorsPerStep.slice(1), tensorsPerStep.slice(0, -1));
  });
});
