/**
 * The latent tools' arithmetic without a trained model: slerp and lerp paths, truncation in z and w,
 * the sample-id contract with `gankit sample`, expressions and groups, latent arithmetic on a known
 * linear generator (exact), inversion of images made from known latents, and nearest neighbours.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../../src/backend/index.js';
import { arithmeticLatent, arithmeticRows, resolveGroups } from '../../src/latent/arithmetic.js';
import { evaluateExpression, parseExpression } from '../../src/latent/expression.js';
import { inkOf, parseGroup } from '../../src/latent/groups.js';
import { interpolationPath, lerp, norm, slerp } from '../../src/latent/interpolate.js';
import { bestRandomMse, invertImages } from '../../src/latent/invert.js';
import { memorisationFigure, nearestNeighbours } from '../../src/latent/nearest.js';
import { renderLatents } from '../../src/latent/render.js';
import { drawLatents, sampleLatents, truncateTowardsMean } from '../../src/latent/sampling.js';
import { UsageError } from '../../src/util/errors.js';
import { Rng } from '../../src/util/rng.js';

await initBackend('cpu');

test('slerp hits both endpoints exactly and keeps every norm between theirs', () => {
  const rng = new Rng(1);
  for (let k = 0; k < 20; k++) {
    const a = rng.normal(64);
    const b = Float32Array.from(rng.normal(64), (v) => v * (0.5 + k / 10));
    assert.deepEqual(slerp(a, b, 0), a);
    assert.deepEqual(slerp(a, b, 1), b);
    const [lo, hi] = [Math.min(norm(a), norm(b)), Math.max(norm(a), norm(b))];
    for (let t = 0.05; t < 1; t += 0.05) {
      const n = norm(slerp(a, b, t));
      assert.ok(n >= lo - 1e-4 && n <= hi + 1e-4, `norm ${n} outside [${lo}, ${hi}] at t=${t}`);
    }
  }
  // Equal norms: Shoemake's slerp, which stays on the sphere; lerp cuts inside it.
  const a = Float32Array.from([1, 0]);
  const b = Float32Array.from([0, 1]);
  assert.ok(Math.abs(norm(slerp(a, b, 0.5)) - 1) < 1e-6);
  assert.ok(Math.abs(slerp(a, b, 0.5)[0] - Math.SQRT1_2) < 1e-6);
  assert.ok(Math.abs(norm(lerp(a, b, 0.5)) - Math.SQRT1_2) < 1e-6);
});

test('an interpolation path has steps frames per segment, shared endpoints once', () => {
  const keys = [Float32Array.from([0, 0]), Float32Array.from([1, 0]), Float32Array.from([1, 1])];
  const frames = interpolationPath(keys, 5, false);
  assert.equal(frames.length, 9);
  assert.deepEqual(Array.from(frames[4]), [1, 0]);
  assert.deepEqual(Array.from(frames[2]), [0.5, 0]);
  assert.throws(() => interpolationPath(keys.slice(0, 1), 5, true), /two or more/);
});

test("sample ids: the first rows of a longer draw are the shorter draw's rows", () => {
  const long = sampleLatents(7, 50, 13);
  assert.deepEqual(sampleLatents(7, 5, 13), long.subarray(0, 5 * 13));
});

test('truncation in z keeps |z| ≤ t and leaves the coordinates inside alone; in w, ψ = 0 and ψ = 1', () => {
  const plain = drawLatents(new Rng(3), 200, 16);
  const cut = drawLatents(new Rng(3), 200, 16, 0.7);
  let kept = 0;
  for (let i = 0; i < plain.length; i++) {
    assert.ok(Math.abs(cut[i]) <= 0.7);
    if (Math.abs(plain[i]) <= 0.7) {
      assert.equal(cut[i], plain[i]);
      kept++;
    }
  }
  assert.ok(kept > 0 && kept < plain.length);
  assert.throws(() => drawLatents(new Rng(3), 1, 4, 0), UsageError);
  const mean = Float32Array.from([1, -2, 3]);
  const w = Float32Array.from([4, 5, 6, -1, 0, 2]);
  assert.deepEqual(Array.from(truncateTowardsMean(w, mean, 0)), [1, -2, 3, 1, -2, 3]);
  assert.deepEqual(truncateTowardsMean(w, mean, 1), w);
  assert.throws(() => truncateTowardsMean(w, mean, 1.5), /ψ must be in \[0, 1\]/);
});

test('expressions: signs and weights, and an unknown group is named', () => {
  const terms = parseExpression('thick7 - thin7 + 0.5*thin1', ['thick7', 'thin7', 'thin1']);
  assert.deepEqual(terms, [
    { coef: 1, name: 'thick7' },
    { coef: -1, name: 'thin7' },
    { coef: 0.5, name: 'thin1' },
  ]);
  const v = evaluateExpression(terms, {
    thick7: Float32Array.from([1, 1]),
    thin7: Float32Array.from([0.5, 0]),
    thin1: Float32Array.from([2, 4]),
  });
  assert.deepEqual(Array.from(v), [1.5, 3]);
  assert.throws(
    () => parseExpression('A - C', ['A', 'B']),
    /names the group 'C', which no --group defines \(defined: A, B\)/,
  );
  assert.throws(() => parseExpression('A * B', ['A', 'B']), /cannot read the term/);
  assert.deepEqual(parseGroup('t=class:7,ink:high'), { name: 't', classIndex: 7, ink: 'high' });
  assert.deepEqual(parseGroup('mine=3,17,42').ids, [3, 17, 42]);
  assert.deepEqual(parseGroup('mine=ids:3+17').ids, [3, 17]);
  assert.throws(() => parseGroup('x=colour:red'), /unknown filter/);
});

/** G(z) = W z reshaped to 4×4×1: a known linear generator. */
function linearGenerator(dim: number, seed: number) {
  const z = tfl.input({ shape: [dim] });
  const dense = tfl.layers.dense({
    units: 16,
    useBias: false,
    kernelInitializer: tfl.initializers.randomNormal({ seed }),
  });
  const img = tfl.layers.reshape({ targetShape: [4, 4, 1] }).apply(dense.apply(z)) as tfl.SymbolicTensor;
  return { model: tfl.model({ inputs: z, outputs: img }), latentDim: dim };
}

