import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import {
  type Block,
  checkpointedSequential,
  denseBlock,
  recomputeGrad,
  type Sequential,
} from '../../src/nn/checkpoint-grad.js';
import { Rng } from '../../src/util/rng.js';

await initBackend('cpu');

const rng = new Rng(5);

/** A deep MLP generator: `depth` blocks of `width`, leaky ReLU between, tanh out. */
function deepMlp(depth: number, inputs: number, width: number, outputs: number): Block[] {
  return Array.from({ length: depth }, (_, i) =>
    denseBlock({
      inputs: i === 0 ? inputs : width,
      units: i === depth - 1 ? outputs : width,
      activation: i === depth - 1 ? 'tanh' : 'leaky_relu(0.2)',
      seed: 100 + i,
    }),
  );
}

/** Loss Σ C ⊙ net(x) and its gradients w.r.t. x and every variable, as arrays. */
function gradients(net: Sequential, x: tf.Variable, c: tf.Tensor): { loss: number; grads: Float32Array[] } {
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(net.apply(x), c)), [x, ...net.variables]);
  const out = {
    loss: value.dataSync()[0],
    grads: [x, ...net.variables].map((v) => grads[v.name].dataSync() as Float32Array),
  };
  tf.dispose([value, ...Object.values(grads)]);
  return out;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

test('checkpointed gradients equal plain backpropagation (x and every weight, segments of 1 and 3)', () => {
  const blocks = deepMlp(8, 10, 24, 6);
  const x = tf.variable(tf.tensor2d(rng.normal(16 * 10), [16, 10]));
  const c = tf.tensor2d(rng.normal(16 * 6), [16, 6]);
  const plain = gradients(checkpointedSequential(blocks, { checkpoint: false }), x, c);
  for (const segmentSize of [1, 3]) {
    const net = checkpointedSequential(blocks, { segmentSize });
    const ck = gradients(net, x, c);
    assert.ok(
      Math.abs(ck.loss - plain.loss) <= 1e-6 * Math.abs(plain.loss),
      `loss, segments of ${segmentSize}`,
    );
    assert.equal(ck.grads.length, 1 + 16);
    ck.grads.forEach((g, i) => {
      assert.ok(
        g.some((v) => v !== 0),
        `gradient ${i} is not all zero`,
      );
      assert.ok(maxAbsDiff(g, plain.grads[i]) <= 1e-6, `gradient ${i}, segments of ${segmentSize}`);
    });
    // Repeated steps leave no tensors behind (saved inputs, recomputed intermediates, inner tapes).
    const before = tf.memory().numTensors;
    for (let k = 0; k < 3; k++) gradients(net, x, c);
    assert.equal(tf.memory().numTensors, before, `no leak, segments of ${segmentSize}`);
  }
  // Without a gradient tape the segment is a plain forward.
  const y0 = checkpointedSequential(blocks, { checkpoint: false }).apply(x);
  const y1 = checkpointedSequential(blocks).apply(x);
  assert.deepEqual(y1.dataSync(), y0.dataSync());
  tf.dispose([x, c, y0, y1, ...blocks.flatMap((b) => b.params)]);
});

test('checkpointing lowers the peak memory of a backward pass', async () => {
  const blocks = deepMlp(12, 32, 64, 32);
  const x = tf.variable(tf.tensor2d(rng.normal(64 * 32), [64, 32]));
  const c = tf.tensor2d(rng.normal(64 * 32), [64, 32]);
  const peak = async (net: Sequential) => (await tf.profile(() => gradients(net, x, c))).peakBytes;
  const plain = await peak(checkpointedSequential(blocks, { checkpoint: false }));
  const ck = await peak(checkpointedSequential(blocks, { segmentSize: 3 }));
  // Plain backprop keeps ≈ 3 [64, 64] activations per block (matMul, bias add, activation) alive at once.
  const activation = 64 * 64 * 4;
  assert.ok(plain - ck > 12 * activation, `peak bytes: plain ${plain}, checkpointed ${ck}`);
  tf.dispose([x, c, ...blocks.flatMap((b) => b.params)]);
});

test('recomputeGrad of a single function: value and gradients of every argument', () => {
  const f = (x: tf.Tensor, w: tf.Tensor, s: tf.Tensor) =>
    tf.mul(tf.sin(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D)), s);
  const g = recomputeGrad(f);
  const args = [tf.tensor2d(rng.normal(12), [3, 4]), tf.tensor2d(rng.normal(8), [4, 2]), tf.scalar(1.5)];
  const loss =
    (fn: typeof f) =>
    (...a: tf.Tensor[]) =>
      tf.sum(tf.square(fn(a[0], a[1], a[2])));
  const ref = tf.grads(loss(f))(args);
  const got = tf.grads(loss(g))(args);
  got.forEach((t, i) =>
    assert.ok(maxAbsDiff(t.dataSync() as Float32Array, ref[i].dataSync() as Float32Array) <= 1e-6),
  );
  tf.dispose([...args, ...ref, ...got]);
});

test('second-order gradients (a gradient penalty) pass through a checkpointed segment', () => {
  const w = tf.variable(tf.tensor2d(rng.normal(15), [5, 3]));
  const x = tf.tensor2d(rng.normal(20), [4, 5]);
  const seg = (h: tf.Tensor, k: tf.Tensor) => tf.tanh(tf.matMul(h as tf.Tensor2D, k as tf.Tensor2D));
  // ∂/∂w ‖∂/∂x Σ f(x, w)‖², the shape of WGAN-GP's and R1's penalty.
  const penaltyGrad = (f: typeof seg) => {
    const { value, grads } = tf.variableGrads(
      () => tf.sum(tf.square(tf.grad((h: tf.Tensor) => tf.sum(f(h, w)))(x))),
      [w],
    );
    const g = grads[w.name].dataSync() as Float32Array;
    tf.dispose([value, grads[w.name]]);
    return g;
  };
  const ref = penaltyGrad(seg);
  assert.ok(ref.some((v) => v !== 0));
  assert.ok(maxAbsDiff(penaltyGrad(recomputeGrad(seg)), ref) <= 1e-6);
  tf.dispose([w, x]);
});
