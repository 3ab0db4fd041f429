/**
 * Signals while oneDNN's JIT GEMM kernels run (native/src/signals.cc): those kernels point rsp at a heap
 * workspace, so a signal handler run meanwhile wrote its frame over malloc's chunk headers and the
 * process aborted ("corrupted size vs. prev_size") — under `node --cpu-prof`, or with any JS signal
 * handler. A child process runs sgemm and a gemm-based convolution (backward data of a 1-channel image
 * side with 128 filters, "x64:gemm:jit") in a loop while V8's profiler samples it every 100 µs, or while
 * this process floods it with a signal that JS handles. Before the fix each case aborted within a
 * second, and so did each kernel alone under the flood.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ADDON_PATH } from '../../src/backend/native/addon.js';
import { skipNative } from './native-helpers.js';

/** CommonJS run by the child: argv[1] is the addon; prints the checked results, then waits for "exit". */
const CHILD = `
const addon = require(process.argv[1]);
process.on('SIGUSR2', () => {});
const f32 = (n, v) => { const id = addon.alloc(n * 4); addon.write(id, new Float32Array(n).fill(v)); return id; };
const M = 64, N = 256, K = 128;
const a = f32(M * K, 1), b = f32(K * N, 1), c = f32(M * N, 0);
// N, H, W, C, KH, KW, OC, OH, OW, sh, sw, dh, dw, pt, pl, pb, pr: a DCGAN discriminator's first layer, with
// 128 filters (with dcgan-fashion's 64 the GEMM is too shallow to take the heap workspace).
const geom = [8, 28, 28, 1, 5, 5, 128, 14, 14, 2, 2, 1, 1, 1, 1, 2, 2];
const dy = f32(8 * 14 * 14 * 128, 1), w = f32(5 * 5 * 128, 1), dx = f32(8 * 28 * 28, 0);
process.send('ready');
const t0 = Date.now();
let rounds = 0;
while (Date.now() - t0 < 1500) {
  addon.matmul(a, b, 0, c, 1, 1, M, N, K, false, false, 0);
  addon.convBackwardData(dy, w, dx, geom);
  rounds++;
}
const out = new Float32Array(M * N), din = new Float32Array(8 * 28 * 28);
addon.read(c, out);
addon.read(dx, din);
// Pixel (5, 5) lies under 3 x 3 filter taps of the stride-2 convolution.
process.send({ rounds, matmul: out.every((v) => v === K), conv: din[5 * 28 + 5] === 128 * 9 });
process.on('message', () => process.exit(0));
`;

interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  report?: { rounds: number; matmul: boolean; conv: boolean };
}

/** Runs CHILD under `nodeArgs`; with `flood`, sends it SIGUSR2 continuously while its loop runs. */
function runChild(nodeArgs: string[], flood: boolean): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs, '-e', CHILD, ADDON_PATH], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const res: Result = { code: null, signal: null, stderr: '' };
    let flooding = false;
    child.stderr?.on('data', (d: Buffer) => {
      res.stderr += d.toString();
    });
    const pump = () => {
      if (!flooding) return;
      for (let i = 0; i < 50; i++) child.kill('SIGUSR2');
      setImmediate(pump);
    };
    child.on('message', (m: unknown) => {
      if (m === 'ready') {
        flooding = flood;
        pump();
        return;
      }
      flooding = false;
      res.report = m as Result['report'];
      // Let signals already sent arrive while the handler is still installed, then let it exit.
      setTimeout(() => child.send('exit'), 100);
    });
    child.on('exit', (code, signal) => {
      flooding = false;
      res.code = code;
      res.signal = signal;
      resolve(res);
    });
  });
}

function assertClean(r: Result): void {
  assert.equal(r.signal, null, `child killed by ${r.signal}: ${r.stderr.trim().slice(-300)}`);
  assert.equal(r.code, 0, r.stderr.trim().slice(-300));
  assert.ok(r.report && r.report.rounds > 0);
  assert.deepEqual({ matmul: r.report.matmul, conv: r.report.conv }, { matmul: true, conv: true });
}

describe('native kernels under signals', { skip: skipNative }, () => {
  test('node --cpu-prof sampling every 100 µs during sgemm and gemm convolutions', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gankit-prof-'));
    try {
      assertClean(await runChild(['--cpu-prof', '--cpu-prof-interval=100', `--cpu-prof-dir=${dir}`], false));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a signal handled in JS arriving continuously during sgemm and gemm convolutions', async () => {
    assertClean(await runChild([], true));
  });
});
