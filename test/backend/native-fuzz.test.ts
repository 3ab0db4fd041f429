/**
 * Fuzzes the addon's kernels directly (below the TypeScript kernels and their checks): random shapes
 * and attributes, each call made once with buffers of exactly the size its arguments need (it must
 * succeed) and once per buffer with that buffer too small by at least one 64-byte allocation granule
 * (it must throw a JS error, never read or write past the buffer). Bad attributes (negative sizes,
 * non-permutations, boxes outside the input, inconsistent geometries) must throw too. Run under ASan/UBSan
 * by scripts/sanitize.sh, where any access past a buffer is reported.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type NativeAddon, loadAddon } from '../../src/backend/native/addon.js';
import { Rng } from '../../src/util/rng.js';
import { skipNative } from './native-helpers.js';

/** One generated call: the bytes each buffer argument needs, and the call given their ids. */
interface Call {
  what: string;
  bytes: number[];
  run: (addon: NativeAddon, ids: number[]) => unknown;
}

const rng = new Rng(4242);
const int = (lo: number, hi: number) => lo + rng.int(hi - lo + 1);
const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)];
const prod = (xs: number[]) => xs.reduce((a, b) => a * b, 1);
const shapeOf = (rank: number, lo = 1, hi = 9) => Array.from({ length: rank }, () => int(lo, hi));

