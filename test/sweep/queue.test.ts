/**
 * Sweeps over the Redis queue, with a redis-server of the test's own: 3 worker processes give the same
 * runs as training them one after another without Redis; a run with a bad config fails once with its
 * reason and the sweep finishes; a worker killed with SIGKILL mid-run, or frozen past its lock, leaves
 * its run to another worker, which resumes it from its checkpoint to the very weights of an uninterrupted
 * run (the frozen one, woken up, gives the run up).
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { checkpointName } from '../../src/train/checkpoint.js';
import { RunDir } from '../../src/train/run-dir.js';
import { CLI, gankit, tmpDir } from '../helpers.js';
import { freeLoopbackPort, type LocalRedis, startLocalRedis } from '../../src/sweep/redis-server.js';

let redis: LocalRedis | undefined;
let skip: string | undefined;
const children = new Set<ChildProcess>();

before(async () => {
  const started = await startLocalRedis();
  if ('reason' in started) {
    skip = started.reason;
    console.log(`# skipping the queue tests: ${skip}`);
  } else redis = started;
});

after(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await redis?.stop();
});

/** A gankit process running in the background: its output so far and its exit. */
function background(args: string[]): {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
} {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exit };
}

/** Waits until `check` holds, polling; fails after `ms` with `what`. */
async function until(check: () => boolean, what: string, ms = 240_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A run's metrics rows without the wall-clock column. */
function metrics(dir: string): Record<string, number>[] {
  return new RunDir(dir).readMetrics().map(({ time: _t, ...row }) => row);
}

// Short enough for a killed worker to be noticed in seconds, long enough for a live one on a loaded machine.
const TIMING = 'queue: { lockSeconds: 10, checkSeconds: 2, maxLost: 3 }';

/** A sweep over the toy 1-D Gaussian with `train` settings and `parameters` (YAML flow mappings). */
function sweepFile(dir: string, name: string, train: string, parameters: string): string {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `extends: toy-gaussian
train: { ${train} }
sweep:
  metric: w1
  goal: min
  parameters: { ${parameters} }
  ${TIMING}
`,
  );
  return file;
}

const TINY = 'steps: 40, batchSize: 64, logEvery: 10, sampleEvery: 40, checkpointEvery: 20, sampleCount: 400';

test('6 runs on 3 workers equal the same runs trained one after another; a bad config fails once, the sweep finishes', async (t) => {
  if (!redis) return t.skip(skip);
  const root = tmpDir('gankit-sweep-');
  const runs = path.join(root, 'runs');
  const grid = sweepFile(
    root,
    'grid',
    TINY,
    'optimizers.generator.lr: [0.0005, 0.002], train.seed: [1, 2, 3]',
  );
  // dSteps 0 is not a valid config: that run fails on whichever worker takes it, once.
  const bad = sweepFile(root, 'bad', TINY, 'train.dSteps: [1, 0]');
  // The workers start first (each waits for a sweep), so that all three are there to share the runs.
  mkdirSync(runs);
  const workers = [0, 1, 2].map(() => background(['worker', '--queue', redis!.url, '--runs', runs]));
  await until(
    () => workers.every((w) => /waiting for a sweep|worker \d+ on/.test(w.output())),
    'the workers to connect',
  );
  for (const file of [grid, bad]) {
    const r = gankit([
      'sweep',
      '--config',
      file,
      '--queue',
      redis.url,
      '--out',
      path.join(runs, path.basename(file, '.yaml')),
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /enqueued \d runs/);
  }
  const ended = (sweep: string, id: string) =>
    ['finished', 'failed'].includes(new RunDir(path.join(runs, sweep, id)).readStatus()?.state ?? '');
  await until(
    () =>
      [0, 1, 2, 3, 4, 5].every((i) => ended('grid', `run-00${i}`)) &&
      ended('bad', 'run-000') &&
      ended('bad', 'run-001'),
    'every run to end',
  );
  for (const w of workers) w.child.kill('SIGTERM');
  const codes = await Promise.all(workers.map((w) => w.exit));
  const logs = workers.map((w) => w.output());
  assert.deepEqual(codes, [130, 130, 130], logs.join('\n----\n'));
  const all = logs.join('\n');
  // Every run was started exactly once, and the work was shared.
  for (const id of ['grid/run-000', 'grid/run-005', 'bad/run-000', 'bad/run-001'])
    assert.equal(all.split(`[${id}] started`).length - 1, 1, `${id} started once:\n${all}`);
  assert.ok(logs.filter((l) => /\] started/.test(l)).length >= 2, 'at least two workers trained runs');

  const local = gankit(['sweep', '--config', grid, '--out', path.join(root, 'local', 'grid')]);
  assert.equal(local.code, 0, local.stderr);
  for (let i = 0; i < 6; i++) {
    const id = `run-00${i}`;
    const queued = metrics(path.join(runs, 'grid', id));
    assert.equal(queued.length, 4, `${id} logged every 10 of 40 steps:\n${all}`);
    assert.deepEqual(queued, metrics(path.join(root, 'local', 'grid', id)), id);
  }
  // The runs differ from each other (the comparison above is not vacuous).
  assert.notEqual(
    metrics(path.join(runs, 'grid', 'run-000'))[3].w1,
    metrics(path.join(runs, 'grid', 'run-001'))[3].w1,
  );

  const failed = new RunDir(path.join(runs, 'bad', 'run-001')).readStatus();
  assert.equal(failed?.state, 'failed');
  assert.match(failed!.error!, /'config\.train\.dSteps' must be an integer >= 1, got 0/);
  assert.equal(new RunDir(path.join(runs, 'bad', 'run-000')).readStatus()?.state, 'finished');

  const status = gankit(['sweep', '--status', '--out', path.join(runs, 'grid')]);
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, /6 runs, 6 finished/);
  // Ranked by w1, best first, in the table and in the report.
  const w1 = [...status.stdout.matchAll(/^\d+\s+run-\d+\s+\S+\s+\d\s+finished\s+40 \/ 40\s+(\S+)/gm)].map(
    (m) => Number(m[1]),
  );
  assert.equal(w1.length, 6, status.stdout);
  assert.deepEqual(
    w1,
    [...w1].sort((a, b) => a - b),
  );
  const report = readFileSync(path.join(runs, 'grid', 'report.html'), 'utf8');
  assert.match(report, /The best 3 runs/);
  const badStatus = gankit(['sweep', '--status', '--out', path.join(runs, 'bad')]);
  assert.match(badStatus.stdout, /1 finished, 1 failed/);
  assert.match(badStatus.stdout, /run-001 .*failed .*dSteps/);
});

