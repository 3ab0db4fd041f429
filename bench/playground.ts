/**
 * Training speed of the playground in headless Chromium next to `gankit train` in Node, on the same
 * model: the ring world with the page's default settings (G and D 2-32-32, batch 128, Adam, one D step
 * per G step). For each browser backend it reports the steps/s the page itself shows while playing
 * (training, with the views refreshed at most every 100 ms), the training-only and refresh times, and
 * the CPU time the browser's processes spent per step while playing (from /proc: on a machine shared
 * with other jobs, wall-clock rates depend on the load; CPU time per step much less). Node runs
 * `gankit train` with the equivalent config on native and wasm (steps/s from metrics.jsonl; CPU per
 * step from two runs of different length, so start-up cancels). Timing is reported, never asserted.
 *
 *   npm run build && node dist/bench/playground.js [--seconds 10] [--json]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { servePlayground } from '../src/playground/server.js';
import { CLI, tmpDir } from '../test/helpers.js';

const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf('--seconds') + 1]) || 10;
const json = args.includes('--json');
const STEPS_NODE = [100, 400];
/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

interface Row {
  where: string;
  backend: string;
  stepsPerSecond: number;
  /** CPU milliseconds per step (all the browser's processes; the `gankit train` process). */
  cpuMsPerStep?: number;
  trainMsPerStep?: number;
  redrawMs?: number;
}

/** CPU milliseconds used so far by process `root` and its descendants, from /proc (undefined elsewhere). */
function treeCpuMs(root: number): number | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  const cpu = new Map<number, number>();
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // Fields after "pid (comm) ": state ppid … utime (14th field) stime (15th).
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(entry);
    cpu.set(pid, Number(f[11]) + Number(f[12]));
    children.set(Number(f[1]), [...(children.get(Number(f[1])) ?? []), pid]);
  }
  let ticks = 0;
  const todo = [root];
  while (todo.length) {
    const pid = todo.pop()!;
    ticks += cpu.get(pid) ?? 0;
    todo.push(...(children.get(pid) ?? []));
  }
  return (ticks * 1000) / USER_HZ;
}

/** CPU milliseconds of this process's waited-for children so far (cutime + cstime), from /proc. */
function childrenCpuMs(): number | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[13]) + Number(f[14])) * 1000) / USER_HZ;
}

async function browserRows(): Promise<Row[]> {
  const server = await servePlayground({ port: 0 });
  const browser = await puppeteer.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--enable-unsafe-webgpu'],
  });
  const rows: Row[] = [];
  try {
    for (const wanted of ['wasm', 'webgl', 'webgpu', 'cpu']) {
      const page = await browser.newPage();
      await page.goto(`${server.url}index.html?backend=${wanted}`);
      await page.waitForFunction(() => 'playground' in window);
      type Api = {
        ready: Promise<void>;
        backend(): string;
        play(): void;
        pause(): void;
        step(): number;
        stepsPerSecond(): number;
        timings(n: number): { trainMs: number; renderMs: number };
      };
      const backend = await page.evaluate(async () => {
        const p = (window as unknown as { playground: Api }).playground;
        await p.ready;
        return p.backend();
      });
      if (backend !== wanted) {
        console.error(`${wanted}: not offered by this browser (the page fell back to ${backend})`);
        await page.close();
        continue;
      }
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String((e as Error).message ?? e)));
      const stepNow = () => page.evaluate(() => (window as unknown as { playground: Api }).playground.step());
      await page.evaluate(() => (window as unknown as { playground: Api }).playground.play());
      // The CPU figure leaves out the first second (page start-up, the first steps' compilation).
      await new Promise((r) => setTimeout(r, 1000));
      const pid = browser.process()?.pid;
      const [s0, c0] = [await stepNow(), pid ? treeCpuMs(pid) : undefined];
      await new Promise((r) => setTimeout(r, seconds * 1000));
      const [s1, c1] = [await stepNow(), pid ? treeCpuMs(pid) : undefined];
      const r = await page
        .evaluate(() => {
          const p = (window as unknown as { playground: Api }).playground;
          const rate = p.stepsPerSecond();
          p.pause();
          return { rate, t: p.timings(50) };
        })
        .catch((err: Error) => {
          errors.push(err.message);
          return undefined;
        });
      if (!r || errors.length || !Number.isFinite(r.rate)) {
        console.error(`${backend}: starts but fails to train here: ${errors[0] ?? 'no rate shown'}`);
        await page.close();
        continue;
      }
      rows.push({
        where: 'headless Chromium (page, views updating)',
        backend,
        stepsPerSecond: r.rate,
        cpuMsPerStep: c0 !== undefined && c1 !== undefined && s1 > s0 ? (c1 - c0) / (s1 - s0) : undefined,
        trainMsPerStep: r.t.trainMs,
        redrawMs: r.t.renderMs,
      });
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return rows;
}