/** Generators of valid calls, one per addon kernel family. */
const GENERATORS: (() => Call)[] = [
  () => {
    const n = int(17, 5000);
    const op = pick(['Abs', 'Exp', 'Relu', 'Sigmoid', 'Tanh', 'ClipByValue']);
    return {
      what: `unary ${op} ${n}`,
      bytes: [n * 4, n * 4],
      run: (a, [x, y]) => a.unary(op, x, y, n, -1, 1),
    };
  },
  () => {
    const n = int(17, 5000);
    const op = pick(['LeakyRelu', 'Relu']);
    return {
      what: `activationGrad ${op} ${n}`,
      bytes: [n * 4, n * 4, n * 4],
      run: (a, [dy, x, out]) => a.activationGrad(op, dy, x, out, n, 0.2),
    };
  },
  () => {
    const n = int(17, 5000);
    const [from, to] = pick([
      [0, 1],
      [1, 0],
      [0, 2],
      [2, 0],
      [1, 2],
      [2, 1],
    ]);
    const size = (d: number) => (d === 2 ? 1 : 4);
    return {
      what: `cast ${from}→${to} ${n}`,
      bytes: [n * size(from), n * size(to)],
      run: (a, [x, y]) => a.cast(x, y, n, from, to),
    };
  },
  () => {
    const out = shapeOf(int(1, 4));
    const a = out.map((d) => (rng.int(3) === 0 ? 1 : d));
    const b = out.slice(rng.int(out.length)).map((d) => (rng.int(3) === 0 ? 1 : d));
    const op = pick(['Add', 'Multiply', 'Maximum', 'Less', 'Equal']);
    const cmp = op === 'Less' || op === 'Equal';
    return {
      what: `binary ${op} [${a}] [${b}] → [${out}]`,
      bytes: [prod(a) * 4, prod(b) * 4, prod(out) * (cmp ? 1 : 4)],
      run: (ad, [x, y, o]) => ad.binary(op, x, y, o, a, b, out, 0),
    };
  },
  () => {
    const rows = int(1, 40);
    const per = int(1, 30);
    const perRow = rng.int(2) === 0;
    const n = rows * per;
    return {
      what: `select ${n} ${perRow ? 'per row' : 'per element'}`,
      bytes: [perRow ? rows : n, n * 4, n * 4, n * 4],
      run: (a, [c, x, y, o]) => a.select(c, x, y, o, n, perRow ? rows : n, 4),
    };
  },
  () => {
    const n = int(17, 3000);
    return {
      what: `addN ${n}`,
      bytes: [n * 4, n * 4, n * 4],
      run: (a, [x, y, o]) => a.addN([x, y], o, n, 0),
    };
  },
  () => {
    const n = int(17, 3000);
    return { what: `fill ${n}`, bytes: [n * 4], run: (a, [o]) => a.fill(o, n, 3, 1) };
  },
  () => {
    const [outer, mid, inner] = shapeOf(3, 1, 20);
    const op = pick(['Sum', 'Max', 'Min', 'Mean', 'ArgMax']);
    return {
      what: `reduce ${op} ${outer}×${mid}×${inner}`,
      bytes: [outer * mid * inner * 4, outer * inner * 4],
      run: (a, [x, o]) => a.reduce(op, x, o, outer, mid, inner, 0),
    };
  },
  () => {
    const shape = shapeOf(int(1, 5));
    const perm = shape.map((_, i) => i).sort(() => rng.uniform(1)[0] - 0.5);
    return {
      what: `transpose [${shape}] perm ${perm}`,
      bytes: [prod(shape) * 4, prod(shape) * 4],
      run: (a, [x, o]) => a.transpose(x, o, shape, perm, 4),
    };
  },
  () => {
    const shape = shapeOf(int(1, 4), 2, 9);
    const begin = shape.map((d) => rng.int(d));
    const size = shape.map((d, i) => int(0, d - begin[i]));
    return {
      what: `slice [${shape}] at ${begin} size ${size}`,
      bytes: [prod(shape) * 4, prod(size) * 4],
      run: (a, [x, o]) => a.slice(x, o, shape, begin, size, 4),
    };
  },
  () => {
    const shape = shapeOf(int(1, 4));
    const before = shape.map(() => int(0, 3));
    const out = shape.map((d, i) => d + before[i] + int(0, 3));
    return {
      what: `pad [${shape}] → [${out}]`,
      bytes: [prod(shape) * 4, prod(out) * 4],
      run: (a, [x, o]) => a.pad(x, o, shape, before, out, 0, 4),
    };
  },
  () => {
    const shape = shapeOf(int(1, 4), 1, 6);
    const reps = shape.map(() => int(1, 3));
    return {
      what: `tile [${shape}] × ${reps}`,
      bytes: [prod(shape) * 4, prod(shape.map((d, i) => d * reps[i])) * 4],
      run: (a, [x, o]) => a.tile(x, o, shape, reps, 4),
    };
  },
  () => {
    const rows = int(1, 30);
    const src = int(1, 20);
    const dst = src + int(0, 20);
    const off = int(0, dst - src);
    return {
      what: `copyRows ${rows}×${src} into ${dst} at ${off}`,
      bytes: [rows * src * 4, rows * dst * 4],
      run: (a, [x, o]) => a.copyRows(x, o, rows, src, dst, off, 4),
    };
  },
  () => {
    const [outer, axis, inner] = shapeOf(3, 1, 12);
    const k = int(1, 30);
    return {
      what: `gather ${outer}×${axis}×${inner} k=${k}`,
      bytes: [outer * axis * inner * 4, k * 4, outer * k * inner * 4],
      run: (a, [x, i, o]) => a.gather(x, i, o, outer, axis, inner, k, 4),
    };
  },
  () => {
    const n = int(17, 200);
    const depth = int(1, 12);
    return {
      what: `oneHot ${n}×${depth}`,
      bytes: [n * 4, n * depth * 4],
      run: (a, [i, o]) => a.oneHot(i, o, n, depth, 1, 0, true),
    };
  },
  () => {
    const [ba, m, n, k] = [pick([1, int(1, 4)]), ...shapeOf(3, 1, 24)];
    const bb = pick([1, ba]);
    const batch = Math.max(ba, bb);
    return {
      what: `matmul ${ba}/${bb} ${m}×${k}·${k}×${n}`,
      bytes: [ba * m * k * 4, bb * k * n * 4, n * 4, batch * m * n * 4],
      run: (a, [x, y, bias, o]) =>
        a.matmul(x, y, bias, o, ba, bb, m, n, k, rng.int(2) === 0, rng.int(2) === 0, n),
    };
  },
  () => {
    const c = int(1, 9);
    const n = c * int(2, 50);
    return {
      what: `batchNorm ${n} / ${c}`,
      bytes: [n * 4, c * 4, c * 4, c * 4, c * 4, n * 4],
      run: (a, [x, m, v, off, sc, o]) => a.batchNorm(x, m, v, off, sc, o, n, c, c, c, c, 1e-3),
    };
  },
  () => {
    const n = int(17, 3000);
    return {
      what: `philoxUniform ${n}`,
      bytes: [n * 4],
      run: (a, [o]) => a.philoxUniform(o, n, 1, 2, 3, -1),
    };
  },
  () => {
    const [n, h, w, c] = [int(1, 2), int(3, 9), int(3, 9), int(1, 4)];
    const k = int(1, 3);
    const s = int(1, 2);
    const oh = Math.floor((h - k) / s) + 1;
    const ow = Math.floor((w - k) / s) + 1;
    const geometry = [n, h, w, c, oh, ow, k, k, s, s, 0, 0, 0, 0];
    const isMax = rng.int(2) === 0;
    return {
      what: `poolForward ${isMax ? 'max' : 'avg'} [${n},${h},${w},${c}] k=${k} s=${s}`,
      bytes: [n * h * w * c * 4, n * oh * ow * c * 4],
      run: (a, [x, o]) => a.poolForward(x, o, geometry, isMax),
    };
  },
  () => {
    const [n, h, w, c, oc] = [int(1, 2), int(3, 8), int(3, 8), int(1, 6), int(1, 6)];
    const k = int(1, 3);
    const oh = h - k + 1;
    const ow = w - k + 1;
    const geometry = [n, h, w, c, k, k, oc, oh, ow, 1, 1, 1, 1, 0, 0, 0, 0];
    const dir = pick(['forward', 'data', 'filter'] as const);
    const [src, wei, dst] = [n * h * w * c * 4, k * k * c * oc * 4, n * oh * ow * oc * 4];
    if (dir === 'forward')
      return {
        what: `convForward ${geometry}`,
        bytes: [src, wei, dst],
        run: (a, [x, f, y]) => a.convForward(x, f, 0, y, geometry),
      };
    if (dir === 'data')
      return {
        what: `convBackwardData ${geometry}`,
        bytes: [dst, wei, src],
        run: (a, [dy, f, dx]) => a.convBackwardData(dy, f, dx, geometry),
      };
    return {
      what: `convBackwardFilter ${geometry}`,
      bytes: [src, dst, wei],
      run: (a, [x, dy, dw]) => a.convBackwardFilter(x, dy, dw, geometry),
    };
  },
  () => {
    const [n, m, c] = shapeOf(3, 1, 12);
    return {
      what: `instanceNorm ${n}×${m}×${c}`,
      bytes: [n * m * c * 4, n * m * c * 4],
      run: (a, [x, y]) => a.instanceNorm(x, y, n, m, c, 1e-5),
    };
  },
];

