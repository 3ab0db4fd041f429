/**
 * Native oneDNN convolutions against tfjs's cpu backend: forward over strides, padding modes, dilation,
 * odd sizes, thin (1- and 3-channel) sides and batch 1; gradients through tf.grads (which exercises
 * Conv2DBackpropInput and Conv2DBackpropFilter); conv2dTranspose; fused bias + activation; max and
 * average pooling with their gradients.
 * Shapes stay small because the cpu backend's convolution gradients are very slow.
 * Every convolution test runs twice: with native/src/conv.cc's im2col + sgemm path for few output
 * positions turned off (oneDNN primitives everywhere) and taken for every shape that fits it
 * (`GANKIT_CONV_GEMM_ROWS`, read by the addon at each call); the last cases are the U-Net's innermost
 * shapes that take that path by default (1×1 and 2×2 outputs, the filter overhanging the padding).
 * A third run takes the Winograd F(2×2, 3×3) path (`GANKIT_CONV_WINOGRAD=1`: every channel count) for
 * every 3×3 stride-1 case, including the ResNet-block-like ones added for it.
 */
import { after, before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { assertParity, randn, skipNative } from './native-helpers.js';

type Pad = 'same' | 'valid';

interface Case {
  x: [number, number, number, number];
  f: [number, number, number, number];
  stride: number | [number, number];
  pad: Pad;
  dilation?: number;
}

const CASES: Case[] = [
  { x: [2, 9, 9, 3], f: [3, 3, 3, 8], stride: 1, pad: 'same' },
  { x: [2, 9, 9, 3], f: [3, 3, 3, 8], stride: 2, pad: 'same' },
  { x: [1, 10, 7, 16], f: [5, 5, 16, 16], stride: 2, pad: 'same' },
  { x: [3, 11, 8, 1], f: [5, 5, 1, 16], stride: 2, pad: 'same' },
  { x: [2, 11, 9, 16], f: [4, 3, 16, 1], stride: [2, 1], pad: 'valid' },
  { x: [1, 12, 12, 8], f: [3, 3, 8, 8], stride: 1, pad: 'valid', dilation: 2 },
  { x: [2, 8, 8, 32], f: [4, 4, 32, 16], stride: 2, pad: 'same' },
  { x: [3, 2, 2, 24], f: [4, 4, 24, 20], stride: 2, pad: 'same' },
  { x: [2, 4, 4, 16], f: [4, 4, 16, 12], stride: 2, pad: 'same' },
  { x: [1, 1, 1, 8], f: [3, 3, 8, 5], stride: 1, pad: 'same' },
  { x: [2, 5, 3, 7], f: [3, 2, 7, 9], stride: [2, 1], pad: 'valid' },
  { x: [1, 7, 7, 4], f: [3, 3, 4, 6], stride: 1, pad: 'valid', dilation: 3 },
  // 3×3 stride 1, the Winograd path's shapes: a ResNet block's reflection-padded 'valid' conv, odd
  // output sizes (partial 2×2 tiles), more output than input channels and back.
  { x: [2, 10, 10, 64], f: [3, 3, 64, 64], stride: 1, pad: 'valid' },
  { x: [2, 7, 5, 16], f: [3, 3, 16, 24], stride: 1, pad: 'same' },
  { x: [1, 6, 9, 24], f: [3, 3, 24, 8], stride: 1, pad: 'valid' },
];

/** The two settings of the addon's gemm path every convolution test runs under. */
const GEMM_MODES = [
  { label: 'oneDNN primitives', rows: '0', winograd: '0' },
  { label: 'im2col + sgemm', rows: '1000000', winograd: '0' },
  { label: 'Winograd F(2×2, 3×3) for every 3×3 stride-1 shape', rows: '0', winograd: '1' },
];

for (const mode of GEMM_MODES)
  describe(`native convolution kernels (${mode.label})`, { skip: skipNative }, () => {
    before(() => {
      process.env.GANKIT_CONV_GEMM_ROWS = mode.rows;
      process.env.GANKIT_CONV_WINOGRAD = mode.winograd;
    });
    after(() => {
      Reflect.deleteProperty(process.env, 'GANKIT_CONV_GEMM_ROWS'); // back to the addon's defaults
      Reflect.deleteProperty(process.env, 'GANKIT_CONV_WINOGRAD');
    });
    for (const c of CASES) {
      const label = `x ${c.x} f ${c.f} stride ${c.stride} ${c.pad}${c.dilation ? ` dilation ${c.dilation}` : ''}`;
      test(`conv2d forward, ${label}`, async () => {
        await assertParity([randn(...c.x), randn(...c.f)], (x, f) =>
          tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.stride, c.pad, 'NHWC', c.dilation ?? 1),
        );
      });
      if (c.dilation) continue; // tfjs's conv2d gradient requires dilation 1
      test(`conv2d gradients, ${label}`, async () => {
        await assertParity([randn(...c.x), randn(...c.f)], (x, f) =>
          tf.grads((u: tf.Tensor, v: tf.Tensor) =>
            tf.sum(tf.mul(tf.conv2d(u as tf.Tensor4D, v as tf.Tensor4D, c.stride, c.pad), 0.5)),
          )([x, f]),
        );
      });
    }

    test('conv2dTranspose forward and gradients (the generator upsampling path)', async () => {
      for (const [inC, outC] of [
        [16, 8],
        [8, 1],
        [3, 16],
      ]) {
        const x = randn(2, 5, 4, inC);
        const f = randn(5, 5, outC, inC);
        const outShape: [number, number, number, number] = [2, 10, 8, outC];
        await assertParity([x, f], (a, w) =>
          tf.conv2dTranspose(a as tf.Tensor4D, w as tf.Tensor4D, outShape, 2, 'same'),
        );
        await assertParity([x, f], (a, w) =>
          tf.grads((u: tf.Tensor, v: tf.Tensor) =>
            tf.sum(tf.square(tf.conv2dTranspose(u as tf.Tensor4D, v as tf.Tensor4D, outShape, 2, 'same'))),
          )([a, w]),
        );
      }
    });

    test('conv2dTranspose at the U-Net bottleneck (1×1 → 2×2 and 2×2 → 4×4, filter over the padding)', async () => {
      for (const [h, inC, outC] of [
        [1, 24, 16],
        [2, 32, 12],
      ]) {
        const x = randn(3, h, h, inC);
        const f = randn(4, 4, outC, inC);
        const outShape: [number, number, number, number] = [3, 2 * h, 2 * h, outC];
        await assertParity([x, f], (a, w) =>
          tf.grads((u: tf.Tensor, v: tf.Tensor) =>
            tf.sum(tf.square(tf.conv2dTranspose(u as tf.Tensor4D, v as tf.Tensor4D, outShape, 2, 'same'))),
          )([a, w]),
        );
        await assertParity([x, f], (a, w) =>
          tf.conv2dTranspose(a as tf.Tensor4D, w as tf.Tensor4D, outShape, 2, 'same'),
        );
      }
    });

    test('fused conv2d with bias and activations, and its gradients', async () => {
      const x = randn(2, 7, 7, 4);
      const f = randn(3, 3, 4, 8);
      const bias = randn(8);
      for (const activation of ['linear', 'relu', 'elu', 'leakyrelu', 'sigmoid'] as const) {
        await assertParity([x, f, bias], (a, w, b) =>
          tf.fused.conv2d({
            x: a as tf.Tensor4D,
            filter: w as tf.Tensor4D,
            strides: 2,
            pad: 'same',
            bias: b,
            activation,
            leakyreluAlpha: 0.2,
          }),
        );
      }
      await assertParity([x, f, bias], (a, w, b) =>
        tf.grads((u: tf.Tensor, v: tf.Tensor, z: tf.Tensor) =>
          tf.sum(
            tf.fused.conv2d({
              x: u as tf.Tensor4D,
              filter: v as tf.Tensor4D,
              strides: 1,
              pad: 'same',
              bias: z,
              activation: 'relu',
            }),
          ),
        )([a, w, b]),
      );
    });

    test('max and average pooling, forward and gradients', async () => {
      const x = randn(2, 9, 8, 5);
      for (const [size, stride, pad] of [
        [2, 2, 'valid'],
        [3, 2, 'same'],
        [3, 1, 'same'],
        [[3, 2], [2, 1], 'valid'],
      ] as [number | [number, number], number | [number, number], Pad][]) {
        await assertParity([x], (t) => [
          tf.maxPool(t as tf.Tensor4D, size, stride, pad),
          tf.avgPool(t as tf.Tensor4D, size, stride, pad),
        ]);
        await assertParity([x], (t) =>
          tf.grad((u: tf.Tensor) =>
            tf.add(
              tf.sum(tf.square(tf.maxPool(u as tf.Tensor4D, size, stride, pad))),
              tf.sum(tf.square(tf.avgPool(u as tf.Tensor4D, size, stride, pad))),
            ),
          )(t),
        );
      }
    });
  });
