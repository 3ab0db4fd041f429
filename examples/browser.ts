/**
 * gankit in the browser, end to end: train a small MNIST GAN in Node, export its generator with
 * `gankit export`, serve the playground and the image page (`gankit playground` does the same), and
 * drive both in headless Chromium — the playground trains the ring and the 1-D Gaussian in the page —
 * taking the README's screenshots into docs/images/.
 *
 *   npm run build && node dist/examples/browser.js [generatorSteps=1500]
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import puppeteer, { type Page } from 'puppeteer-core';
import { servePlayground } from '../src/playground/server.js';
import { CLI, tmpDir } from '../test/helpers.js';

const steps = Number(process.argv[2] ?? 1500);
const images = path.resolve('docs/images');
const dir = tmpDir('gankit-browser-example-');
const run = path.join(dir, 'run');
const exported = path.join(dir, 'export');
const gankit = (...args: string[]) => execFileSync(process.execPath, [CLI, ...args], { stdio: 'inherit' });

gankit('train', '--preset', 'gan-mnist', '--steps', String(steps), '--out', run, '--log-every', '500');
gankit('export', '--run', run, '--out', exported);

const server = await servePlayground({ port: 0, modelDir: exported });
const browser = await puppeteer.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--enable-unsafe-swiftshader'],
  defaultViewport: { width: 1440, height: 900 },
});

type Playground = {
  ready: Promise<void>;
  configure(s: Record<string, unknown>): void;
  trainSteps(n: number): Promise<void>;
  metrics(): Record<string, number>;
};

async function playground(
  page: Page,
  settings: Record<string, unknown>,
  n: number,
): Promise<Record<string, number>> {
  return page.evaluate(
    async (s, k) => {
      const p = (window as unknown as { playground: Playground }).playground;
      await p.ready;
      p.configure(s);
      await p.trainSteps(k);
      return p.metrics();
    },
    settings,
    n,
  );
}

try {
  const page = await browser.newPage();
  await page.goto(`${server.url}index.html`);
  await page.waitForFunction(() => 'playground' in window);
  console.log('ring after 600 steps:', await playground(page, { world: 'ring' }, 600));
  await page.screenshot({ path: path.join(images, 'playground-ring.png') });
  console.log('1-D Gaussian after 300 steps:', await playground(page, { world: 'gaussian-1d' }, 300));
  await page.screenshot({ path: path.join(images, 'playground-1d.png') });

  const imagePage = await browser.newPage();
  await imagePage.goto(`${server.url}images.html`);
  await imagePage.waitForFunction(() => 'imagePage' in window);
  await imagePage.evaluate(async () => {
    const p = (window as unknown as { imagePage: { ready: Promise<void>; pick(i: number): Promise<void> } })
      .imagePage;
    await p.ready;
    await p.pick(3);
    await p.pick(12);
    await p.pick(40);
  });
  await imagePage.screenshot({ path: path.join(images, 'image-page.png') });
  console.log(`screenshots in ${images}`);
} finally {
  await browser.close();
  await server.close();
}
