/**
 * gankit's wasm kernels against the tfjs cpu backend (and PyTorch where available): the convolution
 * gradients on odd shapes, strides, paddings and layouts, the built-in gradients GAN layers rely on,
 * the fused Adam update against the composite it replaces, and whole DCGAN / MLP-GAN training steps.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import { PHASES_MIN_CHANNELS } from '../../src/backend/wasm/conv2d-backprop-input.js';
import { WASM_KERNEL_CONFIGS } from '../../src/backend/wasm/index.js';
import {
  type FixtureGan,
  type StepLosses,
  TINY_DCGAN,
  buildDcgan,
  buildMlpGan,
  makeBatch,
  makeGanStep,
} from './fixtures/gan.js';
import { type Result, assertClose, assertFusedAdamExact, runOn, seeded, torchAvailable } from './helpers.js';

const RTOL = 1e-4;

type Pad =
  | 'same'
  | 'valid'
  | number
  | [[number, number], [number, number], [number, number], [number, number]];
interface ConvCase {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: Pad;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

const CASES: ConvCase[] = [
  { x: [2, 9, 7, 3], filter: [3, 3, 3, 5], strides: 1, pad: 'same' },
  { x: [2, 9, 7, 3], filter: [3, 3, 3, 5], strides: 2, pad: 'same' },
  { x: [1, 9, 7, 3], filter: [4, 2, 3, 5], strides: 2, pad: 'valid' },
  { x: [1, 8, 8, 1], filter: [3, 3, 1, 2], strides: 1, pad: 'valid' },
  { x: [3, 10, 11, 2], filter: [5, 5, 2, 4], strides: [2, 3], pad: 'same' },
  { x: [1, 6, 6, 1], filter: [3, 3, 1, 2], strides: 1, pad: 2 },
  { x: [2, 7, 7, 4], filter: [5, 5, 4, 3], strides: 2, pad: 'same' },
  { x: [1, 3, 2, 2], filter: [5, 5, 2, 3], strides: 1, pad: 'same' },
  { x: [2, 4, 5, 3], filter: [4, 5, 3, 2], strides: 1, pad: 'valid' },
  { x: [2, 7, 8, 2], filter: [1, 2, 2, 3], strides: [2, 3], pad: 'valid' },
  { x: [1, 7, 8, 2], filter: [1, 2, 2, 3], strides: [2, 3], pad: 'same' },
  { x: [1, 8, 8, 2], filter: [3, 3, 2, 2], strides: 2, pad: 1, dimRoundingMode: 'floor' },
  // From PHASES_MIN_CHANNELS input channels on, Conv2DBackpropInput switches algorithm: test both.
  { x: [2, 9, 8, PHASES_MIN_CHANNELS], filter: [5, 5, PHASES_MIN_CHANNELS, 3], strides: 2, pad: 'same' },
  {
    x: [1, 9, 7, PHASES_MIN_CHANNELS],
    filter: [4, 2, PHASES_MIN_CHANNELS, 2],
    strides: [2, 3],
    pad: 'valid',
  },
  { x: [1, 7, 8, PHASES_MIN_CHANNELS], filter: [1, 2, PHASES_MIN_CHANNELS, 2], strides: [2, 3], pad: 'same' },
  { x: [1, 6, 7, PHASES_MIN_CHANNELS], filter: [1, 2, PHASES_MIN_CHANNELS, 2], strides: [2, 3], pad: 'same' },
  { x: [1, 5, 6, PHASES_MIN_CHANNELS], filter: [3, 3, PHASES_MIN_CHANNELS, 4], strides: 1, pad: 1 },
  {
    x: [1, 5, 8, 2],
    filter: [2, 3, 2, 3],
    strides: [1, 2],
    pad: [
      [0, 0],
      [1, 0],
      [0, 2],
      [0, 0],
    ],
  },
];

const label = (c: ConvCase) =>
  `x ${c.x} filter ${c.filter} strides ${c.strides} pad ${JSON.stringify(c.pad)} ${c.dimRoundingMode ?? ''}`;

/** `tf.conv2d` with the case's geometry. */
const conv = (c: ConvCase, x: tf.Tensor, w: tf.Tensor) =>
  tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.strides, c.pad, 'NHWC', 1, c.dimRoundingMode);

