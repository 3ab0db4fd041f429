/**
 * `gankit serve`: a run training beside the dashboard shows its new logged steps in the page within
 * seconds (headless Chromium); URLs with `..`, absolute paths or a symbolic link out of the runs folder
 * are refused; a run folder with a damaged config.json is listed with the reason; a training run killed
 * mid-write leaves the server answering and the run listed as stopped.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { rawGet } from '../../bench/reliability/security.js';
import { launchChromium } from '../helpers/browser.js';
import { CLI, tmpDir } from '../helpers.js';

const root = tmpDir('gankit-serve-');
const runs = path.join(root, 'runs');
const live = path.join(runs, 'live');
const outside = path.join(root, 'secret.txt');
let server: ChildProcess;
let trainer: ChildProcess;
let base = '';
let browser: Browser | undefined;
let skip: string | undefined;

/** Resolves when `check` holds, polling every 100 ms; rejects after `ms`. */
async function until(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** GET with the path sent exactly as given (no URL normalisation, unlike a browser or fetch). */
before(async () => {
  mkdirSync(runs);
  writeFileSync(outside, 'not for the dashboard');
  trainer = spawn(
    process.execPath,
    [
      CLI,
      'train',
      '--preset',
      'toy-gaussian',
      '--steps',
      '1000000',
      '--log-every',
      '5',
      '--sample-every',
      '200',
      '--out',
      live,
    ],
    { stdio: 'ignore' },
  );
  server = spawn(process.execPath, [CLI, 'serve', '--runs', runs, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  server.stdout!.on('data', (d) => {
    out += d;
  });
  await until(() => /dashboard: (http:\/\/\S+)/.test(out), 30_000, 'the dashboard to listen');
  base = /dashboard: (http:\/\/\S+)/.exec(out)![1];
  assert.match(base, /^http:\/\/127\.0\.0\.1:\d+\/$/, 'binds to 127.0.0.1 by default');
  await until(() => existsSync(path.join(live, 'metrics.jsonl')), 60_000, 'the run to log its first step');
  const launched = await launchChromium();
  if ('reason' in launched) skip = launched.reason;
  else browser = launched.browser;
});

after(async () => {
  trainer.kill('SIGKILL');
  server.kill('SIGTERM');
  await browser?.close();
});

test('the dashboard shows new logged steps of a run training beside it', async (t) => {
  if (!browser) return t.skip(skip);
  const page = await browser.newPage();
  await page.goto(base, { waitUntil: 'load' });
  const lastStep = () =>
    page.evaluate(() => {
      const { gankit } = window as unknown as { gankit: { charts: { plot: { data: number[][] } }[] } };
      return gankit.charts[0]?.plot.data[0].at(-1) ?? -1;
    });
  await until(async () => (await lastStep()) > 0, 15_000, 'the first curve');
  const first = await lastStep();
  const listed = await page.$eval('#runs', (el) => el.textContent ?? '');
  assert.match(listed, /live.*running/);
  await until(async () => (await lastStep()) > first, 8_000, `a step after ${first} in the page`);
  assert.ok(await page.$('#samples img.grid'), 'the newest samples are shown');
  await page.close();
});

test('a run folder whose config.json is damaged is listed as damaged with the reason and cannot be ticked', async (t) => {
  mkdirSync(path.join(runs, 'torn'));
  writeFileSync(path.join(runs, 'torn', 'config.json'), '{"name": "toy-gau');
  mkdirSync(path.join(runs, 'wrong'));
  writeFileSync(path.join(runs, 'wrong', 'config.json'), '{"model": 3}');
  const listed = JSON.parse((await rawGet(base, '/api/runs')).body) as {
    name: string;
    state: string;
    error?: string;
  }[];
  for (const name of ['torn', 'wrong']) {
    const run = listed.find((r) => r.name === name);
    assert.ok(run, `${name} is listed: ${JSON.stringify(listed.map((r) => r.name))}`);
    assert.equal(run.state, 'damaged');
    assert.match(run.error ?? '', new RegExp(`${name}/config\\.json: .*restore config\\.json`));
  }
  assert.match(listed.find((r) => r.name === 'torn')?.error ?? '', /unreadable run config/);
  assert.match(listed.find((r) => r.name === 'wrong')?.error ?? '', /not a valid run config/);
  assert.equal(listed.find((r) => r.name === 'live')?.state, 'running', 'the healthy run is still listed');
  const view = await rawGet(base, '/api/view?runs=torn');
  assert.equal(view.status, 422);
  assert.match(JSON.parse(view.body).error, /torn\/config\.json/);

  if (!browser) return t.skip(skip);
  const page = await browser.newPage();
  await page.goto(base, { waitUntil: 'load' });
  await until(
    async () =>
      /torn.*unreadable run config.*damaged/s.test(await page.$eval('#runs', (el) => el.textContent ?? '')),
    10_000,
    'the damaged run in the page',
  );
  const boxes = await page.$$eval('#runs input', (els) =>
    els.map((el) => ({
      run: (el as HTMLInputElement).dataset.run,
      disabled: (el as HTMLInputElement).disabled,
    })),
  );
  assert.deepEqual(
    boxes
      .filter((b) => b.disabled)
      .map((b) => b.run)
      .sort(),
    ['torn', 'wrong'],
  );
  assert.ok(
    !(await page.evaluate(() =>
      (window as unknown as { dashboard: { selected: Set<string> } }).dashboard.selected.has('torn'),
    )),
  );
  await page.close();
});

test('paths with .., absolute paths and symbolic links out of the runs folder are refused', async () => {
  symlinkSync(outside, path.join(live, 'link.txt'));
  for (const bad of [
    '/files/../secret.txt',
    '/files/live/../../secret.txt',
    '/files/%2e%2e/secret.txt',
    '/files/..%2fsecret.txt',
  ]) {
    const r = await rawGet(base, bad);
    assert.equal(r.status, 403, bad);
    assert.doesNotMatch(r.body, /not for the dashboard/);
  }
  for (const abs of [`/files/${outside}`, `/files/${encodeURIComponent(outside)}`])
    assert.equal((await rawGet(base, abs)).status, 403, abs);
  assert.equal((await rawGet(base, '/files/live/link.txt')).status, 403, 'a symbolic link out');
  assert.equal((await rawGet(base, '/api/view?runs=..')).status, 403);
  const config = await rawGet(base, '/files/live/config.json');
  assert.equal(config.status, 200);
  assert.equal(JSON.parse(config.body).name, 'toy-gaussian');
});

test('a killed run with a torn metrics line is listed as stopped and the server keeps answering', async () => {
  trainer.kill('SIGKILL');
  await new Promise((r) => trainer.once('exit', r));
  appendFileSync(path.join(live, 'metrics.jsonl'), '{"step": 99999, "d_lo');
  const r = await rawGet(base, '/api/runs');
  assert.equal(r.status, 200);
  const run = (JSON.parse(r.body) as { name: string; state: string; step: number }[]).find(
    (x) => x.name === 'live',
  );
  assert.ok(run, 'live is listed');
  assert.equal(run.state, 'stopped');
  assert.ok(run.step > 0 && run.step < 99999);
  assert.equal((await rawGet(base, '/api/view?runs=live')).status, 200);
});
