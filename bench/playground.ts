/**
 * Training speed of the playground in headless Chromium next to `gankit train` in Node, on the same
 * model: the ring world with the page's default settings (G and D 2-32-32, batch 128, Adam, one D step
 * per G step). For each browser backend it reports the steps/s the page itself shows while playing
 * (training and redrawing every view after each 50 ms slice), and the training-only and redraw times.
 * Node runs `gankit train` with the equivalent config on native and wasm (training time from
 * metrics.jsonl). Timing is reported, never asserted.
 *
 *   npm run build && node dist/bench/playground.js [--seconds 10] [--json]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { servePlayground } from '../src/playground/server.js';
import { CLI, tmpDir } from '../test/helpers.js';

const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf('--seconds') + 1]) || 10;
const json = args.includes('--json');
const STEPS_NODE = 400;

interface Row {
  where: string;
  backend: string;
  stepsPerSecond: number;
  trainMsPerStep?: number;
  redrawMs?: number;
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
    for (const wanted of ['wasm', 'webgl', 'webgpu']) {
      const page = await browser.newPage();
      await page.goto(`${server.url}index.html?backend=${wanted}`);
      await page.waitForFunction(() => 'playground' in window);
      type Api = {
        ready: Promise<void>;
        backend(): string;
        play(): void;
        pause(): void;
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
      await page.evaluate(() => (window as unknown as { playground: Api }).playground.play());
      await new Promise((r) => setTimeout(r, seconds * 1000));
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
      if (!r || errors.length) {
        console.error(`${backend}: starts but fails to train here: ${errors[0]}`);
        await page.close();
        continue;
      }
      rows.push({
        where: 'headless Chromium (page, views updating)',
        backend,
        stepsPerSecond: r.rate,
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

/** `gankit train` on the page's default ring model; steps/s from the run's own training time. */
function nodeRow(backend: string): Row {
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
train: { steps: ${STEPS_NODE}, batchSize: 128, logEvery: ${STEPS_NODE}, sampleEvery: 100000, checkpointEvery: 100000 }
`,
  );
  const out = path.join(dir, 'run');
  execFileSync(process.execPath, [CLI, 'train', '--config', config, '--backend', backend, '--out', out], {
    stdio: 'ignore',
  });
  const rows = readFileSync(path.join(out, 'metrics.jsonl'), 'utf8').trim().split('\n');
  const last = JSON.parse(rows[rows.length - 1]) as { step: number; time: number };
  return { where: 'gankit train (Node)', backend, stepsPerSecond: last.step / last.time };
}

const rows = [...(await browserRows()), nodeRow('native'), nodeRow('wasm')];
const load = os.loadavg()[0].toFixed(1);
if (json) console.log(JSON.stringify({ load, rows }));
else {
  console.log(`ring, G/D 2-32-32, batch 128 (${os.cpus().length} cores, load average ${load})`);
  for (const r of rows) {
    const extra =
      r.trainMsPerStep !== undefined
        ? `  (training ${r.trainMsPerStep.toFixed(1)} ms/step, redraw ${r.redrawMs?.toFixed(0)} ms)`
        : '';
    console.log(
      `${r.where.padEnd(42)} ${r.backend.padEnd(7)} ${r.stepsPerSecond.toFixed(1).padStart(6)} steps/s${extra}`,
    );
  }
}