/** `gankit train` of `steps` steps on the page's default ring model: its metrics' last row and CPU ms. */
function trainInNode(backend: string, steps: number): { step: number; time: number; cpuMs?: number } {
  const dir = tmpDir('gankit-bench-playground-');
  const config = path.join(dir, 'ring.yaml');
  writeFileSync(
    config,
    `extends: toy-ring
data: { toy: { name: ring, std: 0.1 } }
model: { generator: { hidden: [32, 32] }, discriminator: { hidden: [32, 32] } }
optimizers:
  generator: { type: adam, lr: 0.002, beta1: 0.5, beta2: 0.9 }
  discriminator: { type: adam, lr: 0.002, beta1: 0.5, beta2: 0.9 }
train: { steps: ${steps}, batchSize: 128, logEvery: ${steps}, sampleEvery: 100000, checkpointEvery: 100000 }
`,
  );
  const out = path.join(dir, 'run');
  const c0 = childrenCpuMs();
  execFileSync(process.execPath, [CLI, 'train', '--config', config, '--backend', backend, '--out', out], {
    stdio: 'ignore',
  });
  const c1 = childrenCpuMs();
  const rows = readFileSync(path.join(out, 'metrics.jsonl'), 'utf8').trim().split('\n');
  const last = JSON.parse(rows[rows.length - 1]) as { step: number; time: number };
  return { ...last, cpuMs: c0 !== undefined && c1 !== undefined ? c1 - c0 : undefined };
}

/** `gankit train` on `backend`: steps/s of the longer run, CPU per step from the difference of both. */
function nodeRow(backend: string): Row {
  const [short, long] = STEPS_NODE.map((n) => trainInNode(backend, n));
  const cpu =
    short.cpuMs !== undefined && long.cpuMs !== undefined
      ? (long.cpuMs - short.cpuMs) / (long.step - short.step)
      : undefined;
  return { where: 'gankit train (Node)', backend, stepsPerSecond: long.step / long.time, cpuMsPerStep: cpu };
}

const loadBefore = os.loadavg()[0].toFixed(1);
const rows = [...(await browserRows()), nodeRow('native'), nodeRow('wasm')];
const load = `${loadBefore} → ${os.loadavg()[0].toFixed(1)}`;
if (json) console.log(JSON.stringify({ load, rows }));
else {
  console.log(`ring, G/D 2-32-32, batch 128 (${os.cpus().length} cores, load average ${load})`);
  for (const r of rows) {
    const cpu = r.cpuMsPerStep !== undefined ? `  CPU ${r.cpuMsPerStep.toFixed(1)} ms/step` : '';
    const extra =
      r.trainMsPerStep !== undefined
        ? `  (training ${r.trainMsPerStep.toFixed(1)} ms/step, refresh ${r.redrawMs?.toFixed(0)} ms)`
        : '';
    console.log(
      `${r.where.padEnd(42)} ${r.backend.padEnd(7)} ${r.stepsPerSecond.toFixed(1).padStart(6)} steps/s${cpu}${extra}`,
    );
  }
}