/** Calls whose attributes are wrong whatever the buffers: each must throw. */
const BAD_ATTRIBUTES: { what: string; run: (a: NativeAddon, big: number) => unknown }[] = [
  { what: 'transpose with a repeated axis', run: (a, b) => a.transpose(b, b, [2, 3], [0, 0], 4) },
  { what: 'transpose with a perm of another rank', run: (a, b) => a.transpose(b, b, [2, 3], [1, 0, 2], 4) },
  { what: 'slice box past the input', run: (a, b) => a.slice(b, b, [4, 4], [2, 2], [3, 1], 4) },
  { what: 'slice with a negative begin', run: (a, b) => a.slice(b, b, [4, 4], [-1, 0], [1, 1], 4) },
  { what: 'pad with the input outside the output', run: (a, b) => a.pad(b, b, [4], [2], [5], 0, 4) },
  { what: 'tile with a negative repetition', run: (a, b) => a.tile(b, b, [4], [-2], 4) },
  { what: 'copyRows past the destination row', run: (a, b) => a.copyRows(b, b, 2, 4, 5, 3, 4) },
  { what: 'an element size of 3 bytes', run: (a, b) => a.transpose(b, b, [2, 3], [1, 0], 3) },
  { what: 'activationGrad of an unknown activation', run: (a, b) => a.activationGrad('Selu', b, b, b, 4, 0) },
  { what: 'activationGrad with a negative length', run: (a, b) => a.activationGrad('Relu', b, b, b, -4, 0) },
  {
    what: 'binary with an operand that does not broadcast',
    run: (a, b) => a.binary('Add', b, b, b, [3], [4], [4], 0),
  },
  {
    what: 'binary with an operand of higher rank',
    run: (a, b) => a.binary('Add', b, b, b, [2, 2], [2], [2], 0),
  },
  { what: 'select whose condition does not divide n', run: (a, b) => a.select(b, b, b, b, 10, 3, 4) },
  { what: 'reduce with a negative count', run: (a, b) => a.reduce('Sum', b, b, -1, 2, 2, 0) },
  { what: 'ArgMax over an empty axis', run: (a, b) => a.reduce('ArgMax', b, b, 2, 0, 2, 0) },
  {
    what: 'matmul with batches 2 and 3',
    run: (a, b) => a.matmul(b, b, 0, b, 2, 3, 2, 2, 2, false, false, 0),
  },
  {
    what: 'matmul with a bias of another length',
    run: (a, b) => a.matmul(b, b, b, b, 1, 1, 2, 3, 2, false, false, 2),
  },
  {
    what: 'pool geometry whose output size does not follow',
    run: (a, b) => a.poolForward(b, b, [1, 4, 4, 1, 3, 3, 2, 2, 2, 2, 0, 0, 0, 0], true),
  },
  {
    what: 'conv geometry whose output size does not follow',
    run: (a, b) => a.convForward(b, b, 0, b, [1, 4, 4, 1, 3, 3, 1, 3, 3, 1, 1, 1, 1, 0, 0, 0, 0]),
  },
  { what: 'gather with an index out of range', run: (a, b) => a.gather(b, b, b, 1, 0, 1, 1, 4) },
  { what: 'an unknown buffer id', run: (a) => a.fill(987654, 4, 0, 0) },
  { what: 'a negative allocation', run: (a) => a.alloc(-8) },
];

