/**
 * The Dirac GAN page in headless Chromium (wasm backend): the paper's verdicts as the page shows them —
 * the non-saturating GAN circles, R1 and instance noise converge — its plane is drawn, a click on it
 * starts training from there, and repeated runs leave no tensor behind.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'puppeteer-core';
import { type Harness, inked, pixels, skipReason, startHarness } from './chromium.js';

const skip = skipReason();
if (skip) console.log(`# browser tests skipped: ${skip}`);

let h: Harness;
let page: Page;

type Api = {
  configure(s: Record<string, unknown>): { distance: number; verdict: string };
  numTensors(): number;
};
const dg = (w: Window) => (w as unknown as { dirac: Api }).dirac;

before(async () => {
  if (skip) return;
  h = await startHarness();
  page = await h.open('dirac.html?backend=wasm', 'dirac');
});

after(async () => {
  await h?.close();
});

test(
  'the verdicts of the paper: circles without a trick, converges with R1 or instance noise',
  { skip },
  async () => {
    assert.equal(await page.$eval('#backend', (el) => el.textContent), 'wasm');
    const run = (s: Record<string, unknown>) => page.evaluate((x) => dg(window).configure(x), s);
    const plain = await run({ loss: 'non-saturating', trick: 'none', theta0: 1, psi0: 1 });
    const r1 = await run({ loss: 'non-saturating', trick: 'r1', strength: 0.3 });
    const noise = await run({ loss: 'non-saturating', trick: 'noise', strength: 1 });
    console.log(
      `# Dirac GAN in the page: plain ${plain.distance}, R1 ${r1.distance}, instance noise ${noise.distance}`,
    );
    assert.equal(plain.verdict, 'does not converge');
    assert.ok(plain.distance > 0.2, `plain ${plain.distance}`);
    assert.equal(r1.verdict, 'converges');
    assert.ok(r1.distance < 5e-3, `R1 ${r1.distance}`);
    assert.equal(noise.verdict, 'converges');
    const shown = await page.$eval('#verdict', (el) => el.textContent ?? '');
    assert.match(shown, /after 500 steps: .* distance to \(0, 0\) [\d.e+-]+ \(from 1\.414\): converges/);
    assert.deepEqual(h.errors, []);
  },
);

test('the plane is drawn, a click starts from there, and runs leave no tensor behind', { skip }, async () => {
  await page.evaluate(() =>
    dg(window).configure({ loss: 'wasserstein', trick: 'clip', strength: 0.3, theta0: 1, psi0: 1 }),
  );
  await new Promise((r) => setTimeout(r, 2500)); // the path is revealed over two seconds
  const plane = (await page.$('#plane'))!;
  const ink = inked(await pixels(plane));
  assert.ok(ink.fraction > 0.02 && ink.colours >= 4, `plane ink ${JSON.stringify(ink)}`);
  const before = await page.evaluate(() => dg(window).numTensors());
  // A click at the canvas's upper-left quarter: θ ≈ −1, ψ ≈ 1 (unclipped, so the distance is √2).
  await page.evaluate(() =>
    dg(window).configure({ loss: 'non-saturating', trick: 'none', theta0: 0.5, psi0: 0 }),
  );
  const box = (await plane.boundingBox())!;
  await page.mouse.click(box.x + box.width / 4, box.y + box.height / 4);
  const shown = await page.$eval('#verdict', (el) => el.textContent ?? '');
  assert.match(shown, /\(from 1\.41\d\)/, shown);
  for (let i = 0; i < 3; i++)
    await page.evaluate(() => dg(window).configure({ trick: 'gp', loss: 'wasserstein', strength: 0.5 }));
  assert.equal(await page.evaluate(() => dg(window).numTensors()), before);
  assert.deepEqual(h.errors, []);
});