async function onBoth(compute: () => tf.Tensor | tf.Tensor[]): Promise<{ cpu: Result; wasm: Result }> {
  const cpu = await runOn('cpu', compute);
  const wasm = await runOn('wasm', compute);
  return { cpu, wasm };
}

before(async () => {
  await initBackend('cpu');
  await initBackend('wasm');
});

test('the wasm backend runs gankit kernels', () => {
  for (const config of WASM_KERNEL_CONFIGS) {
    assert.equal(tf.getKernel(config.kernelName, 'wasm')?.kernelFunc, config.kernelFunc, config.kernelName);
  }
});

describe('Conv2D gradients (Conv2DBackpropInput, Conv2DBackpropFilter) match cpu', () => {
  CASES.forEach((c, i) => {
    test(label(c), async () => {
      const x = seeded(c.x, 10 + i);
      const w = seeded(c.filter, 20 + i);
      const yShape = tf.tidy(() => conv(c, x, w).shape);
      const dy = seeded(yShape, 30 + i);
      const grads = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.mul(conv(c, xx, ww), dy)));
      const { cpu, wasm } = await onBoth(() => grads([x, w]));
      assertClose(wasm, cpu, RTOL, label(c));
      tf.dispose([x, w, dy]);
    });
  });
});

describe('Conv2DTranspose forward (Conv2DBackpropInput) and its gradients match cpu', () => {
  CASES.forEach((c, i) => {
    test(label(c), async () => {
      const w = seeded(c.filter, 40 + i);
      const inShape = tf.tidy(() => conv(c, tf.zeros(c.x), w).shape);
      const input = seeded(inShape, 50 + i);
      const dOut = seeded(c.x, 60 + i);
      const deconv = (v: tf.Tensor, ww: tf.Tensor) =>
        tf.conv2dTranspose(v as tf.Tensor4D, ww as tf.Tensor4D, c.x, c.strides, c.pad, c.dimRoundingMode);
      const grads = tf.grads((v: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.mul(deconv(v, ww), dOut)));
      const { cpu, wasm } = await onBoth(() => [deconv(input, w), ...grads([input, w])]);
      assertClose(wasm, cpu, RTOL, label(c));
      tf.dispose([w, input, dOut]);
    });
  });
});

test("Conv2D and FusedConv2D with 'same' padding match cpu when filters are smaller than strides", async () => {
  // The package's kernels let XNNPACK derive 'same' padding, wrong for these geometries.
  const geometries: [number[], number[], number | [number, number]][] = [
    [[2, 9, 9, 3], [2, 2, 3, 4], 3],
    [
      [1, 6, 7, 2],
      [1, 2, 2, 3],
      [2, 3],
    ],
    [[2, 8, 8, 3], [3, 3, 3, 2], 2],
  ];
  for (const [i, [xs, fs, strides]] of geometries.entries()) {
    const x = seeded(xs, 150 + i);
    const w = seeded(fs, 160 + i);
    const bias = seeded([fs[3]], 170 + i);
    const fused = (xx: tf.Tensor, ww: tf.Tensor) =>
      tf.fused.conv2d({
        x: xx as tf.Tensor4D,
        filter: ww as tf.Tensor4D,
        strides,
        pad: 'same',
        bias,
        activation: 'relu',
      });
    const plain = (xx: tf.Tensor, ww: tf.Tensor) =>
      tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, strides, 'same');
    const grads = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.square(fused(xx, ww))));
    const { cpu, wasm } = await onBoth(() => [plain(x, w), fused(x, w), ...grads([x, w])]);
    assertClose(wasm, cpu, RTOL, `same padding ${xs} ${fs} ${strides}`);
    tf.dispose([x, w, bias]);
  }
});

