/**
 * Splits the O(n·d²) and O(d³) products of FID across threads: the main thread takes one share and
 * worker threads (see worker.ts) the others, all on SharedArrayBuffer memory, and the main thread
 * blocks in `Atomics.wait` until they finish. Blocking keeps the metric API synchronous (a metric is a
 * pure function of its inputs) while still using every core.
 *
 * Threads: `os.availableParallelism()`, capped by the `GANKIT_THREADS` environment variable
 * (`GANKIT_THREADS=1` runs everything on the calling thread). If a worker cannot start, the work
 * runs on the calling thread after a one-time warning — slower, not different. Every entry of a
 * matrix product is summed by one thread in a fixed order, so products do not depend on the thread
 * count; a covariance adds one partial sum per thread, so its last bit or two may (≈ 1e-16 relative).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { gemmNT } from './gemm.js';

/** Below this many multiply-adds a product is not worth a round trip to the workers. */
const MIN_PARALLEL_WORK = 2e7;
/** How long a worker may take to start before the pool gives up on threads. */
const START_TIMEOUT_MS = 10_000;

/** A task message, interpreted by worker.ts with the same field names. */
export type Task =
  | {
      op: 'gemmNT';
      a: SharedArrayBuffer;
      b: SharedArrayBuffer;
      c: SharedArrayBuffer;
      n: number;
      k: number;
      i0: number;
      i1: number;
      upper: boolean;
    }
  | {
      op: 'gram';
      x: SharedArrayBuffer;
      float32: boolean;
      d: number;
      r0: number;
      r1: number;
      mean: SharedArrayBuffer;
      out: SharedArrayBuffer;
    };

/** Slot layout of the Int32 status array each task shares: [done flag, error flag]. */
export const STATUS_DONE = 0;
export const STATUS_ERROR = 1;

let pool: Worker[] | undefined;

function threadCount(): number {
  const env = Number(process.env.GANKIT_THREADS);
  const cores = availableParallelism();
  return Number.isInteger(env) && env >= 1 ? Math.min(env, cores) : cores;
}

/** The worker pool, started on first use; empty when single-threaded or when workers fail to start. */
function workers(): Worker[] {
  if (pool) return pool;
  pool = [];
  for (let w = 1; w < threadCount(); w++) {
    const worker = new Worker(new URL('./worker.js', import.meta.url));
    worker.unref();
    const status = new Int32Array(new SharedArrayBuffer(8));
    worker.postMessage({ op: 'ping', status: status.buffer });
    if (Atomics.wait(status, STATUS_DONE, 0, START_TIMEOUT_MS) === 'timed-out' && status[STATUS_DONE] === 0) {
      process.emitWarning('gankit: metric worker threads did not start; computing on one thread');
      for (const p of pool) void p.terminate();
      void worker.terminate();
      pool = [];
      return pool;
    }
    pool.push(worker);
  }
  return pool;
}

/** A zeroed Float64Array in shared memory (inputs that workers read without a copy). */
export function sharedFloat64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * 8));
}

/** Copies into shared memory unless the array already lives there. */
export function shared(x: Float32Array | Float64Array): SharedArrayBuffer {
  if (x.buffer instanceof SharedArrayBuffer && x.byteOffset === 0 && x.byteLength === x.buffer.byteLength) {
    return x.buffer;
  }
  const buf = new SharedArrayBuffer(x.byteLength);
  new Uint8Array(buf).set(new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
  return buf;
}

/** Threads to use for a job of `work` multiply-adds: 1 below the threshold, else the pool plus this one. */
export function threadsFor(work: number): number {
  return work < MIN_PARALLEL_WORK ? 1 : workers().length + 1;
}

/**
 * Runs `tasks[0]` on this thread (via `local`) and the others on workers, and returns when all are
 * done; call with at most {@link threadsFor} tasks. A worker's exception is rethrown here.
 */
export function runAll(tasks: Task[], local: (t: Task) => void): void {
  const pending = tasks.slice(1).map((task, w) => {
    const status = new Int32Array(new SharedArrayBuffer(8));
    pool![w].postMessage({ ...task, status: status.buffer });
    return status;
  });
  local(tasks[0]);
  for (const status of pending) {
    while (Atomics.load(status, STATUS_DONE) === 0) Atomics.wait(status, STATUS_DONE, 0);
    if (status[STATUS_ERROR] !== 0) throw new Error('a metric worker thread failed; see the message above');
  }
}

/**
 * Row boundaries splitting `rows` rows into `parts` shares of equal work, where row i costs
 * `cost(i)`; boundaries are even so the 2-row register tiles of gemmNT stay aligned.
 */
export function split(rows: number, parts: number, cost: (i: number) => number): number[] {
  let total = 0;
  for (let i = 0; i < rows; i++) total += cost(i);
  const bounds = [0];
  let acc = 0;
  for (let i = 0; i < rows && bounds.length < parts; i++) {
    acc += cost(i);
    if (acc >= (total * bounds.length) / parts) bounds.push(Math.min(rows, (i + 2) & ~1));
  }
  while (bounds.length <= parts) bounds.push(rows);
  return bounds;
}

/** {@link gemmNT} (fresh C) with the rows of A split between threads; same arguments and result. */
export function parallelGemmNT(
  a: Float64Array,
  b: Float64Array,
  m: number,
  n: number,
  k: number,
  options: { upper?: boolean } = {},
): Float64Array {
  const upper = options.upper === true;
  const threads = threadsFor(m * n * k);
  if (threads === 1) return gemmNT(a, b, m, n, k, undefined, { upper });
  const cs = new SharedArrayBuffer(m * n * 8);
  const c = new Float64Array(cs);
  const as = shared(a);
  const bs = shared(b);
  // In the upper triangle row i has n − i entries; otherwise all rows cost the same.
  const bounds = split(m, threads, (i) => (upper ? n - i : 1));
  const tasks: Task[] = bounds
    .slice(1)
    .map((i1, t) => ({ op: 'gemmNT', a: as, b: bs, c: cs, n, k, i0: bounds[t], i1, upper }));
  runAll(tasks, () => runGemmSlice(a, b, c, n, k, bounds[0], bounds[1], upper));
  return c;
}

/** Rows i0..i1 of C = A·Bᵀ: the unit of work of one thread. */
export function runGemmSlice(
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  n: number,
  k: number,
  i0: number,
  i1: number,
  upper: boolean,
): void {
  if (i1 <= i0) return;
  gemmNT(a.subarray(i0 * k, i1 * k), b, i1 - i0, n, k, c.subarray(i0 * n, i1 * n), { upper, rowOffset: i0 });
}
