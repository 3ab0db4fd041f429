/**
 * The fixes the tfjs-core conformance suite led to (test/backend/conformance.test.ts runs the whole
 * suite), each pinned on its own: kernels called with shapes that do not fit throw instead of reading
 * past a buffer (BatchMatMul, Concat, Pack, ExpandDims, on native and gankit's wasm BatchMatMul), Max and
 * Min keep NaN, pooling with `dimRoundingMode`, the conv2dTranspose case whose dy is larger than the
 * output it stands for, complex64 on native (kept on the cpu fallback, nothing leaked), and the fallback
 * with list-valued inputs (ragged ops) and Tensor-only attributes (`rank`, Dilation2D's gradient).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import type { NativeBackend } from '../../src/backend/native/backend.js';
import { type Input, assertParity, randn, runOn, skipNative } from './native-helpers.js';

/** Runs kernel `name` directly (no op-level checks) and returns the error it throws, if any. */
function kernelError(
  name: string,
  inputs: tf.NamedTensorMap | tf.Tensor[],
  attrs: tf.NamedAttrMap,
): Error | undefined {
  try {
    tf.tidy(() => {
      (tf.engine().runKernel(name, inputs as unknown as tf.NamedTensorMap, attrs) as tf.Tensor).dataSync();
    });
  } catch (err) {
    return err as Error;
  }
  return undefined;
}

const values = (shape: number[]) =>
  tf.tensor(
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i),
    shape,
  );

for (const backend of ['native', 'wasm'] as const) {
  test(
    `${backend}: BatchMatMul with mismatched inner dimensions throws, transposed or not`,
    { skip: backend === 'native' && skipNative },
    async () => {
      await initBackend(backend);
      for (const [ta, tb, aShape, bShape] of [
        [false, false, [1, 2, 3], [1, 4, 2]],
        [false, true, [1, 2, 3], [1, 2, 4]],
        [true, false, [1, 2, 3], [1, 3, 2]],
        [true, true, [1, 2, 3], [1, 3, 3]],
        [false, true, [2, 5], [4, 4]],
      ] as [boolean, boolean, number[], number[]][]) {
        const a = values(aShape);
        const b = values(bShape);
        const err = kernelError('BatchMatMul', { a, b }, { transposeA: ta, transposeB: tb });
        assert.match(String(err), /inner shapes/, `a ${aShape} b ${bShape} ta=${ta} tb=${tb}`);
        tf.dispose([a, b]);
      }
    },
  );
}

describe('native kernels throw for shapes that do not fit', { skip: skipNative }, () => {
  test('Concat with a differing non-axis dimension, Pack with differing shapes, ExpandDims out of range', async () => {
    await initBackend('native');
    const a = values([2, 3]);
    const b = values([3, 3]);
    assert.match(String(kernelError('Concat', [a, b], { axis: 1 })), /does not match the shape of the rest/);
    const c = values([2]);
    const d = values([3]);
    assert.match(String(kernelError('Pack', [c, d], { axis: 0 })), /must have matching shapes/);
    assert.match(
      String(kernelError('ExpandDims', { input: c }, { dim: -3 })),
      /Axis must be in the interval/,
    );
    assert.match(String(kernelError('ExpandDims', { input: c }, { dim: 2 })), /Axis must be in the interval/);
    // The valid extremes still work.
    assert.deepEqual(tf.expandDims(c, -2).shape, [1, 2]);
    assert.deepEqual(tf.expandDims(c, 1).shape, [2, 1]);
    tf.dispose([a, b, c, d]);
  });

  test('GatherV2 with an index out of range names it as tfjs does', async () => {
    await initBackend('native');
    const x = values([2, 3]);
    const i = tf.tensor1d([0, 100], 'int32');
    assert.match(
      String(kernelError('GatherV2', { x, indices: i }, { axis: 0, batchDims: 0 })),
      /GatherV2: the index value 100 is not in \[0, 1\]/,
    );
    tf.dispose([x, i]);
  });
});

