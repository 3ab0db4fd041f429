/**
 * A metric worker thread (see parallel.ts): runs one task at a time on shared memory, then sets the
 * task's done flag (and its error flag if the task threw) and wakes the waiting main thread.
 */
import { writeSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { accumulateCentredGram } from './covariance.js';
import { STATUS_DONE, STATUS_ERROR, type Task, runGemmSlice } from './parallel.js';

parentPort!.on('message', (msg: (Task | { op: 'ping' }) & { status: SharedArrayBuffer }) => {
  const status = new Int32Array(msg.status);
  try {
    if (msg.op === 'gemmNT') {
      runGemmSlice(
        new Float64Array(msg.a),
        new Float64Array(msg.b),
        new Float64Array(msg.c),
        msg.n,
        msg.k,
        msg.i0,
        msg.i1,
        msg.upper,
      );
    } else if (msg.op === 'gram') {
      const x = msg.float32 ? new Float32Array(msg.x) : new Float64Array(msg.x);
      accumulateCentredGram(x, msg.d, msg.r0, msg.r1, new Float64Array(msg.mean), new Float64Array(msg.out));
    }
  } catch (err) {
    // Synchronously: the main thread is blocked in Atomics.wait and would not relay process.stderr.
    writeSync(2, `gankit metric worker: ${(err as Error).stack ?? err}\n`);
    Atomics.store(status, STATUS_ERROR, 1);
  }
  Atomics.store(status, STATUS_DONE, 1);
  Atomics.notify(status, STATUS_DONE);
});
