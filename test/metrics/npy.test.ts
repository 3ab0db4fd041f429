/** .npy reading and writing: round trips, files written by NumPy, and every malformed-file error. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { encodeNpy, parseNpy, readNpyMatrix, readNpyVector, writeNpy } from '../../src/io/npy.js';
import { InputError } from '../../src/util/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'gankit-npy-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A hand-made .npy: magic, version, header text, data bytes. */
function handMade(header: string, data: Uint8Array, version: [number, number] = [1, 0]): Uint8Array {
  const lenBytes = version[0] === 1 ? 2 : 4;
  const out = new Uint8Array(8 + lenBytes + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version[0], version[1]]);
  const view = new DataView(out.buffer);
  if (lenBytes === 2) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[8 + lenBytes + i] = header.charCodeAt(i);
  out.set(data, 8 + lenBytes + header.length);
  return out;
}

test('float32 and float64 matrices and vectors round-trip through a file', () => {
  const m32 = Float32Array.from({ length: 12 }, (_, i) => i * 0.5 - 2);
  writeNpy(join(dir, 'a.npy'), { shape: [3, 4], data: m32 });
  assert.deepEqual(readNpyMatrix(join(dir, 'a.npy')), { rows: 3, cols: 4, data: m32 });
  const v64 = Float64Array.from([Math.PI, -1e300, 5e-324]);
  writeNpy(join(dir, 'v.npy'), { shape: [3], data: v64 });
  assert.deepEqual(readNpyVector(join(dir, 'v.npy')), v64);
  // Headers are padded so the data starts on a 64-byte boundary, as numpy.save does.
  assert.equal((readFileSync(join(dir, 'a.npy')).length - 48) % 64, 0);
});

test('version 2.0 and 3.0 headers and an empty [0, d] array are read', () => {
  const data = new Uint8Array(new Float64Array([1, 2]).buffer);
  const header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }\n";
  for (const v of [2, 3]) {
    assert.deepEqual(parseNpy(handMade(header, data, [v, 0]), 'x.npy').shape, [1, 2]);
  }
  const empty = parseNpy(encodeNpy({ shape: [0, 5], data: new Float32Array(0) }), 'e.npy');
  assert.deepEqual(empty.shape, [0, 5]);
});

test('malformed files are InputErrors naming the file and the problem', () => {
  const f4 = new Uint8Array(new Float32Array([1, 2, 3, 4, 5, 6]).buffer);
  const good = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }\n";
  const cases: [string, Uint8Array, RegExp][] = [
    ['no magic', new TextEncoder().encode('hello, this is not numpy'), /missing the \\x93NUMPY magic/],
    ['version 4.0', handMade(good, f4, [4, 0]), /unsupported \.npy format version 4\.0/],
    ['version 1.1', handMade(good, f4, [1, 1]), /version 1\.1/],
    ['header past end', handMade(good, f4).subarray(0, 40), /header claims/],
    ['not a dict', handMade('descr <f4\n', f4), /not a dict literal/],
    [
      'missing shape',
      handMade("{'descr': '<f4', 'fortran_order': False}\n", f4),
      /need 'descr', 'fortran_order' and 'shape'/,
    ],
    ['int32', handMade(good.replace('<f4', '<i4'), f4), /dtype '<i4' is not supported/],
    ['big endian', handMade(good.replace('<f4', '>f4'), f4), /Big-endian/],
    ['fortran', handMade(good.replace('False', 'True'), f4), /Fortran order/],
    ['bad shape', handMade(good.replace('(2, 3)', '(2, -3)'), f4), /malformed shape/],
    ['extra key', handMade(good.replace('}', "'x': 1, }"), f4), /unexpected entries/],
    ['scalar', handMade(good.replace('(2, 3)', '()'), f4.subarray(0, 4)), /scalar/],
    ['truncated', handMade(good, f4.subarray(0, 20)), /needs 24 data bytes but the file has 20.*truncated/],
    ['trailing', handMade(good, new Uint8Array(28)), /trailing bytes/],
  ];
  for (const [name, bytes, message] of cases) {
    assert.throws(
      () => parseNpy(bytes, 'feat.npy'),
      (err: unknown) =>
        err instanceof InputError && /^feat\.npy: /.test(err.message) && message.test(err.message),
      name,
    );
  }
  writeNpy(join(dir, 'v1.npy'), { shape: [4], data: new Float32Array(4) });
  assert.throws(() => readNpyMatrix(join(dir, 'v1.npy')), /expected a 2-D array \[n, d\], got shape \(4\)/);
  assert.throws(
    () => readNpyMatrix(join(dir, 'missing.npy')),
    /missing\.npy: cannot read the file \(ENOENT\)/,
  );
});

test(
  'files written by numpy.save are read, and numpy.load reads ours',
  { skip: !existsSync('/usr/bin/python3') && 'no /usr/bin/python3' },
  () => {
    const ours = join(dir, 'ours.npy');
    const theirs = join(dir, 'theirs.npy');
    writeNpy(ours, { shape: [2, 3], data: Float64Array.from([1, 2, 3, 4, 5, 6.5]) });
    const script =
      'import sys, numpy as np\n' +
      'a = np.load(sys.argv[1]); assert a.dtype == np.float64 and a.shape == (2, 3) and a[1, 2] == 6.5\n' +
      'np.save(sys.argv[2], (np.arange(6, dtype=np.float32).reshape(3, 2) + 0.25))\n';
    writeFileSync(join(dir, 'rt.py'), script);
    const run = spawnSync('/usr/bin/python3', [join(dir, 'rt.py'), ours, theirs], { encoding: 'utf8' });
    if (run.status !== 0 && /No module named/.test(run.stderr)) return;
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(readNpyMatrix(theirs), {
      rows: 3,
      cols: 2,
      data: Float32Array.from([0.25, 1.25, 2.25, 3.25, 4.25, 5.25]),
    });
  },
);
