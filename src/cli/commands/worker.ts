/** `gankit worker`: train sweep runs taken from a Redis queue until stopped (or, with --drain, until none is left). */
import { describeBackend, initBackend } from '../../backend/index.js';
import { connectQueue, queueAddress, shownAddress, waitForTiming } from '../../sweep/queue.js';
import { startWorker } from '../../sweep/worker.js';
import { GankitError, UsageError } from '../../util/errors.js';
import { parseFlags, runsFolderFlag } from '../args.js';
import type { Command } from '../command.js';

const FLAGS = {
  queue: { type: 'string' },
  runs: { type: 'string' },
  drain: { type: 'boolean' },
} as const;

const usage = `usage: gankit worker [--queue redis://HOST:PORT] [--runs DIR] [--drain]

Takes the runs of sweeps ('gankit sweep --queue') from the Redis queue at --queue (default: the
GANKIT_QUEUE environment variable) and trains them one at a time into --runs DIR (default runs/), which
must be the folder holding the sweep folders, shared by every machine (a network or shared file system).
Start any number of workers on any number of machines. A worker that dies leaves its run to another,
which resumes it from its latest checkpoint; a run that fails for a reason of its own (bad config,
non-finite losses) is marked failed and not retried. --drain stops the worker once no run is left to
do; without it, it waits for more until Ctrl-C (its run in training then goes back to the queue).`;

const worker: Command = {
  summary: 'train sweep runs from a Redis queue (any number, on any machines)',
  usage,
  async run(argv) {
    const { values: v, positionals } = parseFlags('worker', argv, FLAGS);
    if (positionals.length)
      throw new UsageError(`gankit worker: unexpected argument '${positionals[0]}'. ${usage.split('\n')[0]}`);
    const address = queueAddress(v.queue as string | undefined);
    if (address === undefined)
      throw new UsageError('gankit worker: pass --queue redis://HOST:PORT or set GANKIT_QUEUE');
    const runsDir = runsFolderFlag(v.runs, 'the shared folder that holds the sweep folders');
    const redis = await connectQueue(address);
    console.log(describeBackend(await initBackend('auto')));
    const timing = await waitForTiming(redis, () => console.log('waiting for a sweep to be enqueued…'));
    console.log(
      `worker ${process.pid} on ${shownAddress(address)}, runs in ${runsDir} (lock ${timing.lockSeconds} s, check every ${timing.checkSeconds} s, a run is handed on at most ${timing.maxLost} times)`,
    );
    const w = startWorker({ redis, timing, runsDir, drain: Boolean(v.drain), print: (l) => console.log(l) });
    const onSignal = () => {
      console.log('stopping; a run in training goes back to the queue for another worker');
      w.stop().finally(() => {
        redis.disconnect();
        process.exit(130);
      });
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const end = await w.done;
    await w.stop();
    redis.disconnect();
    if (end.reason === 'setup') throw new GankitError(`worker stopped: ${end.message}`);
    console.log('no run left on the queue; stopping');
    return 0;
  },
};

export default worker;