test('both kernels accept NCHW like the cpu backend', async () => {
  const c = CASES[4];
  const toNchw = (s: number[]) => [s[0], s[3], s[1], s[2]];
  const x = seeded(toNchw(c.x), 70);
  const w = seeded(c.filter, 71);
  const yShape = tf.tidy(() => conv(c, tf.zeros(c.x), w).shape);
  const dy = seeded(toNchw(yShape), 72);
  const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NCHW' };
  const { cpu, wasm } = await onBoth(() => [
    tf
      .engine()
      .runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: c.filter }) as tf.Tensor,
    tf
      .engine()
      .runKernel(
        'Conv2DBackpropInput',
        { dy, filter: w },
        { ...attrs, inputShape: toNchw(c.x) },
      ) as tf.Tensor,
  ]);
  assertClose(wasm, cpu, RTOL, 'NCHW');
  tf.dispose([x, w, dy]);
});

/**
 * Conv2D gradients straight from the definition (NHWC, HWIO, stride `s`, padding `top`/`left`):
 * dx[ih, iw, ci] and dW[kh, kw, ci, co] sum dy[oh, ow, co] over every tap that links them.
 */
function directConvGrads(
  x: tf.Tensor,
  w: tf.Tensor,
  dy: tf.Tensor,
  s: number,
  top: number,
  left: number,
): Float32Array[] {
  const [n, h, wd, ci] = x.shape;
  const [kh, kw, , co] = w.shape;
  const [, oh, ow] = dy.shape;
  const [X, W, DY] = [x.dataSync(), w.dataSync(), dy.dataSync()];
  const dx = new Float32Array(X.length);
  const dw = new Float32Array(W.length);
  for (let b = 0; b < n; b++)
    for (let r = 0; r < oh; r++)
      for (let c = 0; c < ow; c++)
        for (let i = 0; i < kh; i++)
          for (let j = 0; j < kw; j++) {
            const ih = r * s - top + i;
            const iw = c * s - left + j;
            if (ih < 0 || ih >= h || iw < 0 || iw >= wd) continue;
            for (let p = 0; p < ci; p++)
              for (let q = 0; q < co; q++) {
                const xi = ((b * h + ih) * wd + iw) * ci + p;
                const wi = ((i * kw + j) * ci + p) * co + q;
                const yi = ((b * oh + r) * ow + c) * co + q;
                dx[xi] += DY[yi] * W[wi];
                dw[wi] += DY[yi] * X[xi];
              }
          }
  return [dx, dw];
}

for (const channels of [2, PHASES_MIN_CHANNELS]) {
  test(`numeric pad with dimRoundingMode 'ceil' (${channels} channels): wasm gradients follow the definition`, async () => {
    // tfjs-core's Conv2D gradient drops dimRoundingMode, so a kernel that recomputes the output size
    // from the attributes (as the cpu backend's does) reads a 5×5 dy as 4×4. Ours take it from dy.
    const x = seeded([2, 8, 8, channels], 140);
    const w = seeded([3, 3, channels, 3], 141);
    const dy = seeded([2, 5, 5, 3], 142);
    const grads = tf.grads((xx: tf.Tensor, ww: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, 2, 1, 'NHWC', 1, 'ceil'), dy)),
    );
    const wasm = await runOn('wasm', () => grads([x, w]));
    const direct = { shapes: [x.shape, w.shape], values: directConvGrads(x, w, dy, 2, 1, 1) };
    assertClose(wasm, direct, RTOL, 'ceil');
    tf.dispose([x, w, dy]);
  });
}

