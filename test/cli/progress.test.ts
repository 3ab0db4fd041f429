/**
 * The progress bar of `gankit train`: under a pseudo-terminal (util-linux `script`) a cli-progress bar
 * with steps/s, ETA and the latest losses, in colour; piped, only the plain STEP= lines of the log
 * contract (docs/architecture.md) and no escape code at all.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CLI, gankit, tmpDir } from '../helpers.js';

const SCRIPT = '/usr/bin/script';
const args = (out: string) => [
  'train',
  '--preset',
  'toy-gaussian',
  '--steps',
  '120',
  '--log-every',
  '40',
  '--out',
  out,
];
const ESC = '\x1b';
const STEP_LINE = /^STEP=\d{5}, d_loss=-?\d+\.\d{5}, g_loss=-?\d+\.\d{5}(, [\w/]+=\S+)*$/;

test('under a pseudo-terminal the bar shows steps/s, ETA and losses in colour', (t) => {
  if (!existsSync(SCRIPT)) return t.skip(`${SCRIPT} not found (util-linux)`);
  const out = path.join(tmpDir(), 'run');
  const command = [process.execPath, CLI, ...args(out)].map((a) => `'${a}'`).join(' ');
  const { NO_COLOR: _, ...env } = process.env;
  const r = spawnSync(SCRIPT, ['-qec', command, '/dev/null'], { encoding: 'utf8', env, timeout: 300_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\d+\/120 \| [\d.–]+ steps\/s \| ETA \d+s \| .*d -?\d\.\d+ g -?\d\.\d+/);
  assert.ok(r.stdout.includes(`${ESC}[32m`), 'the bar is green');
  assert.match(r.stdout, /120\/120/);
  // The log lines are still there, each on its own line of the terminal.
  const steps = r.stdout
    .split(/\r?\n|\r/)
    .map((l) => (l.startsWith(`${ESC}[K`) ? l.slice(3) : l))
    .filter((l) => l.startsWith('STEP='));
  assert.deepEqual(
    steps.map((l) => l.slice(0, 10)),
    ['STEP=00040', 'STEP=00080', 'STEP=00120'],
  );
});

test('piped, only the plain log lines: no bar, no escape codes', () => {
  const r = gankit(args(path.join(tmpDir(), 'run')));
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!(r.stdout + r.stderr).includes(ESC), 'no escape code');
  assert.doesNotMatch(r.stdout + r.stderr, /steps\/s|ETA/);
  const steps = r.stdout.split('\n').filter((l) => l.startsWith('STEP='));
  assert.equal(steps.length, 3);
  for (const l of steps) assert.match(l, STEP_LINE);
});