test('arithmetic on a linear generator: the exact latent, and its image is the same sum of images', () => {
  const g = linearGenerator(6, 4);
  const z = sampleLatents(0, 40, 6);
  const images = renderLatents(g, z);
  const specs = [parseGroup('A=1,2,3'), parseGroup('B=10,11'), parseGroup('C=ids:20+21+22+23')];
  const groups = resolveGroups(specs, z, 6, undefined, inkOf(images.data, 40, images.shape));
  const terms = parseExpression('A - B + C', ['A', 'B', 'C']);
  const result = arithmeticLatent(terms, groups);
  const row = (i: number) => Array.from(z.subarray(i * 6, (i + 1) * 6));
  const mean = (ids: number[]) => row(0).map((_, j) => ids.reduce((s, i) => s + row(i)[j], 0) / ids.length);
  const [a, b, c] = [mean([1, 2, 3]), mean([10, 11]), mean([20, 21, 22, 23])];
  result.forEach((v, j) => assert.ok(Math.abs(v - (a[j] - b[j] + c[j])) < 1e-6));
  // Linearity: G(mean(A) − mean(B) + mean(C)) = mean(G(A)) − mean(G(B)) + mean(G(C)).
  const img = (ids: number[]) => {
    const size = 16;
    return Array.from(
      { length: size },
      (_, p) => ids.reduce((s, i) => s + images.data[i * size + p], 0) / ids.length,
    );
  };
  const [ia, ib, ic] = [img([1, 2, 3]), img([10, 11]), img([20, 21, 22, 23])];
  const got = renderLatents(g, result).data;
  got.forEach((v, p) => assert.ok(Math.abs(v - (ia[p] - ib[p] + ic[p])) < 1e-4));
  // Row 0 of the grid is the whole groups' means and the result; other rows average halves.
  const rows = arithmeticRows(terms, groups, z, 6, 3, new Rng(1));
  assert.equal(rows.length, 3);
  assert.deepEqual(rows[0][3], result);
  assert.notDeepEqual(rows[1][3], result);
  assert.throws(
    () => resolveGroups([parseGroup('D=99')], z, 6, undefined, new Float64Array(40)),
    /beyond the pool of 40/,
  );
});

test('inversion recovers the latents of generated images, far better than the best random latent', () => {
  // A small random MLP generator: 8-d latent → 8×8 image in (−1, 1).
  const dim = 8;
  const zIn = tfl.input({ shape: [dim] });
  let h = tfl.layers
    .dense({ units: 64, activation: 'tanh', kernelInitializer: tfl.initializers.glorotNormal({ seed: 1 }) })
    .apply(zIn) as tfl.SymbolicTensor;
  h = tfl.layers
    .dense({ units: 64, activation: 'tanh', kernelInitializer: tfl.initializers.glorotNormal({ seed: 2 }) })
    .apply(h) as tfl.SymbolicTensor;
  const out = tfl.layers.reshape({ targetShape: [8, 8, 1] }).apply(h) as tfl.SymbolicTensor;
  const g = { model: tfl.model({ inputs: zIn, outputs: out }), latentDim: dim };
  const truth = sampleLatents(5, 6, dim);
  const targets = renderLatents(g, truth).data;
  const before = tf.memory().numTensors;
  const inv = invertImages(g, targets, 6, [8, 8, 1], {
    steps: 300,
    restarts: 3,
    lr: 0.05,
    priorWeight: 0.01,
  });
  assert.equal(tf.memory().numTensors, before, 'inversion leaked tensors');
  const random = bestRandomMse(g, targets, 6, 900, undefined, 0);
  const meanOf = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
  assert.ok(meanOf(inv.mse) < 1e-3, `reconstruction MSE ${meanOf(inv.mse)}`);
  assert.ok(meanOf(inv.mse) * 20 < meanOf(random), `${meanOf(inv.mse)} vs best random ${meanOf(random)}`);
  g.model.dispose();
});

test('nearest neighbours match a brute-force search; the memorisation figure counts samples', () => {
  const rng = new Rng(9);
  const refs = rng.normal(300 * 5);
  const queries = rng.normal(40 * 5);
  const { index, distance } = nearestNeighbours(queries, refs, 5);
  for (let i = 0; i < 40; i++) {
    let best = Number.POSITIVE_INFINITY;
    let where = -1;
    for (let j = 0; j < 300; j++) {
      let s = 0;
      for (let k = 0; k < 5; k++) s += (queries[i * 5 + k] - refs[j * 5 + k]) ** 2;
      if (s < best) [best, where] = [s, j];
    }
    assert.equal(index[i], where);
    assert.ok(Math.abs(distance[i] - Math.sqrt(best)) < 1e-4);
  }
  const f = memorisationFigure(Float64Array.from([0.1, 0.2, 5, 6]), Float64Array.from([1, 2, 3]));
  assert.deepEqual(f, { testMedian: 2, sampleMedian: 2.6, fraction: 0.5 });
});