test('convolution gradients on wasm match PyTorch (5×5, stride 2, TF "same" padding)', async (t) => {
  const torch = torchAvailable();
  if (torch !== true) {
    t.skip(torch);
    return;
  }
  const xShape = [2, 9, 8, 3];
  const fShape = [5, 5, 3, 4];
  const x = seeded(xShape, 80);
  const w = seeded(fShape, 81);
  const yShape = tf.tidy(() => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, 'same').shape);
  const dy = seeded(yShape, 82);
  const grads = tf.grads((xx: tf.Tensor, ww: tf.Tensor) =>
    tf.sum(tf.mul(tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, 2, 'same'), dy)),
  );
  const wasm = await runOn('wasm', () => grads([x, w]));
  // PyTorch in NCHW/OIHW with TF's "same" padding (the extra row/column goes at the bottom/right).
  const script = `
import json, sys, torch, torch.nn.functional as F
d = json.load(sys.stdin)
x = torch.tensor(d['x']).reshape(d['xs']).permute(0, 3, 1, 2).double().requires_grad_()
w = torch.tensor(d['w']).reshape(d['fs']).permute(3, 2, 0, 1).double().requires_grad_()
dy = torch.tensor(d['dy']).reshape(d['ys']).permute(0, 3, 1, 2).double()
pads = []
for size, k, out in ((d['xs'][2], d['fs'][1], d['ys'][2]), (d['xs'][1], d['fs'][0], d['ys'][1])):
    total = max((out - 1) * 2 + k - size, 0)
    pads += [total // 2, total - total // 2]
y = F.conv2d(F.pad(x, pads), w, stride=2)
(y * dy).sum().backward()
print(json.dumps([x.grad.permute(0, 2, 3, 1).flatten().tolist(), w.grad.permute(2, 3, 1, 0).flatten().tolist()]))
`;
  const input = JSON.stringify({
    x: [...x.dataSync()],
    xs: xShape,
    w: [...w.dataSync()],
    fs: fShape,
    dy: [...dy.dataSync()],
    ys: yShape,
  });
  const r = spawnSync('/usr/bin/python3', ['-c', script], { input, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const [gx, gw] = JSON.parse(r.stdout) as number[][];
  assertClose(
    wasm,
    { shapes: [xShape, fShape], values: [Float32Array.from(gx), Float32Array.from(gw)] },
    RTOL,
    'torch',
  );
  tf.dispose([x, w, dy]);
});

test('BatchMatMul matches cpu for every transpose combination, batched and broadcast', async () => {
  const shapes: [number[], number[], boolean, boolean][] = [
    [[7, 5], [5, 3], false, false],
    [[5, 7], [5, 3], true, false],
    [[7, 5], [3, 5], false, true],
    [[5, 7], [3, 5], true, true],
    [[1, 9, 4], [1, 4, 6], false, false],
    [[1, 4, 9], [6, 4], true, true],
    [[2, 3, 4, 5], [2, 3, 6, 5], false, true],
    [[3, 4, 5], [1, 4, 2], true, false],
  ];
  for (const [i, [sa, sb, ta, tb]] of shapes.entries()) {
    const a = seeded(sa, 100 + i);
    const b = seeded(sb, 110 + i);
    const { cpu, wasm } = await onBoth(() => tf.matMul(a, b, ta, tb));
    assertClose(wasm, cpu, RTOL, `matMul ${sa} ${sb} ${ta} ${tb}`);
    tf.dispose([a, b]);
  }
});

