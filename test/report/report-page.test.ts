/**
 * report.html in headless Chromium, from real short runs: every chart is drawn (its lines' colours are
 * on the canvas), the loss-term charts hold one line per `<phase>/<term>` column of metrics.jsonl, the
 * slider changes the sample grid, and `gankit report --compare` draws two runs on shared axes.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { launchChromium } from '../helpers/browser.js';
import { gankit, tmpDir } from '../helpers.js';

const root = tmpDir('gankit-report-');
const wgan = path.join(root, 'wgan');
const gauss = path.join(root, 'gauss');
let browser: Browser | undefined;
let skip: string | undefined;

before(async () => {
  const short = ['--steps', '40', '--log-every', '10', '--sample-every', '10', '--checkpoint-every', '30'];
  for (const [preset, out] of [
    ['toy-ring-wgan-gp', wgan],
    ['toy-gaussian', gauss],
  ]) {
    const r = gankit(['train', '--preset', preset, '--out', out, ...short]);
    assert.equal(r.code, 0, r.stderr);
  }
  const launched = await launchChromium();
  if ('reason' in launched) skip = launched.reason;
  else browser = launched.browser;
});
after(() => browser?.close());

interface Drawn {
  title: string;
  labels: string[];
  points: number;
  /** Pixels of each line's colour on the canvas. */
  pixels: number[];
  /** Per line, whether a later line has the same values (and so is drawn over it). */
  hidden: boolean[];
}

/** Opens a report and returns what its charts hold, with the count of each line's colour on its canvas. */
async function charts(page: Page, file: string): Promise<Drawn[]> {
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return page.evaluate(() => {
    const hex = (c: string) => [1, 3, 5].map((i) => Number.parseInt(c.slice(i, i + 2), 16));
    // biome-ignore lint/suspicious/noExplicitAny: the page's own global
    return (window as any).gankit.charts.map((c: any) => {
      const canvas: HTMLCanvasElement = c.plot.ctx.canvas;
      const px = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const pixels = c.colors.map((color: string) => {
        const [r, g, b] = hex(color);
        let n = 0;
        for (let i = 0; i < px.length; i += 4)
          if (Math.abs(px[i] - r) + Math.abs(px[i + 1] - g) + Math.abs(px[i + 2] - b) < 30) n++;
        return n;
      });
      const ys: string[] = c.plot.data.slice(1).map((col: unknown[]) => JSON.stringify(col));
      const cols: number[] = c.labels.map(
        (label: string) => c.plot.series.findIndex((s: { label: string }) => s.label === label) - 1,
      );
      const hidden = cols.map((col, i) => cols.slice(i + 1).some((later) => ys[later] === ys[col]));
      return { title: c.title, labels: c.labels, points: c.plot.data[0].length, pixels, hidden };
    });
  });
}

function loggedTerms(dir: string): string[] {
  const keys = readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .flatMap((l) => Object.keys(JSON.parse(l)));
  return [...new Set(keys.filter((k) => k.includes('/')))].sort();
}

test('a run report draws every chart, one line per logged loss term, and its slider changes the grid', async (t) => {
  if (!browser) return t.skip(skip);
  const page = await browser.newPage();
  const drawn = await charts(page, path.join(wgan, 'report.html'));
  const terms = drawn.filter((c) => c.title.endsWith('loss terms')).flatMap((c) => c.labels);
  assert.deepEqual(terms.sort(), loggedTerms(wgan));
  assert.ok(terms.includes('D/gp'), 'the gradient penalty is its own line');
  for (const title of ['Losses (each side’s total)', 'Learning rates', 'Seconds per step', 'modes_covered'])
    assert.ok(
      drawn.some((c) => c.title === title),
      `chart '${title}' missing`,
    );
  for (const c of drawn) {
    assert.ok(c.points >= 3, `${c.title}: ${c.points} points`);
    // A line with the same values as a later one (equal learning rates) lies under it.
    c.pixels.forEach((n, i) =>
      assert.ok(c.hidden[i] || n > 20, `${c.title}: line ${c.labels[i]} not drawn (${n} px)`),
    );
    assert.ok(!c.hidden.every(Boolean), `${c.title}: no line visible`);
  }
  const grid = () =>
    page.$eval('img.grid', (img) => ({
      src: (img as HTMLImageElement).src,
      alt: (img as HTMLImageElement).alt,
    }));
  const newest = await grid();
  assert.equal(newest.alt, 'step 40');
  await page.$eval('input.slider', (el) => {
    const input = el as HTMLInputElement;
    input.value = '0';
    input.dispatchEvent(new Event('input'));
  });
  const first = await grid();
  assert.equal(first.alt, 'step 0');
  assert.notEqual(first.src, newest.src);
  await page.close();
});

test('gankit report --compare draws two runs on shared axes', async (t) => {
  const out = path.join(root, 'compare.html');
  const r = gankit(['report', '--compare', wgan, gauss, '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  if (!browser) return t.skip(skip);
  const page = await browser.newPage();
  const drawn = await charts(page, out);
  const losses = drawn.find((c) => c.title.startsWith('Losses'))!;
  assert.deepEqual(losses.labels, ['wgan: d_loss', 'wgan: g_loss', 'gauss: d_loss', 'gauss: g_loss']);
  const d = drawn.find((c) => c.title === 'D loss terms')!;
  assert.deepEqual(d.labels, ['wgan: D/adv', 'wgan: D/gp', 'gauss: D/adv']);
  // Each run's toy metrics are their own charts: the 8-ring's modes, the 1-D Gaussian's distances.
  assert.ok(drawn.some((c) => c.labels.includes('wgan: modes_covered')));
  assert.ok(drawn.some((c) => c.labels.includes('gauss: w1')));
  assert.equal(await page.$$eval('input.slider', (s) => s.length), 2);
  await page.close();
});

test('gankit report refuses folders that hold no run', () => {
  const r = gankit(['report', '--run', root]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /holds no run \(no config\.json\)/);
  const one = gankit(['report', '--compare', wgan]);
  assert.equal(one.code, 2);
  assert.match(one.stderr, /two or more run folders/);
});
