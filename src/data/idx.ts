/**
 * Strict reader for the IDX format of MNIST and Fashion-MNIST (LeCun's format):
 *   bytes 0–1 zero, byte 2 dtype code, byte 3 number of dimensions, then one big-endian uint32 per
 *   dimension, then the values in C order. Gzipped files (`.gz`, magic 1f 8b) are inflated first.
 * Every check failure names the file and what is wrong, so a truncated download is a clear error.
 */
import { gunzipSync } from 'node:zlib';
import { InputError } from '../util/errors.js';
import { readInputFile } from '../util/fs.js';

/** IDX dtype codes and their element sizes. */
const DTYPES = {
  0x08: { name: 'uint8', bytes: 1 },
  0x09: { name: 'int8', bytes: 1 },
  0x0b: { name: 'int16', bytes: 2 },
  0x0c: { name: 'int32', bytes: 4 },
  0x0d: { name: 'float32', bytes: 4 },
  0x0e: { name: 'float64', bytes: 8 },
} as const;

/** A parsed IDX array. Only uint8 data (all of MNIST/Fashion-MNIST) is exposed as values. */
export interface IdxArray {
  shape: number[];
  data: Uint8Array;
}

/** Parses IDX bytes; `file` is used in error messages only. */
export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  let buf = bytes;
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = gunzipSync(buf);
    } catch (err) {
      throw new InputError(
        file,
        `gzip data is corrupt (${(err as Error).message})`,
        'Re-install or re-download the file',
      );
    }
  }
  if (buf.length < 4) throw new InputError(file, `too short for an IDX header (${buf.length} bytes)`);
  if (buf[0] !== 0 || buf[1] !== 0) {
    throw new InputError(
      file,
      `not an IDX file: the magic number must start with two zero bytes, found ${hex(buf[0])} ${hex(buf[1])}`,
    );
  }
  const dtype = DTYPES[buf[2] as keyof typeof DTYPES];
  if (!dtype) throw new InputError(file, `unknown IDX dtype code ${hex(buf[2])}`);
  if (dtype.name !== 'uint8') {
    throw new InputError(
      file,
      `IDX dtype ${dtype.name} is not supported; gankit reads uint8 images and labels`,
    );
  }
  const ndim = buf[3];
  if (ndim < 1 || ndim > 4)
    throw new InputError(file, `IDX header declares ${ndim} dimensions; expected 1 to 4`);
  const headerBytes = 4 + 4 * ndim;
  if (buf.length < headerBytes) {
    throw new InputError(
      file,
      `truncated header: ${ndim} dimensions need ${headerBytes} bytes, the file has ${buf.length}`,
    );
  }
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const shape: number[] = [];
  for (let i = 0; i < ndim; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    if (d === 0) throw new InputError(file, `dimension ${i} is zero`);
    shape.push(d);
  }
  const expected = shape.reduce((a, b) => a * b, 1) * dtype.bytes;
  const actual = buf.length - headerBytes;
  if (actual !== expected) {
    throw new InputError(
      file,
      `${actual < expected ? 'truncated' : 'has trailing bytes'}: shape [${shape.join(', ')}] needs ${expected} data bytes, found ${actual}`,
      'The file is damaged; reinstall the dataset package',
    );
  }
  return { shape, data: buf.subarray(headerBytes) };
}

/** Reads and parses an IDX file (optionally gzipped). */
export function readIdx(file: string): IdxArray {
  const bytes = readInputFile(file);
  return parseIdx(bytes, file);
}

function hex(b: number | undefined): string {
  return `0x${(b ?? 0).toString(16).padStart(2, '0')}`;
}