describe('native reductions and pooling match tfjs', { skip: skipNative }, () => {
  test('Max and Min return NaN wherever a NaN is, first, middle or last, on every reduction path', async () => {
    const n = 1 << 19; // long enough for the threaded path
    for (const at of [0, 1, 7, n - 1]) {
      const v = new Float32Array(n).map((_, i) => (i % 97) - 40);
      v[at] = Number.NaN;
      const x: Input = { shape: [n], values: v, dtype: 'float32' };
      const rows: Input = { shape: [n / 64, 64], values: v, dtype: 'float32' };
      const out = await runOn('native', [x, rows], (t, r) => [
        tf.max(t),
        tf.min(t),
        tf.max(r, 1),
        tf.min(r, 0),
      ]);
      assert.ok(Number.isNaN(out[0].values[0]) && Number.isNaN(out[1].values[0]), `NaN at ${at} dropped`);
      assert.ok(Number.isNaN(out[2].values[Math.floor(at / 64)]), `row max at ${at}`);
      assert.ok(Number.isNaN(out[3].values[at % 64]), `column min at ${at}`);
    }
  });

  test("MaxPool and AvgPool with dimRoundingMode 'floor', 'round' and 'ceil': forward as cpu, gradients numerically", async () => {
    // tfjs's cpu MaxPoolGrad is wrong for 'round'/'ceil' windows (it disagrees with central differences of
    // its own forward pass), so max-pool gradients are checked against those differences. AvgPoolGrad
    // is a tfjs convention (it divides by the whole window, while the forward pass averages in-bounds
    // pixels only), so the average-pool gradient is compared with cpu's.
    for (const [shape, f, s, p] of [
      [[1, 5, 5, 2], 2, 3, 1],
      [[2, 7, 6, 2], 3, 2, 1],
      [[1, 2, 2, 3], 2, 3, 1], // 'ceil' leaves a window wholly in the padding
      [[1, 6, 6, 1], 3, 2, 0],
    ] as [number[], number, number, number][]) {
      for (const mode of ['floor', 'round', 'ceil'] as const) {
        const x = randn(...shape);
        const pools = [
          (u: tf.Tensor) => tf.maxPool(u as tf.Tensor4D, f, s, p, mode),
          (u: tf.Tensor) => tf.avgPool(u as tf.Tensor4D, f, s, p, mode),
        ];
        await assertParity([x], (t) => pools.map((pool) => pool(t)));
        await initBackend('native');
        const avgGrad = tf.tidy(() =>
          tf
            .grad((u) => tf.sum(pools[1](u)))(tf.tensor(x.values, shape))
            .dataSync(),
        );
        const want = avgPoolGradOfSum(shape, f, s, p, mode);
        avgGrad.forEach((v, i) =>
          assert.ok(Math.abs(v - want[i]) < 1e-6, `avg ${shape} ${mode}: d/dx[${i}] ${v} vs ${want[i]}`),
        );
        for (const pool of pools.slice(0, 1)) {
          const what = `max ${shape} f=${f} s=${s} p=${p} ${mode}`;
          await initBackend('cpu');
          const r = tf.tidy(() => tf.randomUniform(pool(tf.zeros(shape)).shape, -1, 1, 'float32', 7));
          // A window wholly in the padding gives −Infinity; it is left out of the loss.
          const loss = (u: tf.Tensor) => {
            const y = pool(u);
            return tf.sum(tf.mul(tf.where(tf.isFinite(y), y, tf.zerosLike(y)), r));
          };
          // Central differences; NaN where the one-sided ones disagree (the step crossed a change of
          // argmax, where max pooling is not differentiable).
          const numeric = tf.tidy(() => {
            const out = new Float32Array(x.values.length);
            const e = 1e-2;
            const at = (i: number, d: number) => {
              const v = Float32Array.from(x.values as Float32Array);
              v[i] += d;
              return loss(tf.tensor(v, shape)).dataSync()[0];
            };
            const base = loss(tf.tensor(x.values, shape)).dataSync()[0];
            for (let i = 0; i < out.length; i++) {
              const up = (at(i, e) - base) / e;
              const down = (base - at(i, -e)) / e;
              out[i] = Math.abs(up - down) < 1e-3 ? (up + down) / 2 : Number.NaN;
            }
            return out;
          });
          await initBackend('native');
          const analytic = tf.tidy(() => tf.grad(loss)(tf.tensor(x.values, shape)).dataSync());
          const checked = numeric.filter((v) => !Number.isNaN(v)).length;
          assert.ok(checked > 0.8 * numeric.length, `${what}: only ${checked} differentiable points`);
          for (let i = 0; i < numeric.length; i++) {
            assert.ok(
              Number.isNaN(numeric[i]) || Math.abs(analytic[i] - numeric[i]) < 2e-3,
              `${what}: d/dx[${i}] ${analytic[i]} vs ${numeric[i]}`,
            );
          }
          r.dispose();
        }
      }
    }
  });

  test('a 1×1 pooling window that keeps the shape is the identity, whatever the padding', async () => {
    const x = randn(1, 2, 2, 3);
    await assertParity([x], (t) => [
      tf.pool(t as tf.Tensor4D, 1, 'max', 1, 1, 2),
      tf.pool(t as tf.Tensor4D, 1, 'avg', 1, 1, 2),
    ]);
  });
});

/**
 * tfjs's AvgPoolGrad for dy = 1, computed directly: every in-bounds pixel of every window gets
 * 1 / (window size), the whole window counted (tfjs's convention), the windows those of `mode`.
 */
