/**
 * NumPy `.npy` files (format versions 1.0, 2.0 and 3.0, numpy/lib/format.py): little-endian float32
 * or float64, C order, 1-D or 2-D. This is how features, class probabilities and labels travel
 * between gankit and Python.
 *
 * Layout: the magic `\x93NUMPY`, major and minor version bytes, the header length (uint16 LE in 1.0,
 * uint32 LE in 2.0/3.0), then a Python dict literal such as
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (100, 2048), }` padded with spaces and a newline,
 * then the raw data. Parsing is strict: anything gankit cannot read exactly is an {@link InputError}
 * naming the file and the problem, never a silently reinterpreted array.
 */
import { InputError } from '../util/errors.js';
import { readInputFile, writeFileAtomic } from '../util/fs.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** An array read from or written to a `.npy` file. */
export interface NpyArray {
  /** Dimensions, C order; `[]` would be a scalar, which gankit rejects. */
  shape: number[];
  data: Float32Array | Float64Array;
}

/** A 2-D array as rows × columns. */
export interface NpyMatrix {
  rows: number;
  cols: number;
  data: Float32Array | Float64Array;
}

/** Parses the bytes of a `.npy` file; `file` is used in error messages only. */
export function parseNpy(bytes: Uint8Array, file: string): NpyArray {
  const bad = (problem: string, hint?: string) => new InputError(file, problem, hint);
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw bad('not a NumPy .npy file (missing the \\x93NUMPY magic)', 'Save arrays with numpy.save');
  }
  const major = bytes[6];
  const minor = bytes[7];
  if (minor !== 0 || major < 1 || major > 3) {
    throw bad(`unsupported .npy format version ${major}.${minor}; supported: 1.0, 2.0, 3.0`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lenBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lenBytes) throw bad('file ends inside the .npy header');
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = 8 + lenBytes + headerLen;
  if (dataStart > bytes.length) {
    throw bad(
      `header claims ${headerLen} bytes but the file has only ${bytes.length - 8 - lenBytes} after it`,
    );
  }
  const headerBytes = bytes.subarray(8 + lenBytes, dataStart);
  // 1.0/2.0 headers are latin-1, 3.0 allows UTF-8; the fields gankit accepts are ASCII either way.
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(headerBytes);
  const fields = parseHeaderDict(header, bad);
  const itemSize = fields.descr === '<f4' ? 4 : 8;
  const count = fields.shape.reduce((a, b) => a * b, 1);
  const payload = bytes.length - dataStart;
  if (payload !== count * itemSize) {
    throw bad(
      `shape (${fields.shape.join(', ')}) of ${fields.descr} needs ${count * itemSize} data bytes but the file has ${payload}`,
      payload < count * itemSize ? 'The file is truncated' : 'The file has trailing bytes',
    );
  }
  // Copy: the payload offset need not be aligned to the element size, which typed arrays require
  // (and Buffer#slice would return a view, not a copy).
  const raw = new Uint8Array(payload);
  raw.set(bytes.subarray(dataStart));
  const data =
    itemSize === 4 ? new Float32Array(raw.buffer, 0, count) : new Float64Array(raw.buffer, 0, count);
  return { shape: fields.shape, data };
}

/** The three header keys, validated: dtype, memory order and shape. */
function parseHeaderDict(
  header: string,
  bad: (problem: string, hint?: string) => InputError,
): { descr: '<f4' | '<f8'; shape: number[] } {
  const m = /^\{(.*)\}\s*$/s.exec(header.trim());
  if (!m) throw bad(`malformed .npy header (not a dict literal): ${JSON.stringify(header.slice(0, 80))}`);
  const body = m[1];
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(body)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(body)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(body)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw bad(
      `malformed .npy header, need 'descr', 'fortran_order' and 'shape': ${JSON.stringify(header.trim())}`,
    );
  }
  const known = body.replace(/'(descr|fortran_order|shape)'\s*:\s*('[^']*'|True|False|\([^)]*\))/g, '');
  if (!/^[\s,]*$/.test(known))
    throw bad(`unexpected entries in the .npy header: ${JSON.stringify(known.trim())}`);
  if (descr !== '<f4' && descr !== '<f8') {
    const hint = /^>/.test(descr)
      ? 'Big-endian data: convert with arr.astype("<f4")'
      : 'Convert with arr.astype(numpy.float32) before saving';
    throw bad(
      `dtype '${descr}' is not supported; gankit reads little-endian float32 ('<f4') or float64 ('<f8')`,
      hint,
    );
  }
  if (fortran !== 'False') {
    throw bad('the array is stored in Fortran order', 'Save numpy.ascontiguousarray(arr) instead');
  }
  const parts = shapeText.split(',').map((s) => s.trim());
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length === 1 && parts[0] === '') parts.pop();
  const shape = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : Number.NaN));
  if (shape.some((n) => !Number.isSafeInteger(n)))
    throw bad(`malformed shape (${shapeText}) in the .npy header`);
  if (shape.length === 0) throw bad('the array is a scalar (shape ()); gankit needs a 1-D or 2-D array');
  return { descr, shape };
}

/** Reads a `.npy` file; unreadable files and bad contents are {@link InputError}s. */
export function readNpy(file: string): NpyArray {
  const bytes = readInputFile(file);
  return parseNpy(bytes, file);
}

/** Reads a 2-D `[n, d]` array, e.g. feature rows or class probabilities. */
export function readNpyMatrix(file: string): NpyMatrix {
  const { shape, data } = readNpy(file);
  if (shape.length !== 2) {
    throw new InputError(file, `expected a 2-D array [n, d], got shape (${shape.join(', ')})`);
  }
  return { rows: shape[0], cols: shape[1], data };
}

/** Reads a 1-D array, e.g. labels stored as floats. */
export function readNpyVector(file: string): Float32Array | Float64Array {
  const { shape, data } = readNpy(file);
  if (shape.length !== 1) throw new InputError(file, `expected a 1-D array, got shape (${shape.join(', ')})`);
  return data;
}

/** Encodes an array as `.npy` bytes: version 1.0 (2.0 if the header would not fit), header padded to 64. */
export function encodeNpy(array: NpyArray): Uint8Array {
  const { shape, data } = array;
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length)
    throw new RangeError(`shape (${shape.join(', ')}) does not match ${data.length} values`);
  const descr = data instanceof Float32Array ? '<f4' : '<f8';
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const major = dict.length + 12 > 0xffff ? 2 : 1;
  const prefix = 8 + (major === 1 ? 2 : 4);
  // numpy pads with spaces so that the data starts on a 64-byte boundary, ending with '\n'.
  const headerLen = Math.ceil((prefix + dict.length + 1) / 64) * 64 - prefix;
  const header = dict.padEnd(headerLen - 1, ' ') + '\n';
  const out = new Uint8Array(prefix + headerLen + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = major;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, headerLen, true);
  else view.setUint32(8, headerLen, true);
  for (let i = 0; i < headerLen; i++) out[prefix + i] = header.charCodeAt(i);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), prefix + headerLen);
  return out;
}

/** Writes an array to a `.npy` file readable by `numpy.load`. */
export function writeNpy(file: string, array: NpyArray): void {
  writeFileAtomic(file, encodeNpy(array));
}