test('Tile matches cpu for float32, int32 and bool, ranks 1 to 5', async () => {
  const cases: [number[], number[]][] = [
    [[5], [3]],
    [
      [2, 3],
      [2, 1],
    ],
    [
      [1, 1, 1, 4],
      [3, 2, 5, 1],
    ],
    [
      [2, 1, 3],
      [1, 4, 2],
    ],
    [
      [2, 2, 1, 2, 3],
      [2, 1, 3, 1, 2],
    ],
    [
      [3, 2],
      [0, 2],
    ],
  ];
  for (const [i, [shape, reps]] of cases.entries()) {
    const x = seeded(shape, 120 + i);
    const { cpu, wasm } = await onBoth(() => [
      tf.tile(x, reps),
      tf.cast(tf.tile(tf.cast(tf.mul(x, 100), 'int32'), reps), 'float32'),
      tf.cast(tf.tile(tf.greater(x, 0), reps), 'float32'),
    ]);
    assertClose(wasm, cpu, 0, `tile ${shape} × ${reps}`);
    tf.dispose(x);
  }
});

test('OneHot writes its dtype: float32 and bool as cpu does (stock wasm 4.22 wrote int32 bits), int32 unchanged', async () => {
  const cases: [number[], number[], 'float32' | 'int32' | 'bool', number, number][] = [
    [[0, 2, -1, 3, 1, 7], [6], 'float32', 0.75, -2],
    [[0, 2, -1, 3, 1, 7], [6], 'int32', 5, -1],
    [[0, 2, -1, 3, 1, 7], [6], 'bool', 1, 0],
    [[1, 0, 2, 2], [2, 2], 'float32', 1, 0],
  ];
  for (const [labels, shape, dtype, on, off] of cases) {
    const make = () => tf.oneHot(tf.tensor(labels, shape, 'int32'), 4, on, off, dtype);
    const cpu = await runOn('cpu', make);
    const wasm = await runOn('wasm', make);
    await tf.setBackend('wasm');
    assert.equal(
      tf.tidy(() => make().dtype),
      dtype,
    );
    assert.deepEqual(wasm.shapes, cpu.shapes, `${dtype} ${shape}`);
    assert.deepEqual(Array.from(wasm.values[0]), Array.from(cpu.values[0]), `${dtype} ${shape}`);
  }
});

test('Identity shares the buffer: a clone outlives its source and keeps its values', async () => {
  await tf.setBackend('wasm');
  const buffersBefore = tf.backend().numDataIds();
  const x = seeded([3, 4], 130);
  const expected = x.dataSync().slice();
  const y = tf.clone(x);
  assert.equal(tf.backend().numDataIds(), buffersBefore + 1, 'no second buffer');
  x.dispose();
  assert.deepEqual(y.dataSync(), expected);
  y.dispose();
  assert.equal(tf.backend().numDataIds(), buffersBefore, 'freed with the last reference');
  const strings = tf.tensor(['a', 'bc']);
  const s = tf.clone(strings);
  assert.deepEqual(s.dataSync(), ['a', 'bc']);
  tf.dispose([strings, s]);
});

test('DepthwiseConv2D gradients match cpu (channel multiplier, strides, paddings)', async () => {
  const cases: [number[], number[], number | [number, number], Pad][] = [
    [[2, 7, 6, 3], [3, 3, 3, 2], 1, 'same'],
    [[1, 9, 8, 2], [5, 4, 2, 1], [2, 3], 'same'],
    [[2, 8, 7, 4], [2, 3, 4, 3], 2, 'valid'],
    [[1, 6, 6, 2], [3, 3, 2, 2], 1, 1],
  ];
  for (const [i, [xs, fs, strides, pad]] of cases.entries()) {
    const x = seeded(xs, 200 + i);
    const w = seeded(fs, 210 + i);
    const conv = (xx: tf.Tensor, ww: tf.Tensor) =>
      tf.depthwiseConv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, strides, pad);
    const dy = seeded(
      tf.tidy(() => conv(x, w).shape),
      220 + i,
    );
    const grads = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.mul(conv(xx, ww), dy)));
    const { cpu, wasm } = await onBoth(() => grads([x, w]));
    assertClose(wasm, cpu, RTOL, `depthwise ${xs} ${fs} ${strides} ${pad}`);
    tf.dispose([x, w, dy]);
  }
});

