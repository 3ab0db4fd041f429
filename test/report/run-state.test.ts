/** status.json → the state shown: a dead process on this host is stopped; one on another host cannot be checked. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { test } from 'node:test';
import { runState } from '../../src/report/run-data.js';
import type { RunStatus } from '../../src/train/run-dir.js';

test('a running run is stopped when its process on this host is gone, running while it lives or trains elsewhere', () => {
  // The id of a process that has exited (and not been reused within this test).
  const gone = spawnSync(process.execPath, ['-e', '0']).pid;
  const status = (pid: number, host?: string): RunStatus => ({
    state: 'running',
    pid,
    host,
    backend: 'native',
    step: 5,
    steps: 10,
    started: '',
    updated: '',
  });
  assert.equal(runState(status(gone, os.hostname()), 5, 10), 'stopped');
  assert.equal(runState(status(gone), 5, 10), 'stopped', 'status.json from before the host was recorded');
  assert.equal(runState(status(process.pid, os.hostname()), 5, 10), 'running');
  assert.equal(runState(status(gone, `not-${os.hostname()}`), 5, 10), 'running');
  assert.equal(runState({ ...status(gone), state: 'failed', error: 'x' }, 5, 10), 'failed');
});