function avgPoolGradOfSum(
  shape: number[],
  f: number,
  s: number,
  p: number,
  mode: 'floor' | 'round' | 'ceil',
): number[] {
  const [n, h, w, c] = shape;
  const info = tf.backend_util.computePool2DInfo(shape as [number, number, number, number], f, s, 1, p, mode);
  const dx = new Float64Array(n * h * w * c);
  for (let b = 0; b < n; b++)
    for (let oh = 0; oh < info.outHeight; oh++)
      for (let ow = 0; ow < info.outWidth; ow++)
        for (let kh = 0; kh < f; kh++)
          for (let kw = 0; kw < f; kw++) {
            const ih = oh * s - p + kh;
            const iw = ow * s - p + kw;
            if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
            for (let ch = 0; ch < c; ch++) dx[((b * h + ih) * w + iw) * c + ch] += 1 / (f * f);
          }
  return Array.from(dx);
}

/** tfjs-core's spec `conv2dTranspose input=8x8x8, output=4x4x8, f=8, s=1, p=same`: dy is larger than the output. */
function oversizedTranspose(x: tf.Tensor, w: tf.Tensor): tf.Tensor {
  return tf.conv2dTranspose(x as tf.Tensor4D, w as tf.Tensor4D, [1, 4, 4, 8], 1, 'same');
}

test('conv2dTranspose whose input is larger than the output it stands for matches cpu on native and wasm', async () => {
  const x = {
    shape: [1, 8, 8, 8],
    values: Float32Array.from({ length: 512 }, (_, i) => i % 5),
    dtype: 'float32',
  } as Input;
  const w = {
    shape: [8, 8, 8, 8],
    values: Float32Array.from({ length: 4096 }, (_, i) => i % 5),
    dtype: 'float32',
  } as Input;
  const want = await runOn('cpu', [x, w], oversizedTranspose);
  const backends = skipNative ? ['wasm'] : ['wasm', 'native'];
  for (const backend of backends) {
    await initBackend(backend as 'wasm' | 'native');
    const got = tf.tidy(() =>
      oversizedTranspose(tf.tensor(x.values, x.shape), tf.tensor(w.values, w.shape)).dataSync(),
    );
    assert.deepEqual(Array.from(got), want[0].values, backend);
  }
});

describe('complex64 and the cpu fallback on native', { skip: skipNative }, () => {
  test('complex arithmetic, FFT and parts match cpu, and nothing stays on the fallback afterwards', async () => {
    const re = randn(3, 8);
    const im = randn(3, 8);
    await assertParity([re, im], (r, i) => {
      const z = tf.complex(r, i);
      const w = tf.add(tf.mul(z, z), tf.reshape(z, [3, 8]));
      return [
        tf.real(w),
        tf.imag(w),
        tf.abs(z),
        tf.real(tf.spectral.fft(z)),
        tf.irfft(tf.spectral.rfft(r)),
        tf.concat([z, z], 1),
      ];
    });
    const b = tf.backend() as NativeBackend;
    assert.equal(b.fallback.numDataIds(), 0, 'complex tensors left on the cpu fallback');
  });

  test('a complex tensor moves between backends and reads back (its values live on the fallback)', async () => {
    await initBackend('cpu');
    const z = tf.complex([1, 2, 3], [4, 5, 6]);
    await initBackend('native');
    assert.deepEqual(Array.from(tf.real(z).dataSync()), [1, 2, 3]);
    assert.deepEqual(Array.from(z.dataSync()), [1, 4, 2, 5, 3, 6]);
    z.dispose();
    assert.equal((tf.backend() as NativeBackend).fallback.numDataIds(), 0);
  });

  test('list-valued inputs (raggedGather) and gradients that read Tensor fields (dilation2d) run on the fallback', async () => {
    const x = randn(1, 5, 5, 2);
    const f = randn(2, 2, 2);
    await assertParity([x, f], (t, k) =>
      tf.grads((a, b) => tf.sum(tf.dilation2d(a as tf.Tensor4D, b as tf.Tensor3D, 1, 'same')))([t, k]),
    );
    const splits: Input = { shape: [4], values: Int32Array.from([0, 2, 2, 5]), dtype: 'int32' };
    const dense: Input = { shape: [5], values: Float32Array.from([1, 2, 3, 4, 5]), dtype: 'float32' };
    const idx: Input = { shape: [2], values: Int32Array.from([2, 0]), dtype: 'int32' };
    await assertParity([splits, dense, idx], (s, d, i) => {
      const r = tf.raggedGather([s], d, i, 1);
      return [...r.outputNestedSplits, r.outputDenseValues];
    });
  });
});
