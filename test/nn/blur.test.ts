/**
 * StyleGAN's [1, 2, 1] blur (src/nn/blur.ts): equal to a depthwise convolution with the 3×3 outer
 * product, and — through an R1-like penalty, the second order that D's regularisers need and tfjs's
 * depthwise convolution cannot give — equal to torch's grouped conv2d under double backward, on the cpu
 * and native backends. The export's standard `DepthwiseConv2D` form is checked by test/export.
 */
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { type BackendName, initBackend } from '../../src/backend/index.js';
import { BLUR_TAPS, blur2d } from '../../src/nn/blur.js';
import { Rng } from '../../src/util/rng.js';
import { assertClose, runPython } from '../helpers/python-reference.js';

const BACKENDS: BackendName[] = ['cpu', 'native'];
const SHAPE: [number, number, number, number] = [2, 5, 6, 3];
const rng = new Rng(5);
const X = rng.normal(SHAPE.reduce((a, b) => a * b));
const W = Float32Array.from([0.7, -1.2, 0.4]);

/** The 3×3 kernel as a depthwise filter [3, 3, C, 1]. */
function depthwiseKernel(c: number): tf.Tensor4D {
  const k = tf.outerProduct(tf.tensor1d([...BLUR_TAPS]), tf.tensor1d([...BLUR_TAPS]));
  return tf.tile(tf.reshape(k, [3, 3, 1, 1]), [1, 1, c, 1]) as tf.Tensor4D;
}

/** y = Σ tanh(w_c · blur(x)); its gradient in x; and ∂/∂w of the penalty ‖∇ₓ y‖² (second order). */
function figures(): Record<string, number[]> {
  return tf.tidy(() => {
    const x = tf.tensor4d(X, SHAPE);
    const w = tf.tensor1d(W);
    const y = (input: tf.Tensor, weights: tf.Tensor) =>
      tf.sum(tf.tanh(tf.mul(blur2d(input as tf.Tensor4D), weights)));
    const gx = tf.grad((input: tf.Tensor) => y(input, w))(x);
    const penalty = (weights: tf.Tensor) =>
      tf.sum(tf.square(tf.grad((input: tf.Tensor) => y(input, weights))(x)));
    const pw = tf.grad(penalty)(w);
    return {
      out: Array.from(blur2d(x).dataSync()),
      gx: Array.from(gx.dataSync()),
      pw: Array.from(pw.dataSync()),
    };
  });
}

test('blur2d equals the depthwise convolution with [1, 2, 1]ᵀ[1, 2, 1] / 16, values and gradient', async () => {
  for (const backend of BACKENDS) {
    await initBackend(backend);
    tf.tidy(() => {
      const x = tf.tensor4d(X, SHAPE);
      const k = depthwiseKernel(SHAPE[3]);
      assertClose(
        blur2d(x).dataSync(),
        tf.depthwiseConv2d(x, k, 1, 'same').dataSync(),
        `${backend} forward`,
        1e-6,
      );
      const dy = tf.tensor4d(rng.normal(X.length), SHAPE);
      const ours = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(blur2d(v as tf.Tensor4D), dy)))(x);
      const theirs = tf.grad((v: tf.Tensor) =>
        tf.sum(tf.mul(tf.depthwiseConv2d(v as tf.Tensor4D, k, 1, 'same'), dy)),
      )(x);
      assertClose(ours.dataSync(), theirs.dataSync(), `${backend} gradient`, 1e-6);
    });
  }
});

const SCRIPT = `
import torch
d = json.load(sys.stdin)
n, h, w_, c = d["shape"]
x = torch.tensor(d["x"], dtype=torch.float64).reshape(n, h, w_, c).permute(0, 3, 1, 2).requires_grad_(True)
w = torch.tensor(d["w"], dtype=torch.float64, requires_grad=True)
t = torch.tensor([0.25, 0.5, 0.25], dtype=torch.float64)
k = torch.outer(t, t).reshape(1, 1, 3, 3).repeat(c, 1, 1, 1)
blur = lambda v: torch.nn.functional.conv2d(v, k, padding=1, groups=c)
y = torch.tanh(blur(x) * w.reshape(1, c, 1, 1)).sum()
gx, = torch.autograd.grad(y, x, create_graph=True)
pw, = torch.autograd.grad((gx ** 2).sum(), w)
nhwc = lambda v: v.permute(0, 2, 3, 1).reshape(-1).tolist()
print(json.dumps({"out": nhwc(blur(x).detach()), "gx": nhwc(gx.detach()), "pw": pw.tolist()}))
`;

test('through a gradient penalty: first and second order equal torch double backward', async (t) => {
  const ref = runPython<Record<string, number[]>>(
    SCRIPT,
    { shape: SHAPE, x: Array.from(X), w: Array.from(W) },
    ['torch'],
  );
  if (!ref.ok) {
    console.log(`skipped: ${ref.reason}`);
    t.skip(ref.reason);
    return;
  }
  for (const backend of BACKENDS) {
    await initBackend(backend);
    const got = figures();
    assertClose(got.out, ref.value.out, `${backend} blur`, 1e-6);
    assertClose(got.gx, ref.value.gx, `${backend} ∇x`, 1e-5, 1e-4);
    assertClose(got.pw, ref.value.pw, `${backend} ∂‖∇x‖²/∂w`, 1e-4, 1e-3);
  }
});
