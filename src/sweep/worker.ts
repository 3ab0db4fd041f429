/**
 * A queue worker: takes sweep runs from the queue one at a time and trains them in this process with
 * {@link trainSweepRun}, the same code path as a sweep without a queue. Training is synchronous work, so
 * the worker yields to its event loop after every step: that is when bullmq renews the lock that tells the
 * other workers this one is alive (a single step or evaluation longer than the sweep's `lockSeconds`
 * would look like a dead worker).
 *
 * A run's own failure becomes bullmq's `UnrecoverableError` (failed once, never retried); a run this
 * worker cannot see is released for another worker and this one stops, since it would fail every run.
 */
import path from 'node:path';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { writeSweepReport } from '../report/sweep.js';
import { RunAbandoned } from '../train/run.js';
import { SweepFolder } from './folder.js';
import { RunFailure, type SweepJob, SweepSetupError, trainSweepRun } from './job.js';
import { pendingRuns, QUEUE_NAME } from './queue.js';
import type { QueueTiming } from './spec.js';

export interface WorkerOptions {
  redis: Redis;
  timing: QueueTiming;
  /** The folder of runs, shared with `gankit sweep` and the other workers. */
  runsDir: string;
  /** Stop once the queue holds no run to do (none waiting, retrying or held by another worker). */
  drain?: boolean;
  print: (line: string) => void;
}

export interface RunningWorker {
  /** Resolves when the worker stopped (drained, or a setup error); rejects never. */
  done: Promise<{ reason: 'drained' | 'setup'; message?: string }>;
  /** Stops taking runs; a run in training is abandoned to the queue (another worker resumes it). */
  stop(): Promise<void>;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** How often the training loop itself renews the run's lock (and learns whether it still holds it). */
const RENEW_MS = 1000;

/**
 * The `onStep` of a run held under `token`: one turn of the event loop per step (bullmq's own renewal
 * timers run then), and at most every {@link RENEW_MS} a renewal from the loop itself, which says whether
 * the lock is still this worker's. A worker that was too busy to renew for `lockSeconds` has had its run
 * handed to another worker; it gives the run up ({@link RunAbandoned}) instead of training it twice.
 */
function holdLock(job: Job<SweepJob>, token: string, lockMs: number): () => Promise<void> {
  let last = Date.now();
  return async () => {
    await yieldToEventLoop();
    if (Date.now() - last < RENEW_MS) return;
    last = Date.now();
    if ((await job.extendLock(token, lockMs)) !== 1)
      throw new RunAbandoned(
        "this worker lost its lock on the run (busy longer than the sweep's lockSeconds), and another worker has taken it over",
      );
  };
}

/** Starts a worker on the queue of `opts.redis`. */
export function startWorker(opts: WorkerOptions): RunningWorker {
  const { print, timing } = opts;
  let finish: (r: { reason: 'drained' | 'setup'; message?: string }) => void = () => {};
  const done = new Promise<{ reason: 'drained' | 'setup'; message?: string }>((r) => {
    finish = r;
  });
  let busy = false;
  const worker = new Worker<SweepJob>(
    QUEUE_NAME,
    async (job, token) => {
      busy = true;
      const name = `${job.data.sweep}/${job.data.run}`;
      print(`[${name}] started (start ${job.attemptsStarted} of this run)`);
      try {
        const r = await trainSweepRun(opts.runsDir, job.data, {
          print: (line) => print(`[${name}] ${line}`),
          onStep: holdLock(job, token!, timing.lockSeconds * 1000),
          // The queue job is this worker's claim on the run: a frozen former owner's folder lock gives way.
          takeOverLock: true,
        });
        print(`[${name}] ${r.alreadyDone ? 'had already finished' : 'finished'}`);
      } catch (err) {
        if (err instanceof RunFailure) {
          print(`[${name}] failed: ${err.message}`);
          throw new UnrecoverableError(err.message);
        }
        if (err instanceof RunAbandoned) print(`[${name}] given up: ${err.message}`);
        if (err instanceof SweepSetupError) {
          print(`[${name}] cannot be trained here: ${err.message}`);
          finish({ reason: 'setup', message: err.message });
        }
        throw err;
      } finally {
        busy = false;
        refreshReport(path.join(opts.runsDir, job.data.sweep), print);
      }
    },
    {
      connection: opts.redis,
      concurrency: 1,
      lockDuration: timing.lockSeconds * 1000,
      stalledInterval: timing.checkSeconds * 1000,
      maxStalledCount: timing.maxLost,
      // A short long-poll lets a draining worker notice an empty queue soon.
      drainDelay: 1,
    },
  );
  worker.on('error', (err) => print(`queue: ${err.message}`));
  let timer: NodeJS.Timeout | undefined;
  if (opts.drain) {
    timer = setInterval(async () => {
      if (busy) return;
      try {
        if ((await pendingRuns(opts.redis)) === 0) finish({ reason: 'drained' });
      } catch {
        // Redis unreachable for a moment: ask again at the next tick.
      }
    }, 1000);
  }
  const stop = async () => {
    if (timer) clearInterval(timer);
    await worker.close(true);
  };
  done.then(stop);
  return { done, stop };
}

/** Rewrites the sweep's report after a run ended, so the folder always has a current one. */
function refreshReport(sweepDir: string, print: (line: string) => void): void {
  try {
    const folder = new SweepFolder(sweepDir);
    if (folder.exists()) writeSweepReport(folder);
  } catch (err) {
    print(`report of ${sweepDir} not written: ${(err as Error).message}`);
  }
}
