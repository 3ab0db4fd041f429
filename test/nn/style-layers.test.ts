/**
 * The shared layers of the progressive and style-based families: equalised learning rate (forward =
 * the plain layer with the scaled kernel; ∂L/∂ŵ = c·∂L/∂w; init N(0, 1/λ²)), pixel norm, AdaIN (the
 * style's per-channel mean and std; StyleGAN's `1 + scale` form) and factor-2 resampling (against
 * tfjs's nearest-neighbour resize and its gradient), with native parity of the resampling kernels.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { initBackend } from '../../src/backend/index.js';
import { AdaptiveInstanceNorm, adaInFromFeatures, adaptiveInstanceNorm } from '../../src/nn/adain.js';
import { EqualizedConv2D, EqualizedDense } from '../../src/nn/equalized.js';
import { PixelNorm } from '../../src/nn/pixel-norm.js';
import { downsample2x, upsample2x } from '../../src/nn/resample.js';
import { Rng } from '../../src/util/rng.js';
import { assertParity, randn, skipNative } from '../backend/native-helpers.js';

await initBackend('cpu');
const rng = new Rng(11);
const normal = (shape: number[], scale = 1, shift = 0) =>
  tf.tensor(
    Float32Array.from(rng.normal(shape.reduce((a, b) => a * b, 1)), (v) => v * scale + shift),
    shape,
  );

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

test('equalised dense: forward is x·(ŵ·c) + b̂·λ with c = gain·λ/√fanIn', () => {
  const layer = new EqualizedDense({ units: 5, gain: 1, lrMultiplier: 0.01, biasInit: 0.3, seed: 1 });
  const x = normal([4, 8]);
  const y = layer.apply(x) as tf.Tensor;
  const [kernel, bias] = layer.getWeights();
  const c = (1 * 0.01) / Math.sqrt(8);
  const want = tf.add(tf.matMul(x, tf.mul(kernel, c)), tf.mul(bias, 0.01));
  assert.ok(maxAbsDiff(y, want) < 1e-6);
  // The bias starts at its run-time value biasInit: stored biasInit/λ.
  assert.ok(Math.abs(bias.dataSync()[0] - 30) < 1e-4);
});

test('equalised layers store N(0, 1/λ²) weights and run them at the He scale', () => {
  const layer = new EqualizedDense({ units: 256, lrMultiplier: 0.5, seed: 3 });
  layer.build([null, 256]);
  const w = Array.from(layer.getWeights()[0].dataSync());
  const std = Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length);
  assert.ok(Math.abs(std - 2) < 0.05, `stored std ${std}, want 1/λ = 2`);
  // Run-time std = (1/λ)·gain·λ/√fanIn = √2/16: the He initialisation the layer replaces.
  const x = normal([512, 256]);
  const y = layer.apply(x) as tf.Tensor;
  const outStd = Math.sqrt(tf.moments(y).variance.dataSync()[0]);
  assert.ok(Math.abs(outStd - Math.SQRT2) < 0.05, `output std ${outStd}, want √2 for unit input`);
});

test('equalised conv: forward is the plain conv with the scaled kernel; ∂L/∂ŵ = c·∂L/∂w', () => {
  const layer = new EqualizedConv2D({ filters: 4, kernelSize: 3, seed: 2 });
  const x = normal([2, 5, 5, 3]);
  const y = layer.apply(x) as tf.Tensor;
  const [kernel, bias] = layer.getWeights();
  const c = Math.SQRT2 / Math.sqrt(3 * 3 * 3);
  const plain = (w: tf.Tensor) => tf.add(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'), bias);
  assert.ok(maxAbsDiff(y, plain(tf.mul(kernel, c))) < 1e-5);
  const dy = normal(y.shape);
  const lossOf = (out: tf.Tensor) => tf.sum(tf.mul(out, dy));
  // Gradient with respect to the stored kernel, through the layer.
  const { grads } = tf.variableGrads(
    () => lossOf(layer.apply(x) as tf.Tensor) as tf.Scalar,
    [layer.trainableWeights[0].read() as tf.Variable],
  );
  const stored = Object.values(grads)[0];
  // Gradient with respect to the effective kernel of the plain layer.
  const effective = tf.grad((w: tf.Tensor) => lossOf(plain(w)))(tf.mul(kernel, c));
  assert.ok(maxAbsDiff(stored, tf.mul(effective, c)) < 1e-4);
});

test('equalised layers refuse bad arguments and shapes', () => {
  assert.throws(() => new EqualizedConv2D({ filters: 4, kernelSize: 2 }), /odd/);
  assert.throws(() => new EqualizedDense({ units: 3, lrMultiplier: 0 }), /lrMultiplier/);
  assert.throws(() => new EqualizedDense({ units: 3 }).apply(normal([2, 3, 3, 1])), /\[batch, features\]/);
});

test('pixel norm gives every pixel unit mean square over its channels', () => {
  const y = new PixelNorm().apply(normal([2, 3, 3, 6], 4, 1)) as tf.Tensor;
  const ms = tf.mean(tf.square(y), -1).dataSync();
  for (const v of ms) assert.ok(Math.abs(v - 1) < 1e-5);
});

test("AdaIN: the output's per-channel mean and std are the style's", () => {
  const x = normal([2, 6, 6, 3], 5, -2);
  const scale = tf.tensor2d([
    [0.5, 2, 3],
    [1, 0.2, 4],
  ]);
  const bias = tf.tensor2d([
    [1, -1, 0],
    [0.3, 2, -5],
  ]);
  const y = adaptiveInstanceNorm(x as tf.Tensor4D, scale, bias);
  const { mean, variance } = tf.moments(y, [1, 2]);
  assert.ok(maxAbsDiff(mean, bias) < 1e-4);
  assert.ok(maxAbsDiff(tf.sqrt(variance), scale) < 1e-3);
  // The layer form with scaleOffset 1 computes (1 + s)·IN(x) + b from one [N, 2C] style.
  const layer = new AdaptiveInstanceNorm({ scaleOffset: 1 });
  const style = tf.concat([tf.sub(scale, 1), bias], 1);
  assert.ok(maxAbsDiff(layer.apply([x, style]) as tf.Tensor, y) < 1e-5);
  assert.throws(
    () => adaptiveInstanceNorm(x as tf.Tensor4D, tf.ones([2, 4]), bias),
    /scale must be \[2, 3\]/,
  );
});

test("seed 003's ada_in(style, content): the slide's formula, element by element in float64", () => {
  const [n, h, w, c] = [2, 5, 4, 3];
  const content = normal([n, h, w, c], 3, 1) as tf.Tensor4D;
  const style = normal([n, 7, 6, c], 0.5, -2) as tf.Tensor4D;
  const got = adaInFromFeatures(style, content).dataSync();
  const cv = content.dataSync();
  const sv = style.dataSync();
  // get_mean_std over axes [1, 2] with ε = 1e-5 under the root, then σ_s·(x − μ_c)/σ_c + μ_s.
  const stats = (v: ArrayLike<number>, pixels: number, b: number, ch: number) => {
    let m = 0;
    for (let p = 0; p < pixels; p++) m += v[(b * pixels + p) * c + ch];
    m /= pixels;
    let q = 0;
    for (let p = 0; p < pixels; p++) q += (v[(b * pixels + p) * c + ch] - m) ** 2;
    return [m, Math.sqrt(q / pixels + 1e-5)];
  };
  let worst = 0;
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++) {
      const [mc, sc] = stats(cv, h * w, b, ch);
      const [ms, ss] = stats(sv, 7 * 6, b, ch);
      for (let p = 0; p < h * w; p++) {
        const i = (b * h * w + p) * c + ch;
        worst = Math.max(worst, Math.abs(got[i] - (ss * (cv[i] - mc)) / sc - ms));
      }
    }
  assert.ok(worst < 1e-5, `ada_in differs from the slide's formula by ${worst}`);
  assert.throws(() => adaInFromFeatures(normal([n, 3, 3, 4]) as tf.Tensor4D, content), /style must be NHWC/);
});

test('upsample2x is nearest-neighbour resizing, forward and gradient; downsample2x the 2×2 mean', () => {
  const x = normal([2, 3, 4, 5]) as tf.Tensor4D;
  const up = upsample2x(x);
  assert.deepEqual(up.shape, [2, 6, 8, 5]);
  assert.equal(maxAbsDiff(up, tf.image.resizeNearestNeighbor(x, [6, 8])), 0);
  const dy = normal([2, 6, 8, 5]);
  const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(upsample2x(v as tf.Tensor4D), dy)))(x);
  // Each input pixel's gradient is the sum of dy over its 2×2 block (tfjs's own resize gradient is
  // not used as the reference: it disagrees with this sum on non-square images).
  const gWant = tf.mul(tf.avgPool(dy as tf.Tensor4D, 2, 2, 'valid'), 4);
  assert.ok(maxAbsDiff(g, gWant) < 1e-5);
  // Down after up is the identity; down averages each block.
  assert.ok(maxAbsDiff(downsample2x(up), x) < 1e-6);
  const block = downsample2x(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1])).dataSync();
  assert.deepEqual(Array.from(block), [2.5]);
  assert.throws(() => downsample2x(normal([1, 3, 4, 1]) as tf.Tensor4D), /even/);
});

test(
  'the resampling and AdaIN kernels run natively with the cpu backend numbers',
  { skip: skipNative },
  async () => {
    const grad = (f: (x: tf.Tensor4D) => tf.Tensor) => (x: tf.Tensor, dy: tf.Tensor) =>
      tf.grad((v: tf.Tensor) => tf.sum(tf.mul(f(v as tf.Tensor4D), dy)))(x);
    await assertParity([randn(2, 4, 4, 8)], (x) => upsample2x(x as tf.Tensor4D));
    await assertParity([randn(2, 4, 4, 8), randn(2, 8, 8, 8)], grad(upsample2x));
    await assertParity([randn(2, 8, 8, 8), randn(2, 4, 4, 8)], grad(downsample2x));
    await assertParity([randn(2, 8, 8, 4), randn(2, 4), randn(2, 4), randn(2, 8, 8, 4)], (x, s, b, dy) =>
      grad((v) => adaptiveInstanceNorm(v, s as tf.Tensor2D, b as tf.Tensor2D))(x, dy),
    );
    await initBackend('cpu');
  },
);