/** Bytes a buffer gets to be too small for `need`: the largest 64-byte multiple below it (allocations round up to 64). */
function tooSmall(need: number): number | undefined {
  const granules = Math.floor((need - 1) / 64);
  return granules >= 1 ? granules * 64 : undefined;
}

describe('native addon kernels under fuzzing', { skip: skipNative }, () => {
  const loaded = loadAddon();
  const addon = 'addon' in loaded ? loaded.addon : (undefined as unknown as NativeAddon);

  function withBuffers(bytes: number[], f: (ids: number[]) => void): void {
    const ids = bytes.map((b) => addon.alloc(b));
    try {
      // Defined contents (indices within range for gather/oneHot, finite floats elsewhere).
      for (const [k, id] of ids.entries()) addon.write(id, new Uint8Array(bytes[k]));
      f(ids);
    } finally {
      for (const id of ids) addon.free(id);
    }
  }

  test('random valid calls succeed; each with one buffer too small throws', () => {
    let shortChecks = 0;
    for (let trial = 0; trial < 300; trial++) {
      const call = pick(GENERATORS)();
      withBuffers(call.bytes, (ids) => {
        assert.doesNotThrow(() => call.run(addon, ids), call.what);
      });
      for (let k = 0; k < call.bytes.length; k++) {
        const small = tooSmall(call.bytes[k]);
        if (small === undefined) continue;
        const bytes = call.bytes.map((b, j) => (j === k ? small : b));
        withBuffers(bytes, (ids) => {
          assert.throws(
            () => call.run(addon, ids),
            /does not fit buffer/,
            `${call.what}: buffer ${k} of ${small} < ${call.bytes[k]} bytes`,
          );
        });
        shortChecks++;
      }
    }
    assert.ok(shortChecks > 500, `only ${shortChecks} too-small buffers tried`);
  });

  test('empty copies in and out touch nothing (an empty typed array may have no storage)', () => {
    withBuffers([64], ([id]) => {
      addon.write(id, new Float32Array(0));
      addon.read(id, new Float32Array(0));
      assert.throws(() => addon.write(id, new Float32Array(17)), /does not fit buffer/);
    });
  });

  test('bad attributes throw whatever the buffers', () => {
    withBuffers([1 << 16], ([big]) => {
      for (const c of BAD_ATTRIBUTES) assert.throws(() => c.run(addon, big), Error, c.what);
    });
  });
});
