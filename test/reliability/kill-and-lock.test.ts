/**
 * kill -9 and concurrency (issue 17): a run SIGKILLed at random moments, several times inside a
 * checkpoint write, resumes each time from an intact checkpoint and ends bit-identical to an
 * uninterrupted run (bench/reliability/kill.ts at small size); a second `gankit train` on a folder being
 * trained is refused, and the lock a killed run leaves is taken over by the next resume.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { formatKillFigures, killCampaign } from '../../bench/reliability/kill.js';
import { runCli } from '../../bench/reliability/common.js';
import { LOCK_FILE, RunLock, readOwner } from '../../src/train/run-lock.js';
import { assertUserError, gankit, tmpDir } from '../helpers.js';

test('kill -9 at random moments and inside checkpoint writes: no corrupt checkpoint, bit-identical end', async () => {
  const f = await killCampaign({ kills: 3, steps: 24, checkpointEvery: 4, pauseMs: 120, seed: 3 });
  console.log(formatKillFigures(f));
  assert.equal(f.kills, 3);
  assert.equal(f.resumes, 3);
  assert.ok(f.killsInsideWrites >= 1, 'at least one kill landed inside a checkpoint write');
  assert.equal(f.corruptCheckpoints, 0);
  assert.ok(Math.max(...f.stepsLost) <= 4, `at most one checkpoint interval lost: ${f.stepsLost}`);
  assert.equal(f.finalStep, 24);
  assert.ok(f.identical, 'final tensors bit-identical to the uninterrupted run');
  assert.ok(f.sameLosses, 'every logged loss identical to the uninterrupted run');
});

test('a second train on a folder being trained is refused; a killed run’s lock is taken over', async () => {
  const out = path.join(tmpDir(), 'run');
  const TOY = [
    '--preset',
    'toy-ring',
    '--log-every',
    '1',
    '--sample-every',
    '100000',
    '--checkpoint-every',
    '5',
  ];
  // The first run trains "forever"; it is killed once the second one has been refused.
  const first = runCli(['train', ...TOY, '--steps', '1000000', '--out', out], {
    killAfterLine: /^STEP=00006,/m,
    killAfterMs: 0,
  });
  // Wait for its first checkpoint, then try to train the same folder twice more.
  const started = Date.now();
  while (!readOwner(path.join(out, LOCK_FILE)) && Date.now() - started < 120_000)
    await new Promise((r) => setTimeout(r, 100));
  const owner = readOwner(path.join(out, LOCK_FILE))!;
  const resume = gankit(['train', '--resume', '--out', out, '--steps', '10']);
  assertUserError(
    resume,
    new RegExp(`is being trained by process ${owner.pid} on .*; wait for it to finish`),
  );
  const fresh = gankit(['train', ...TOY, '--steps', '10', '--out', out]);
  assertUserError(fresh, /is being trained by process/);
  const killed = await first;
  assert.ok(killed.killed, killed.stderr);
  assert.equal(readOwner(path.join(out, LOCK_FILE))?.pid, owner.pid, 'SIGKILL leaves the lock behind');
  const after = gankit(['train', '--resume', '--out', out, '--steps', '8']);
  assert.equal(after.code, 0, after.stderr);
  assert.match(after.stdout, new RegExp(`took over the stale lock of process ${owner.pid}`));
  assert.equal(readOwner(path.join(out, LOCK_FILE)), undefined, 'released at the end');
});

test('RunLock: a live owner refuses, a dead one is stale, another host is never taken over', () => {
  const root = tmpDir();
  const lock = RunLock.acquire(root);
  // A live process of this host (this test's own parent shell would do; use a child that is still alive).
  const file = path.join(root, LOCK_FILE);
  writeFileSync(file, JSON.stringify({ pid: process.ppid, host: lock.owner.host, since: 'x' }));
  assert.throws(() => RunLock.acquire(root), /being trained by process \d+/);
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  writeFileSync(file, JSON.stringify({ pid: Number(dead.stdout), host: lock.owner.host, since: 'x' }));
  const taken = RunLock.acquire(root);
  assert.equal(taken.tookOver?.pid, Number(dead.stdout));
  assert.equal(readOwner(file)?.pid, process.pid);
  writeFileSync(file, JSON.stringify({ pid: Number(dead.stdout), host: 'another-host', since: 'x' }));
  assert.throws(() => RunLock.acquire(root), /on another-host .* delete .*lock/);
  writeFileSync(file, 'torn');
  assert.equal(RunLock.acquire(root).tookOver, undefined, 'an unreadable lock is replaced');
  taken.release();
});
