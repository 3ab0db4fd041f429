/**
 * IDX files (the MNIST / Fashion-MNIST format, plain or gzipped) of unsigned bytes: a 4-byte magic
 * `0x00 0x00 0x08 ndim`, `ndim` big-endian uint32 dimensions, then the bytes in C order.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { InputError } from '../util/errors.js';

/** An unsigned-byte IDX array. */
export interface IdxArray {
  shape: number[];
  data: Uint8Array;
}

/** Reads an IDX file of unsigned bytes (`.gz` detected by content). */
export function readIdx(file: string): IdxArray {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new InputError(file, `cannot read the file (${(err as NodeJS.ErrnoException).code})`);
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0)
    throw new InputError(file, 'not an IDX file (bad magic)');
  if (bytes[2] !== 0x08)
    throw new InputError(file, `IDX element type 0x${bytes[2].toString(16)} is not unsigned byte (0x08)`);
  const ndim = bytes[3];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4 + 4 * ndim) throw new InputError(file, 'file ends inside the IDX header');
  const shape = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i, false));
  const count = shape.reduce((a, b) => a * b, 1);
  const start = 4 + 4 * ndim;
  if (bytes.length - start !== count) {
    throw new InputError(
      file,
      `shape (${shape.join(', ')}) needs ${count} bytes of data but the file has ${bytes.length - start}`,
    );
  }
  return { shape, data: bytes.slice(start) };
}
