/** The GANLoss-style criterion of the image-to-image objectives against hand-computed values. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import { targetLoss, targetLossType } from '../../src/losses/target-loss.js';

await initBackend('auto');

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-6, `${a} vs ${b}`);

test('vanilla: BCE-with-logits against 1 or 0, averaged over every patch', () => {
  const logits = tf.tensor4d([0, 2, -1, 3], [1, 2, 2, 1]);
  const sp = (x: number) => Math.log(1 + Math.exp(x));
  close(targetLoss('non-saturating', logits, true).dataSync()[0], (sp(0) + sp(-2) + sp(1) + sp(-3)) / 4);
  close(targetLoss('non-saturating', logits, false).dataSync()[0], (sp(0) + sp(2) + sp(-1) + sp(3)) / 4);
});

test('lsgan: mean((D − 1)²) for real, mean(D²) for fake', () => {
  const logits = tf.tensor4d([0, 2, -1, 3], [1, 2, 2, 1]);
  close(targetLoss('least-squares', logits, true).dataSync()[0], (1 + 1 + 4 + 4) / 4);
  close(targetLoss('least-squares', logits, false).dataSync()[0], (0 + 4 + 1 + 9) / 4);
});

test('other loss types are refused with the valid ones named', () => {
  assert.throws(
    () => targetLossType('hinge', 'pix2pix'),
    /must be one of non-saturating, least-squares for pix2pix/,
  );
});
