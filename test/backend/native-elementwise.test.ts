/** Native element-wise, reduction, layout and matmul kernels against tfjs's cpu backend. */
import { describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { assertParity, randint, randn, skipNative } from './native-helpers.js';

describe('native element-wise kernels', { skip: skipNative }, () => {
  const unary: [string, (x: tf.Tensor) => tf.Tensor][] = [
    ['abs', tf.abs],
    ['neg', tf.neg],
    ['exp', tf.exp],
    ['log1p∘abs', (x) => tf.log1p(tf.abs(x))],
    ['sqrt∘abs', (x) => tf.sqrt(tf.abs(x))],
    ['rsqrt', (x) => tf.rsqrt(tf.add(tf.abs(x), 0.1))],
    ['square', tf.square],
    ['tanh', tf.tanh],
    ['sigmoid', tf.sigmoid],
    ['softplus', tf.softplus],
    ['relu', tf.relu],
    ['relu6', (x) => tf.relu6(tf.mul(x, 4))],
    ['elu', tf.elu],
    ['selu', tf.selu],
    ['leakyRelu', (x) => tf.leakyRelu(x, 0.2)],
    ['step', (x) => tf.step(x, 0.3)],
    ['sign', tf.sign],
    ['round', (x) => tf.round(tf.mul(x, 3))],
    ['clip', (x) => tf.clipByValue(x, -0.5, 0.7)],
    ['erf', tf.erf],
  ];
  for (const [name, f] of unary) {
    test(`${name} forward and gradient`, async () => {
      const x = randn(3, 37, 5);
      await assertParity([x], f);
      await assertParity([x], (t) => tf.grad((u: tf.Tensor) => tf.sum(f(u)))(t));
    });
  }

  const binary: [string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor][] = [
    ['add', tf.add],
    ['sub', tf.sub],
    ['mul', tf.mul],
    ['div', (a, b) => tf.div(a, tf.add(tf.abs(b), 0.5))],
    ['maximum', tf.maximum],
    ['minimum', tf.minimum],
    ['squaredDifference', tf.squaredDifference],
    ['pow', (a, b) => tf.pow(tf.abs(a), b)],
    ['prelu', (a, b) => tf.prelu(a, b)],
  ];
  const shapes: [number[], number[]][] = [
    [
      [4, 7, 3],
      [4, 7, 3],
    ],
    [[4, 7, 3], [3]],
    [
      [4, 1, 3],
      [1, 7, 1],
    ],
    [[5, 6], []],
    [[], [5, 6]],
    [
      [2, 3, 1, 5],
      [3, 4, 1],
    ],
  ];
  for (const [name, f] of binary) {
    test(`${name} with broadcasting, forward and gradients`, async () => {
      for (const [sa, sb] of shapes) {
        if (name === 'prelu' && sb.length > sa.length) continue;
        const a = randn(...sa);
        const b = randn(...sb);
        await assertParity([a, b], f);
        // tfjs's own gradients of these ops reject broadcast operands (on every backend).
        if (['maximum', 'minimum', 'squaredDifference', 'prelu'].includes(name) && sa.join() !== sb.join())
          continue;
        await assertParity([a, b], (x, y) =>
          tf.grads((u: tf.Tensor, v: tf.Tensor) => tf.sum(f(u, v)))([x, y]),
        );
      }
    });
  }

  test('comparisons and logical ops produce bool', async () => {
    const a = randn(6, 5);
    const b = randn(5);
    for (const f of [tf.greater, tf.greaterEqual, tf.less, tf.lessEqual, tf.equal, tf.notEqual]) {
      await assertParity([a, b], f);
      await assertParity([a, a], f);
    }
    await assertParity([a, b], (x, y) => tf.logicalAnd(tf.greater(x, 0), tf.less(y, 0.5)));
    await assertParity([a, b], (x, y) => tf.logicalOr(tf.greater(x, 0), tf.less(y, 0.5)));
  });

  test('int32 arithmetic, casts and where', async () => {
    const i = randint(-5, 5, 4, 6);
    const j = randint(1, 4, 6);
    await assertParity([i, j], (x, y) => [tf.add(x, y), tf.mul(x, y), tf.sub(x, y), tf.maximum(x, y)]);
    const f = randn(4, 6);
    await assertParity([f], (x) => [
      tf.cast(x, 'int32'),
      tf.cast(x, 'bool'),
      tf.cast(tf.cast(x, 'bool'), 'float32'),
    ]);
    await assertParity([f, i], (x, y) => tf.where(tf.greater(x, 0), x, tf.cast(y, 'float32')));
    await assertParity([f], (x) =>
      tf.where(tf.tensor2d([true, false, true, false], [4, 1], 'bool'), x, tf.neg(x)),
    );
  });

  test('reductions over contiguous and scattered axes, keepDims', async () => {
    const x = randn(3, 4, 5, 6);
    const axes: (number | number[] | undefined)[] = [undefined, 0, 3, [1, 2], [0, 2], [0, 1, 2], -1];
    for (const axis of axes) {
      await assertParity([x], (t) => [
        tf.sum(t, axis),
        tf.mean(t, axis, true),
        tf.max(t, axis),
        tf.min(t, axis),
        tf.prod(tf.add(tf.mul(t, 0.1), 1), axis),
      ]);
    }
    await assertParity([x], (t) => [
      tf.argMax(t, 1),
      tf.argMin(t, 3),
      tf.any(tf.greater(t, 2), 2),
      tf.all(tf.greater(t, -2)),
    ]);
    await assertParity([x], (t) =>
      tf.grad((u: tf.Tensor) => tf.add(tf.sum(tf.mean(u, [0, 2])), tf.sum(tf.max(u, 1))))(t),
    );
  });

  test('layout: transpose, slice, concat, pad, tile, reshape', async () => {
    const x = randn(2, 3, 5, 4);
    await assertParity([x], (t) => [
      tf.transpose(t, [0, 3, 1, 2]),
      tf.transpose(t, [3, 2, 1, 0]),
      tf.slice(t, [1, 0, 2, 1], [1, 2, -1, 2]),
      tf.concat([t, tf.mul(t, 2)], 2),
      tf.concat([t, t, t], 0),
      tf.pad(
        t,
        [
          [0, 1],
          [2, 0],
          [1, 1],
          [0, 0],
        ],
        0.5,
      ),
      tf.tile(t, [1, 2, 1, 3]),
      tf.reshape(t, [6, 20]),
      ...tf.split(t, [1, 2], 1),
      ...tf.split(t, 5, 2),
      tf.stack([t, tf.neg(t)], 1),
      tf.stack([t, t, t], 4),
      ...tf.unstack(t, 2),
    ]);
    await assertParity([x], (t) =>
      tf.grad((u: tf.Tensor) =>
        tf.add(
          tf.sum(tf.mul(tf.concat([tf.slice(u, [0, 1, 0, 0], [2, 2, 5, 4]), tf.mul(u, 2)], 1), 1.5)),
          tf.sum(tf.mul(tf.transpose(u, [0, 1, 3, 2]), tf.range(0, 5))),
        ),
      )(t),
    );
  });

  test('matmul, batch matmul with transposes and broadcasting, fused matmul', async () => {
    const a = randn(5, 7);
    const b = randn(7, 3);
    await assertParity([a, b], (x, y) => [
      tf.matMul(x, y),
      tf.matMul(x, x, false, true),
      tf.matMul(y, x, true, true),
    ]);
    const p = randn(4, 5, 7);
    const q = randn(4, 7, 2);
    await assertParity([p, q, b], (x, y, z) => [
      tf.matMul(x, y),
      tf.matMul(x, z),
      tf.matMul(y, x, true, true),
    ]);
    await assertParity([p, q], (x, y) =>
      tf.grads((u: tf.Tensor, v: tf.Tensor) => tf.sum(tf.matMul(u, v)))([x, y]),
    );
    const bias = randn(3);
    await assertParity([a, b, bias], (x, y, z) => [
      tf.fused.matMul({ a: x, b: y, bias: z, activation: 'relu' }),
      tf.fused.matMul({ a: x, b: y, bias: z, activation: 'leakyrelu', leakyreluAlpha: 0.1 }),
    ]);
    await assertParity([a, b, bias], (x, y, z) =>
      tf.grads((u: tf.Tensor, v: tf.Tensor, w: tf.Tensor) =>
        tf.sum(tf.fused.matMul({ a: u as tf.Tensor2D, b: v as tf.Tensor2D, bias: w, activation: 'elu' })),
      )([x, y, z]),
    );
  });

  test('gather and one-hot (conditional models: label embeddings)', async () => {
    const table = randn(10, 4);
    const idx = randint(0, 10, 6);
    await assertParity([table, idx], (t, i) => [
      tf.gather(t, i),
      tf.gather(t, tf.tensor1d([3, 0], 'int32'), 1),
      tf.oneHot(i, 10),
      tf.oneHot(i, 10, 2, -1, 'float32'),
    ]);
    await assertParity([table, idx], (t, i) =>
      tf.grad((u: tf.Tensor) => tf.sum(tf.square(tf.gather(u, i))))(t),
    );
  });

  test('softmax (last axis) forward and gradient', async () => {
    const x = randn(4, 3, 11);
    await assertParity([x], (t) => [tf.softmax(tf.mul(t, 5)), tf.logSoftmax(t)]);
    await assertParity([x], (t) =>
      tf.grad((u: tf.Tensor) => tf.sum(tf.mul(tf.softmax(u), tf.range(0, 11))))(t),
    );
  });

  test('fill, zerosLike, onesLike, addN', async () => {
    const x = randn(3, 4);
    await assertParity([x], (t) => [
      tf.fill([2, 3], 1.5),
      tf.zerosLike(t),
      tf.onesLike(t),
      tf.addN([t, t, tf.neg(t)]),
    ]);
  });
});
