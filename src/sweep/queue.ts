/**
 * The job queue of sweeps: one bullmq queue (Redis) that `gankit sweep --queue` fills with a sweep's
 * runs and any number of `gankit worker`s on any number of machines take runs from. bullmq supplies what
 * makes this distributed: a run is handed to one worker at a time under a lock the worker keeps renewing,
 * and when a worker dies its lock runs out and the run goes back to the queue for the next worker.
 *
 * The queue's address is the only thing that comes from the command line (`--queue`) or the environment
 * (`GANKIT_QUEUE`); the timing of the locks comes from the sweep file, stored in Redis with the runs, so
 * that every worker judges a lost run by the same clock.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { UsageError, GankitError } from '../util/errors.js';
import type { SweepRecord } from './folder.js';
import type { SweepJob } from './job.js';
import type { QueueTiming } from './spec.js';

/** The bullmq queue every sweep's runs go into. */
export const QUEUE_NAME = 'gankit-runs';
/** The Redis key holding the {@link QueueTiming} of the sweep enqueued last. */
const TIMING_KEY = 'gankit:queue-timing';
/** How often a run that failed because its worker could not see the sweep folder is offered again. */
const SETUP_ATTEMPTS = 3;

/** The queue address from `--queue`, else `GANKIT_QUEUE`; undefined when neither is set. */
export function queueAddress(flag: string | undefined): string | undefined {
  const address = flag ?? (process.env.GANKIT_QUEUE || undefined);
  if (address === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    throw new UsageError(
      `${flag !== undefined ? '--queue' : 'GANKIT_QUEUE'} must be a Redis address such as redis://HOST:6379, got '${address}'`,
    );
  return address;
}

/** The address without a password, for messages. */
export function shownAddress(address: string): string {
  const url = new URL(address);
  url.password = url.password ? '***' : '';
  return url.toString();
}

/**
 * Connects to Redis; a server that is not there is a {@link GankitError} saying so, not an endless
 * retry. Once connected, a lost connection is retried (a Redis restart does not stop the workers).
 */
export async function connectQueue(address: string): Promise<Redis> {
  let connected = false;
  const redis = new Redis(address, {
    lazyConnect: true,
    // bullmq's workers block on Redis and must not give up on a command while reconnecting.
    maxRetriesPerRequest: null,
    connectTimeout: 5000,
    retryStrategy: (times) => (connected ? Math.min(times * 500, 5000) : null),
  });
  let lastError: Error | undefined;
  redis.on('error', (err) => {
    lastError = err;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    const why = (lastError as NodeJS.ErrnoException | undefined)?.code ?? (err as Error).message;
    throw new GankitError(
      `cannot reach the queue at ${shownAddress(address)} (${why}); start redis-server there, or pass the right --queue / GANKIT_QUEUE`,
    );
  }
  connected = true;
  return redis;
}

/** Puts every run of `record` that has not finished on the queue; `sweep` is its folder relative to the runs folder. */
export async function enqueueSweep(
  redis: Redis,
  record: SweepRecord,
  sweep: string,
  runs: string[],
): Promise<void> {
  await redis.set(TIMING_KEY, JSON.stringify(record.timing));
  const queue = new Queue<SweepJob>(QUEUE_NAME, { connection: redis });
  try {
    await queue.addBulk(
      runs.map((run) => ({
        name: `${record.name}/${run}`,
        data: { sweep, id: record.id, run },
        opts: {
          // One sweep's run is one job, whoever enqueues it: bullmq ignores a second add of the same id.
          jobId: `${record.id}-${run}`,
          attempts: SETUP_ATTEMPTS,
          backoff: { type: 'fixed', delay: 2000 },
        },
      })),
    );
  } finally {
    await queue.close();
  }
}

/** The timing stored by the last `gankit sweep --queue`, once there is one (a worker may start first). */
export async function waitForTiming(redis: Redis, onWait: () => void): Promise<QueueTiming> {
  let waited = false;
  for (;;) {
    const text = await redis.get(TIMING_KEY);
    if (text) return JSON.parse(text) as QueueTiming;
    if (!waited) onWait();
    waited = true;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** How many runs are still to do or being done (waiting, retrying or held by a worker). */
export async function pendingRuns(redis: Redis): Promise<number> {
  const queue = new Queue(QUEUE_NAME, { connection: redis });
  try {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'paused');
    return Object.values(counts).reduce((a, b) => a + b, 0);
  } finally {
    await queue.close();
  }
}
