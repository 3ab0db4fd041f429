/**
 * Headless Chromium for the browser tests: Debian's `chromium` (scripts/setup.sh installs it) driven by
 * puppeteer-core, the pages served from dist/web by gankit's own server. When the browser or the bundle
 * is missing the tests skip with the reason printed; CI installs and builds both, so they run there.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { type RunningServer, servePlayground, WEB_ROOT } from '../../src/playground/server.js';

export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can. */
export function skipReason(): string | undefined {
  if (!existsSync(CHROMIUM))
    return `${CHROMIUM} is missing (apt-get install chromium, or bash scripts/setup.sh)`;
  if (!existsSync(path.join(WEB_ROOT, 'index.html'))) return `${WEB_ROOT} is missing: run npm run build`;
  return undefined;
}

export interface Harness {
  browser: Browser;
  server: RunningServer;
  /**
   * Opens `page` (e.g. `index.html?backend=wasm`) and resolves once its script API `window[api]` exists
   * and its `ready` promise has settled; page errors fail the test that reads `errors`.
   */
  open(page: string, api: 'playground' | 'imagePage' | 'dirac'): Promise<Page>;
  errors: string[];
  close(): Promise<void>;
}

/** Starts the server (with `modelDir` at /model/) and a headless Chromium. */
export async function startHarness(modelDir?: string): Promise<Harness> {
  const server = await servePlayground({ port: 0, modelDir });
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--disable-dev-shm-usage'],
  });
  const errors: string[] = [];
  return {
    browser,
    server,
    errors,
    async open(name, api) {
      const page = await browser.newPage();
      page.on('pageerror', (e) => errors.push(String((e as Error).message ?? e)));
      // Functions passed to page.evaluate run in the page: these give them the pages' script APIs.
      await page.evaluateOnNewDocument(
        'window.pg = (w) => w.playground; window.ip = (w) => w.imagePage; window.dg = (w) => w.dirac;',
      );
      await page.goto(`${server.url}${name}`);
      await page.waitForFunction((a) => a in window, {}, api);
      await page.evaluate(
        (a) => (window as unknown as Record<string, { ready: Promise<void> }>)[a].ready,
        api,
      );
      return page;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** A screenshot of `el` as RGBA pixels. */
export async function pixels(el: ElementHandle): Promise<PNG> {
  return PNG.sync.read(Buffer.from(await el.screenshot({ type: 'png' })));
}

/** Fraction of pixels that are not (near) white, and the number of distinct colours. */
export function inked(png: PNG): { fraction: number; colours: number } {
  let ink = 0;
  const colours = new Set<number>();
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i], png.data[i + 1], png.data[i + 2]];
    if (r < 245 || g < 245 || b < 245) ink++;
    colours.add((r << 16) | (g << 8) | b);
  }
  return { fraction: ink / (png.width * png.height), colours: colours.size };
}

/** Number of pixels that differ between two screenshots of one size. */
export function changedPixels(a: PNG, b: PNG): number {
  let n = 0;
  for (let i = 0; i < a.data.length; i += 4)
    if (a.data[i] !== b.data[i] || a.data[i + 1] !== b.data[i + 1] || a.data[i + 2] !== b.data[i + 2]) n++;
  return n;
}
