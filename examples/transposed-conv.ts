/**
 * Seed 004's "DCGAN – Transposed convolution" slide in numbers: input [[0, 1], [2, 3]], kernel
 * [[0, 1], [2, 3]], stride 1 — each input value scales the kernel and the scaled copies are added into the
 * output at the input's position, giving [[0, 0, 1], [0, 4, 6], [4, 12, 9]]. The same sum computed by hand
 * is checked against `tf.conv2dTranspose` and against a tfjs-layers `Conv2DTranspose` layer; then the
 * layer of seed 002's DCGAN generator (5×5 kernel, stride 2, "same" padding, 7×7×128 → 14×14×64) against
 * the hand-written scatter on random numbers.
 *   npm run example -- transposed-conv [--smoke]
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { Rng } from '../src/index.js';
import { exampleArgs, startBackend } from './lib/cli.js';

exampleArgs('transposed-conv [--smoke]', {});
await startBackend();

/**
 * Transposed convolution by hand (NHWC with N = 1, kernel [kh, kw, outC, inC] as tfjs stores it): every
 * input pixel adds input · kernel into the output window at (stride·y − pad, stride·x − pad).
 */
function transposedConvByHand(
  x: Float32Array,
  [h, w, inC]: number[],
  k: Float32Array,
  [kh, kw, outC]: number[],
  stride: number,
  [outH, outW]: number[],
  [padTop, padLeft]: number[],
): Float32Array {
  const out = new Float32Array(outH * outW * outC);
  for (let y = 0; y < h; y++)
    for (let xx = 0; xx < w; xx++)
      for (let ci = 0; ci < inC; ci++) {
        const v = x[(y * w + xx) * inC + ci];
        for (let i = 0; i < kh; i++)
          for (let j = 0; j < kw; j++) {
            const oy = y * stride + i - padTop;
            const ox = xx * stride + j - padLeft;
            if (oy < 0 || ox < 0 || oy >= outH || ox >= outW) continue;
            for (let co = 0; co < outC; co++)
              out[(oy * outW + ox) * outC + co] += v * k[((i * kw + j) * outC + co) * inC + ci];
          }
      }
  return out;
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

// The slide: 2×2 input, 2×2 kernel, stride 1, no padding → 3×3.
const input = Float32Array.of(0, 1, 2, 3);
const kernel = Float32Array.of(0, 1, 2, 3);
const byHand = transposedConvByHand(input, [2, 2, 1], kernel, [2, 2, 1], 1, [3, 3], [0, 0]);
const rows = (v: ArrayLike<number>) =>
  [0, 1, 2]
    .map(
      (r) =>
        `[${Array.from(v)
          .slice(3 * r, 3 * r + 3)
          .join(', ')}]`,
    )
    .join(', ');
console.log(`by hand:            [${rows(byHand)}]`);
const op = tf.conv2dTranspose(
  tf.tensor4d(input, [1, 2, 2, 1]),
  tf.tensor4d(kernel, [2, 2, 1, 1]),
  [1, 3, 3, 1],
  1,
  'valid',
);
console.log(`tf.conv2dTranspose: [${rows(op.dataSync())}]`);
const layer = tfl.layers.conv2dTranspose({
  filters: 1,
  kernelSize: 2,
  strides: 1,
  padding: 'valid',
  useBias: false,
  inputShape: [2, 2, 1],
});
const model = tfl.sequential({ layers: [layer] });
layer.setWeights([tf.tensor4d(kernel, [2, 2, 1, 1])]);
const fromLayer = (model.predict(tf.tensor4d(input, [1, 2, 2, 1])) as tf.Tensor).dataSync();
console.log(`Conv2DTranspose:    [${rows(fromLayer)}]`);
console.log(
  `slide example: max |by hand − op| = ${maxDiff(byHand, op.dataSync())}, max |by hand − layer| = ${maxDiff(byHand, fromLayer)}`,
);

// Seed 002's DCGAN layer: Conv2DTranspose(64, kernel_size=5, strides=2, padding="same") on 7×7×128.
// "same" with stride 2 gives 14×14; TensorFlow pads the (unstrided) full output by ⌊(5 − 2)/2⌋ = 1 on top/left.
const rng = new Rng(1, 0);
const [h, w, inC, outC, k, s] = [7, 7, 128, 64, 5, 2];
const x = rng.normal(h * w * inC);
const kern = rng.normal(k * k * outC * inC).map((v) => v * 0.05);
const dcgan = tfl.layers.conv2dTranspose({
  filters: outC,
  kernelSize: k,
  strides: s,
  padding: 'same',
  useBias: false,
  inputShape: [h, w, inC],
});
const net = tfl.sequential({ layers: [dcgan] });
dcgan.setWeights([tf.tensor4d(kern, [k, k, outC, inC])]);
const y = (net.predict(tf.tensor4d(x, [1, h, w, inC])) as tf.Tensor).dataSync();
const pad = Math.floor((k - s) / 2);
const hand = transposedConvByHand(x, [h, w, inC], kern, [k, k, outC], s, [h * s, w * s], [pad, pad]);
const scale = Math.max(...Array.from(hand, Math.abs));
console.log(
  `DCGAN layer 7x7x128 -> 14x14x64 (k5 s2 same): max |by hand − layer| = ${maxDiff(hand, y).toExponential(2)} (values up to ${scale.toFixed(1)})`,
);
