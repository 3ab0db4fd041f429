/**
 * The compiled addon (native/build/Release/gankit_native.node) and its typed surface. Buffers are
 * integer ids into native storage; every kernel takes ids, shapes and scalars.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

type Ids = number[];

/** Functions exported by native/src/*.cc (argument order documented there). */
export interface NativeAddon {
  alloc(bytes: number): number;
  free(id: number): void;
  write(id: number, values: ArrayBufferView): void;
  read(id: number, into: ArrayBufferView): void;
  stats(): { liveBytes: number; pooledBytes: number; threads: number };
  /** Returns memory the C allocator keeps after frees to the system (malloc_trim); true when it did. */
  trim(): boolean;
  unary(op: string, x: number, out: number, n: number, alpha: number, beta: number): void;
  cast(x: number, out: number, n: number, from: number, to: number): void;
  logicalNot(x: number, out: number, n: number): void;
  /** The gradient of LeakyRelu / Relu at x times dy, in one pass (float32, n elements each). */
  activationGrad(op: string, dy: number, x: number, out: number, n: number, alpha: number): void;
  adam(
    param: number,
    m: number,
    v: number,
    g: number,
    outParam: number,
    outM: number,
    outV: number,
    n: number,
    beta1: number,
    beta2: number,
    sqrtBc2: number,
    epsilon: number,
    stepSize: number,
  ): void;
  binary(
    op: string,
    a: number,
    b: number,
    out: number,
    aShape: Ids,
    bShape: Ids,
    outShape: Ids,
    dtype: number,
  ): boolean;
  select(
    cond: number,
    a: number,
    b: number,
    out: number,
    n: number,
    condLen: number,
    elemBytes: number,
  ): void;
  addN(ids: Ids, out: number, n: number, dtype: number): void;
  fill(out: number, n: number, value: number, dtype: number): void;
  reduce(
    op: string,
    x: number,
    out: number,
    outer: number,
    mid: number,
    inner: number,
    dtype: number,
  ): boolean;
  transpose(x: number, out: number, shape: Ids, perm: Ids, elemBytes: number): void;
  slice(x: number, out: number, shape: Ids, begin: Ids, size: Ids, elemBytes: number): void;
  pad(x: number, out: number, shape: Ids, before: Ids, outShape: Ids, value: number, elemBytes: number): void;
  tile(x: number, out: number, shape: Ids, reps: Ids, elemBytes: number): void;
  remap(x: number, out: number, shape: Ids, outShape: Ids, maps: Ids, elemBytes: number): void;
  copyRows(
    src: number,
    dst: number,
    rows: number,
    srcCols: number,
    dstCols: number,
    dstOffset: number,
    elemBytes: number,
  ): void;
  gather(
    x: number,
    indices: number,
    out: number,
    outer: number,
    axisDim: number,
    inner: number,
    nIndices: number,
    elemBytes: number,
  ): void;
  oneHot(
    indices: number,
    out: number,
    n: number,
    depth: number,
    on: number,
    off: number,
    isFloat: boolean,
  ): void;
  convForward(x: number, filter: number, bias: number, out: number, geometry: Ids): void;
  convBackwardData(dy: number, filter: number, dx: number, geometry: Ids): void;
  convBackwardFilter(x: number, dy: number, dw: number, geometry: Ids): void;
  matmul(
    a: number,
    b: number,
    bias: number,
    out: number,
    batchA: number,
    batchB: number,
    m: number,
    n: number,
    k: number,
    transposeA: boolean,
    transposeB: boolean,
    biasLen: number,
  ): void;
  batchNorm(
    x: number,
    mean: number,
    variance: number,
    offset: number,
    scale: number,
    out: number,
    n: number,
    lenMean: number,
    lenVar: number,
    lenOffset: number,
    lenScale: number,
    eps: number,
  ): void;
  instanceNorm(x: number, out: number, n: number, m: number, c: number, epsilon: number): void;
  instanceNormGrad(x: number, dy: number, dx: number, n: number, m: number, c: number, epsilon: number): void;
  poolForward(x: number, out: number, geometry: Ids, isMax: boolean): void;
  poolBackward(dy: number, x: number, dx: number, geometry: Ids, isMax: boolean): void;
  philoxUniform(out: number, n: number, seed: number, stream: number, counter: number, rate: number): void;
}

/** Where `npm install` (scripts/build-native.mjs) leaves the addon, from dist/src/backend/native/. */
export const ADDON_PATH = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../native/build/Release/gankit_native.node',
);

/** Loads the addon, or returns why it cannot be loaded (never throws). */
export function loadAddon(): { addon: NativeAddon } | { reason: string } {
  // OpenMP threads that spin while idle steal the core the JS thread needs between kernels, and on a
  // busy host a descheduled spinner stalls every barrier (measured: 2 threads went from 4.6 s to 0.75 s
  // per DCGAN step). libgomp reads this when the addon loads it, so it must be set before require.
  process.env.OMP_WAIT_POLICY ??= 'passive';
  try {
    return { addon: createRequire(import.meta.url)(ADDON_PATH) as NativeAddon };
  } catch (err) {
    const msg = (err as Error).message.split('\n')[0];
    return {
      reason: `native addon not loadable (${msg}); build it with 'npm rebuild gankit' or 'npm install'`,
    };
  }
}