test('UnsortedSegmentSum matches cpu (float32, int32, dropped ids)', async () => {
  const x = seeded([6, 4, 3], 180);
  const ids = tf.tensor1d([2, 0, 2, -1, 5, 1], 'int32');
  const { cpu, wasm } = await onBoth(() => [
    tf.unsortedSegmentSum(x, ids, 4),
    tf.cast(tf.unsortedSegmentSum(tf.cast(tf.mul(x, 10), 'int32'), ids, 3), 'float32'),
  ]);
  assertClose(wasm, cpu, RTOL, 'unsortedSegmentSum');
  tf.dispose([x, ids]);
});

test('Gather and Embedding gradients (conditional-GAN labels) match cpu', async () => {
  const table = seeded([5, 3], 190);
  const labels = tf.tensor2d([[4], [0], [4], [2]], [4, 1], 'int32');
  const dy = seeded([4, 1, 3], 191);
  const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, labels), dy)));
  const { cpu, wasm } = await onBoth(() => g(table));
  assertClose(wasm, cpu, RTOL, 'gather gradient');
  tf.dispose([table, labels, dy]);
});

test('gradients of the other GAN layer ops match cpu on wasm', async () => {
  const x = seeded([2, 6, 5, 3], 90);
  const dy = seeded([2, 6, 5, 3], 91);
  const ops: Record<string, (v: tf.Tensor) => tf.Tensor> = {
    selu: tf.selu,
    leakyRelu: (v) => tf.leakyRelu(v, 0.2),
    relu: tf.relu,
    tanh: tf.tanh,
    sigmoid: tf.sigmoid,
    instanceNorm: (v) => {
      const { mean, variance } = tf.moments(v, [1, 2], true);
      return tf.mul(tf.sub(v, mean), tf.rsqrt(tf.add(variance, 1e-5)));
    },
    batchNorm: (v) => {
      const { mean, variance } = tf.moments(v, [0, 1, 2]);
      return tf.batchNorm(v, mean, variance, tf.fill([3], 0.5), tf.fill([3], 2), 1e-3);
    },
    avgPool: (v) => tf.avgPool(v as tf.Tensor4D, 2, 1, 'same'),
    maxPool: (v) => tf.maxPool(v as tf.Tensor4D, 3, 1, 'same'),
    concat: (v) => tf.slice(tf.concat([v, tf.square(v)], 3), [0, 0, 0, 1], [2, 6, 5, 3]),
  };
  for (const [name, op] of Object.entries(ops)) {
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(op(v), dy)));
    const { cpu, wasm } = await onBoth(() => [op(x), g(x)]);
    assertClose(wasm, cpu, RTOL, name);
  }
  tf.dispose([x, dy]);
});

test('UpSampling2D (ResizeNearestNeighbor) gradient on wasm is the 2×2 block sum of dy', async () => {
  // Checked against the definition, not the cpu backend: tfjs-backend-cpu 4.22's
  // ResizeNearestNeighborGrad mixes up batch elements when batch > 1 (wasm's is right).
  const x = seeded([2, 6, 5, 3], 92);
  const dy = seeded([2, 12, 10, 3], 93);
  const g = tf.grad((v: tf.Tensor) =>
    tf.sum(tf.mul(tf.image.resizeNearestNeighbor(v as tf.Tensor4D, [12, 10]), dy)),
  );
  const wasm = await runOn('wasm', () => g(x));
  const blockSum = await runOn('cpu', () => tf.mul(tf.avgPool(dy as tf.Tensor4D, 2, 2, 'valid'), 4));
  assertClose(wasm, blockSum, RTOL, 'upsampling gradient');
  tf.dispose([x, dy]);
});

