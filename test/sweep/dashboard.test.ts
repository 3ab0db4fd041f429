/**
 * A sweep trained without a queue, then seen by `gankit serve`: /api/sweeps lists it with its runs'
 * states and the best run by the metric (the same run `gankit sweep --status` ranks first), and the
 * dashboard page shows it (headless Chromium; skipped with the reason when there is none). The sweep's
 * report.html holds the table and the best runs' curves.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { startServer } from '../../src/serve/server.js';
import { launchChromium } from '../helpers/browser.js';
import { gankit, tmpDir } from '../helpers.js';

test('the dashboard and the sweep report show a sweep, its states and its best run', async (t) => {
  const root = tmpDir('gankit-sweep-serve-');
  const runs = path.join(root, 'runs');
  const file = path.join(root, 'lr.yaml');
  writeFileSync(
    file,
    `extends: toy-gaussian
train: { steps: 30, batchSize: 64, logEvery: 10, sampleEvery: 30, checkpointEvery: 30, sampleCount: 400 }
sweep:
  metric: w1
  goal: min
  parameters: { optimizers.generator.lr: [0.0005, 0.002], train.dSteps: [1, 0] }
`,
  );
  const r = gankit(['sweep', '--config', file, '--out', path.join(runs, 'lr')]);
  assert.equal(r.code, 0, r.stderr);
  // Without a queue, a failed run does not stop the sweep either.
  assert.match(r.stdout, /\[lr\/run-001\] failed: .*dSteps/);
  assert.match(r.stdout, /4 runs, 2 finished, 2 failed/);
  const first = /^1\s+(run-\d+)\s+\S+\s+1\s+finished\s+30 \/ 30\s+(\S+)/m.exec(r.stdout);
  assert.ok(first, r.stdout);

  const report = readFileSync(path.join(runs, 'lr', 'report.html'), 'utf8');
  assert.match(report, /<h1>sweep lr<\/h1>/);
  assert.match(report, /The best 2 runs/);
  assert.match(report, new RegExp(`href="${first[1]}/report.html"`));

  const server = await startServer({ runsDir: runs, port: 0, host: '127.0.0.1', pollMs: 200 });
  try {
    const sweeps = await (await fetch(`${server.url}api/sweeps`)).json();
    assert.deepEqual(sweeps, [
      {
        name: 'lr',
        method: 'grid',
        metric: 'w1',
        goal: 'min',
        runs: 4,
        states: '2 finished, 2 failed',
        best: { run: `lr/${first[1]}`, value: Number(first[2]) },
      },
    ]);
    const launched = await launchChromium();
    if ('reason' in launched) return t.skip(`page not checked: ${launched.reason}`);
    try {
      const page = await launched.browser.newPage();
      await page.goto(server.url, { waitUntil: 'load' });
      await page.waitForFunction(() => document.querySelectorAll('#sweeps tr').length === 1, {
        timeout: 30_000,
      });
      const row = await page.$eval('#sweeps', (el) => el.textContent ?? '');
      assert.match(
        row,
        new RegExp(`lr.*grid.*4 \\(2 finished, 2 failed\\).*w1 \\(min\\).*lr/${first[1]}: w1`),
      );
      assert.equal(await page.$eval('#sweeps-section', (el) => (el as HTMLElement).hidden), false);
    } finally {
      await launched.browser.close();
    }
  } finally {
    await server.close();
  }
});
