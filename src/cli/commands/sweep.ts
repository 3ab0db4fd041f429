/** `gankit sweep`: plan a hyper-parameter sweep, then train its runs here or put them on a queue. */
import path from 'node:path';
import { writeSweepReport } from '../../report/sweep.js';
import { SweepFolder, type SweepRecord } from '../../sweep/folder.js';
import { connectQueue, enqueueSweep, queueAddress, shownAddress } from '../../sweep/queue.js';
import { planRuns, readSweepFile } from '../../sweep/spec.js';
import { formatSweepTable, stateCounts, sweepTable } from '../../sweep/table.js';
import { UsageError } from '../../util/errors.js';
import { parseFlags } from '../args.js';
import type { Command } from '../command.js';

const FLAGS = {
  config: { type: 'string' },
  out: { type: 'string' },
  queue: { type: 'string' },
  status: { type: 'boolean' },
  resume: { type: 'boolean' },
} as const;

const usage = `usage: gankit sweep --config SWEEP.yaml [--out DIR] [--queue redis://HOST:PORT]
       gankit sweep --resume --out DIR
       gankit sweep --status (--out DIR | --config SWEEP.yaml)

A sweep file is a config file (extends: PRESET, any overrides) with a 'sweep:' section: the config keys
to vary (a list of values, or a range { min, max, log, integer } — with 'count' in a grid), method grid
(every combination) or random (seeded draws, 'runs' of them), the metrics.jsonl column to rank by
('metric') and whether lower or higher is better ('goal'). See the README, "Sweeps".
The sweep folder (default runs/<name>) gets sweep.json and one run folder per run (run-000, …).
Without --queue the runs train here, one after another (--resume continues an interrupted sweep). With
--queue (or GANKIT_QUEUE) they are put on the Redis queue for 'gankit worker's, on any machines that
share the folder of runs (the parent of the sweep folder). --status prints every run with its
parameters, state and metric, best first, and rewrites the sweep's report.html.`;

/** The sweep folder named by --out, or by the sweep file's name under runs/. */
function sweepFolder(v: Record<string, string | boolean | undefined>, name?: string): SweepFolder {
  if (v.out === undefined && name === undefined)
    throw new UsageError(`gankit sweep: pass --out DIR. ${usage.split('\n')[1].trim()}`);
  return new SweepFolder(path.resolve((v.out as string | undefined) ?? path.join('runs', name!)));
}

/** Prints the status table and rewrites the report. */
function showStatus(folder: SweepFolder): void {
  const record = folder.read();
  const rows = folder.rows(record);
  console.log(`sweep ${record.name} (${folder.root}): ${rows.length} runs, ${stateCounts(rows)}`);
  console.log(formatSweepTable(sweepTable(record, rows)));
  console.log(`report: ${writeSweepReport(folder)}`);
}

/** Trains the runs of `record` that have not finished, one after another, as a worker would. */
async function trainHere(folder: SweepFolder, record: SweepRecord): Promise<void> {
  // Loaded here: enqueueing and --status need no tensors.
  const { describeBackend, initBackend } = await import('../../backend/index.js');
  const { RunFailure, trainSweepRun } = await import('../../sweep/job.js');
  console.log(describeBackend(await initBackend('auto')));
  const runsDir = path.dirname(folder.root);
  const job = { sweep: path.basename(folder.root), id: record.id };
  for (const run of record.runs) {
    const name = `${record.name}/${run.id}`;
    console.log(`[${name}] ${JSON.stringify(run.params)}`);
    try {
      const r = await trainSweepRun(
        runsDir,
        { ...job, run: run.id },
        { print: (l) => console.log(`[${name}] ${l}`) },
      );
      if (r.alreadyDone) console.log(`[${name}] had already finished`);
    } catch (err) {
      if (!(err instanceof RunFailure)) throw err;
      console.log(`[${name}] failed: ${err.message}`);
    }
    writeSweepReport(folder);
  }
  showStatus(folder);
}

const sweep: Command = {
  summary: 'hyper-parameter sweep (grid or random), here or over a Redis queue of workers',
  usage,
  async run(argv) {
    const { values: v, positionals } = parseFlags('sweep', argv, FLAGS);
    if (positionals.length)
      throw new UsageError(`gankit sweep: unexpected argument '${positionals[0]}'. ${usage.split('\n')[0]}`);
    if (v.status) {
      const name = v.config === undefined ? undefined : readSweepFile(v.config as string).name;
      showStatus(sweepFolder(v, name));
      return 0;
    }
    const address = queueAddress(v.queue as string | undefined);
    if (v.resume) {
      if (v.config !== undefined)
        throw new UsageError('gankit sweep --resume: the sweep is in --out DIR; drop --config');
      if (address !== undefined)
        throw new UsageError('gankit sweep --resume trains here; without --queue or GANKIT_QUEUE');
      const folder = sweepFolder(v);
      await trainHere(folder, folder.read());
      return 0;
    }
    if (v.config === undefined)
      throw new UsageError(`gankit sweep: pass --config SWEEP.yaml. ${usage.split('\n')[0]}`);
    const spec = readSweepFile(v.config as string);
    const folder = sweepFolder(v, spec.name);
    if (address === undefined) {
      const record = folder.create(spec, planRuns(spec));
      console.log(`sweep ${spec.name}: ${record.runs.length} runs (${spec.method}) in ${folder.root}`);
      await trainHere(folder, record);
      return 0;
    }
    // Connected first: a queue that is not there leaves no half-made sweep folder behind.
    const redis = await connectQueue(address);
    let record: SweepRecord;
    try {
      record = folder.create(spec, planRuns(spec));
      await enqueueSweep(
        redis,
        record,
        path.basename(folder.root),
        record.runs.map((r) => r.id),
      );
    } finally {
      redis.disconnect();
    }
    console.log(`sweep ${spec.name}: enqueued ${record.runs.length} runs (${spec.method}) on ${shownAddress(address)}. Start workers on machines that share ${path.dirname(folder.root)}:
  gankit worker --queue ${shownAddress(address)} --runs ${path.dirname(folder.root)}
and follow the sweep with: gankit sweep --status --out ${folder.root}`);
    return 0;
  },
};

export default sweep;