/** Builds a GAN on `backendName`, trains `steps` steps on one fixed batch, returns losses and weights. */
async function train(
  backendName: string,
  build: () => FixtureGan,
  optimizer: () => tf.Optimizer,
  steps: number,
  batch: number,
): Promise<{ losses: StepLosses[]; weights: Result; tensorsPerStep: number[]; buffersPerStep: number[] }> {
  await tf.setBackend(backendName);
  const gan = build();
  const dOptimizer = optimizer();
  const gOptimizer = optimizer();
  const step = makeGanStep(gan, { dOptimizer, gOptimizer });
  const { real, z } = makeBatch(gan, batch, 5);
  const losses: StepLosses[] = [];
  const tensorsPerStep: number[] = [];
  // Our kernels make intermediates behind the engine's back: count the backend's buffers too.
  const buffersPerStep: number[] = [];
  for (let i = 0; i < steps; i++) {
    losses.push(step(real, z));
    tensorsPerStep.push(tf.memory().numTensors);
    buffersPerStep.push(tf.backend().numDataIds());
  }
  const all = [...gan.generator.getWeights(), ...gan.discriminator.getWeights()];
  const weights = { shapes: all.map((w) => w.shape), values: all.map((w) => w.dataSync() as Float32Array) };
  tf.dispose([real, z]);
  dOptimizer.dispose();
  gOptimizer.dispose();
  gan.generator.dispose();
  gan.discriminator.dispose();
  return { losses, weights, tensorsPerStep, buffersPerStep };
}

function assertLossesClose(a: StepLosses[], b: StepLosses[]): void {
  a.forEach((l, i) => {
    for (const k of ['dLoss', 'gLoss'] as const) {
      assert.ok(
        Math.abs(l[k] - b[i][k]) <= RTOL * Math.abs(b[i][k]),
        `step ${i} ${k}: ${l[k]} vs ${b[i][k]}`,
      );
    }
  });
}

test('a DCGAN trains on wasm exactly as on cpu (losses, weights), without leaking tensors', async () => {
  const build = () => buildDcgan(TINY_DCGAN, 7);
  const rmsprop = () => tf.train.rmsprop(1e-3);
  const cpu = await train('cpu', build, rmsprop, 3, 4);
  const wasm = await train('wasm', build, rmsprop, 3, 4);
  assertLossesClose(wasm.losses, cpu.losses);
  // Weights after three updates: RMSprop's first steps move each weight by ≈ lr whatever the gradient's
  // scale, so this checks every gradient, including those too small to move the losses.
  assertClose(wasm.weights, cpu.weights, RTOL, 'weights');
  // Optimizer slots appear at the first step; afterwards a step must leave no tensor behind.
  assert.equal(wasm.tensorsPerStep[2], wasm.tensorsPerStep[1], `tensors per step: ${wasm.tensorsPerStep}`);
  assert.equal(
    wasm.buffersPerStep[2],
    wasm.buffersPerStep[1],
    `wasm buffers per step: ${wasm.buffersPerStep}`,
  );
});

test('an MLP GAN trains on wasm as on cpu with Adam and with SGD', async () => {
  for (const [name, optimizer] of [
    ['adam', () => tf.train.adam(1e-2, 0.5)],
    ['sgd', () => tf.train.sgd(0.1)],
  ] as const) {
    const cpu = await train('cpu', () => buildMlpGan(3), optimizer, 3, 8);
    const wasm = await train('wasm', () => buildMlpGan(3), optimizer, 3, 8);
    assertLossesClose(wasm.losses, cpu.losses);
    assertClose(wasm.weights, cpu.weights, RTOL, `${name} weights`);
    assert.equal(wasm.tensorsPerStep[2], wasm.tensorsPerStep[1], `${name} tensors per step`);
    assert.equal(wasm.buffersPerStep[2], wasm.buffersPerStep[1], `${name} wasm buffers per step`);
  }
});

test('the fused Adam kernel on wasm gives the bits of the composite update it replaces', async () => {
  await initBackend('wasm');
  assertFusedAdamExact('wasm', [[[33, 7], 30]]);
});