/**
 * Trains the one run of sweep `name` (file `file`) on a first worker until step 300, does `interrupt` to
 * it, and lets a second worker (`--drain`) finish the run; returns the run folder and both workers.
 */
async function handOver(
  file: string,
  runs: string,
  name: string,
  interrupt: (
    first: ReturnType<typeof background>,
    second: () => ReturnType<typeof background>,
  ) => Promise<void>,
) {
  const run = new RunDir(path.join(runs, name, 'run-000'));
  const q = gankit(['sweep', '--config', file, '--queue', redis!.url, '--out', path.join(runs, name)]);
  assert.equal(q.code, 0, q.stderr);
  const first = background(['worker', '--queue', redis!.url, '--runs', runs]);
  await until(() => (run.readStatus()?.step ?? 0) >= 300, `the first worker to pass step 300 of ${name}`);
  const at = run.readStatus()!;
  assert.equal(at.pid, first.child.pid, 'the first worker trains the run');
  let second: ReturnType<typeof background> | undefined;
  await interrupt(first, () => {
    second = background(['worker', '--queue', redis!.url, '--runs', runs, '--drain']);
    return second;
  });
  assert.equal(await second!.exit, 0, second!.output());
  const resumed = /resumed from \S+ at step (\d+)/.exec(second!.output());
  assert.ok(resumed, second!.output());
  // Resumed from the checkpoint the first worker had reached, not from scratch: at most one interval lost.
  assert.ok(Number(resumed[1]) >= at.step, `resumed at ${resumed[1]}, interrupted after ${at.step}`);
  assert.equal(run.readStatus()?.state, 'finished');
  assert.equal(run.readStatus()?.pid, second!.child.pid);
  return { run, first, second: second! };
}

test('a worker killed with SIGKILL, or stopped longer than its lock, mid-run: another worker resumes the run from its checkpoint to the weights of an uninterrupted run', async (t) => {
  if (!redis) return t.skip(skip);
  const root = tmpDir('gankit-sweep-kill-');
  const runs = path.join(root, 'runs');
  const steps = 1200;
  const file = sweepFile(
    root,
    'long',
    `steps: ${steps}, batchSize: 64, logEvery: 100, sampleEvery: ${steps}, checkpointEvery: 100, sampleCount: 400`,
    'train.seed: [4]',
  );
  // A dead worker (kill -9, a lost machine).
  const killed = await handOver(file, runs, 'killed', async (first, second) => {
    first.child.kill('SIGKILL');
    await first.exit;
    second();
  });
  // A worker frozen past its lock (SIGSTOP stands for a step, evaluation or swap storm longer than
  // lockSeconds): its run is handed on; woken up, it finds its lock gone and gives the run up.
  const frozen = await handOver(file, runs, 'frozen', async (first, second) => {
    first.child.kill('SIGSTOP');
    const other = second();
    await until(() => /resumed from/.test(other.output()), 'the second worker to take the run over');
    first.child.kill('SIGCONT');
  });
  await until(
    () => /given up: this worker lost its lock/.test(frozen.first.output()),
    'the first worker to give up',
  );
  frozen.first.child.kill('SIGTERM');
  await frozen.first.exit;

  const straight = path.join(root, 'straight');
  const r = gankit(['sweep', '--config', file, '--out', straight]);
  assert.equal(r.code, 0, r.stderr);
  const final = (dir: string) =>
    readFileSync(path.join(dir, 'checkpoints', checkpointName(steps), 'tensors.bin'));
  const reference = final(path.join(straight, 'run-000'));
  assert.ok(reference.length > 10_000, 'weights and optimizer slots');
  for (const { run } of [killed, frozen]) {
    assert.ok(
      final(run.root).equals(reference),
      `${run.root}: final weights and optimizer state equal bit for bit`,
    );
    assert.deepEqual(metrics(run.root), metrics(path.join(straight, 'run-000')), run.root);
  }
});

test('no Redis at the address: a clear refusal, exit 2, and no sweep folder left behind', async () => {
  const root = tmpDir('gankit-sweep-refused-');
  const url = `redis://127.0.0.1:${await freeLoopbackPort()}`;
  const file = sweepFile(root, 'nowhere', TINY, 'train.seed: [1]');
  const r = gankit(['sweep', '--config', file, '--queue', url, '--out', path.join(root, 'nowhere')]);
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    new RegExp(`cannot reach the queue at ${url}/? \\(ECONNREFUSED\\); start redis-server there`),
  );
  assert.ok(!existsSync(path.join(root, 'nowhere')));
  const w = gankit(['worker', '--runs', root]);
  assert.equal(w.code, 2);
  assert.match(w.stderr, /pass --queue redis:\/\/HOST:PORT or set GANKIT_QUEUE/);
});
