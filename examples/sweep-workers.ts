/**
 * A hyper-parameter sweep over a Redis job queue: a random search over the learning rates and D steps
 * of the 1-D Gaussian toy GAN, ranked by its exact W1 to the true density. The script starts a private
 * redis-server on a free loopback port, enqueues the sweep (`gankit sweep --queue`), starts worker
 * processes (`gankit worker --drain`, as you would on several machines sharing the runs folder), waits
 * for them to empty the queue and prints the ranked runs; the sweep's report.html holds the table and
 * the best runs' curves side by side. Without redis-server it trains the same sweep here, one run after
 * another (the same code path, no queue), and says so.
 *   npm run example -- sweep-workers [--runs N] [--workers W] [--steps S] [--smoke]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatSweepTable, SweepFolder, sweepTable } from '../src/index.js';
import { startLocalRedis } from '../src/sweep/redis-server.js';
import { exampleArgs, intArg, secondsSince } from './lib/cli.js';

const args = exampleArgs('sweep-workers [--runs N] [--workers W] [--steps S] [--smoke]', {
  runs: { type: 'string' },
  workers: { type: 'string' },
  steps: { type: 'string' },
});
const runs = intArg('runs', args.runs, args.smoke ? 3 : 12);
const workers = intArg('workers', args.workers, args.smoke ? 2 : 3);
const steps = intArg('steps', args.steps, args.smoke ? 30 : 1000);
const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const root = mkdtempSync(path.join(os.tmpdir(), 'gankit-sweep-example-'));
const runsDir = path.join(root, 'runs');
const sweepFile = path.join(root, 'gaussian-lr.yaml');
const every = Math.max(1, Math.floor(steps / 5));
writeFileSync(
  sweepFile,
  `extends: toy-gaussian
train: { steps: ${steps}, logEvery: ${every}, sampleEvery: ${steps}, checkpointEvery: ${every} }
sweep:
  method: random
  runs: ${runs}
  seed: 1
  metric: w1
  goal: min
  parameters:
    optimizers.generator.lr: { min: 0.0001, max: 0.01, log: true }
    optimizers.discriminator.lr: { min: 0.0001, max: 0.01, log: true }
    train.dSteps: [1, 2]
  queue: { lockSeconds: 10, checkSeconds: 5, maxLost: 3 }
`,
);

/** Runs `gankit ARGS…` to the end with its output shown; exits on failure. */
function gankit(argv: string[]): void {
  const r = spawnSync(process.execPath, [CLI, ...argv], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const t0 = performance.now();
const out = path.join(runsDir, 'gaussian-lr');
const redis = await startLocalRedis();
if ('reason' in redis) {
  console.log(`${redis.reason}: training the sweep here instead, one run after another`);
  gankit(['sweep', '--config', sweepFile, '--out', out]);
} else {
  gankit(['sweep', '--config', sweepFile, '--queue', redis.url, '--out', out]);
  const exits = Array.from({ length: workers }, (_, i) => {
    const w = spawn(process.execPath, [CLI, 'worker', '--queue', redis.url, '--runs', runsDir, '--drain'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // Each worker's lines, without its STEP lines (there are many).
    w.stdout.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n'))
        if (line && !line.includes('STEP=')) console.log(`worker ${i + 1}: ${line}`);
    });
    return new Promise<number | null>((resolve) => w.once('exit', resolve));
  });
  const codes = await Promise.all(exits);
  await redis.stop();
  if (codes.some((c) => c !== 0)) process.exit(1);
}
const folder = new SweepFolder(out);
const record = folder.read();
const rows = folder.rows(record);
console.log(formatSweepTable(sweepTable(record, rows)));
const best = rows[0];
console.log(
  `${rows.filter((r) => r.state === 'finished').length} of ${rows.length} runs finished in ${secondsSince(t0)} s; best run: ${best.id} ${JSON.stringify(best.params)}, w1 ${best.metric}`,
);
console.log(`sweep report: ${folder.reportFile}`);
