/**
 * The playground in headless Chromium (wasm backend, fixed seeds): it learns the ring and the 1-D
 * Gaussian, measured by gankit's exact metrics as the page shows them; its canvases are drawn; step D
 * changes D's heat-map and nothing of G, step G the fakes and nothing of D; every loss and regulariser
 * of the registry trains; a distribution drawn with the mouse becomes the world.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'puppeteer-core';
import { changedPixels, type Harness, inked, pixels, skipReason, startHarness } from './chromium.js';

const skip = skipReason();
if (skip) console.log(`# browser tests skipped: ${skip}`);

let h: Harness;
let page: Page;

/** The page's `window.playground` (web/src/playground/main.ts), typed loosely for evaluate(). */
type Api = {
  configure(s: Record<string, unknown>): void;
  trainSteps(n: number): Promise<void>;
  metrics(): Record<string, number>;
  frame(): { heat: Float32Array; fakes: Float32Array; manifold: Float32Array[]; modes: unknown[] };
  step(): number;
  numTensors(): number;
  backend(): string;
};
const pg = (w: Window) => (w as unknown as { playground: Api }).playground;

/** The metric as the page's table shows it. */
async function shown(name: string): Promise<number> {
  return Number(await page.$eval(`#metric-${name}`, (el) => el.getAttribute('data-value')));
}

before(async () => {
  if (skip) return;
  h = await startHarness();
  page = await h.open('index.html?backend=wasm', 'playground');
});

after(async () => {
  await h?.close();
});

test('the ring: mean distance to the modes halves in 300 steps, modes get covered', { skip }, async () => {
  assert.equal(await page.evaluate(() => pg(window).backend()), 'wasm');
  await page.evaluate(() => pg(window).configure({ world: 'ring', seed: 1 }));
  const before = await shown('mode_distance');
  await page.evaluate(() => pg(window).trainSteps(300));
  const afterSteps = await shown('mode_distance');
  const modes = await shown('modes_covered');
  console.log(
    `# ring: mode distance ${before.toFixed(3)} → ${afterSteps.toFixed(3)}, modes covered ${modes}/8`,
  );
  assert.ok(afterSteps * 2 <= before, `mode distance ${before} → ${afterSteps}`);
  assert.ok(modes >= 6, `modes covered ${modes}`);
  assert.equal(await page.evaluate(() => pg(window).step()), 300);
  assert.deepEqual(h.errors, []);
});

test('the 1-D Gaussian: exact W1 falls 3× in 300 steps', { skip }, async () => {
  await page.evaluate(() => pg(window).configure({ world: 'gaussian-1d', seed: 1 }));
  const before = await shown('w1');
  await page.evaluate(() => pg(window).trainSteps(300));
  const afterSteps = await shown('w1');
  console.log(
    `# 1-D Gaussian: W1 ${before.toFixed(3)} → ${afterSteps.toFixed(3)}, JS ${(await shown('js')).toFixed(4)}`,
  );
  assert.ok(afterSteps * 3 <= before, `W1 ${before} → ${afterSteps}`);
  const world = inked(await pixels((await page.$('#world-canvas'))!));
  assert.ok(world.colours >= 4, `1-D chart draws its four curves (${world.colours} colours)`);
});

test('the canvases are drawn: world, losses, metrics', { skip }, async () => {
  await page.evaluate(() => pg(window).configure({ world: 'ring', seed: 2 }));
  await page.evaluate(() => pg(window).trainSteps(20));
  for (const [id, minInk] of [
    ['#world-canvas', 0.5],
    ['#loss-canvas', 0.01],
    ['#metric-canvas', 0.01],
  ] as const) {
    const s = inked(await pixels((await page.$(id))!));
    assert.ok(
      s.fraction >= minInk && s.colours >= 3,
      `${id}: ${(100 * s.fraction).toFixed(1)} % ink, ${s.colours} colours`,
    );
  }
});

test('step D changes only D (its heat-map), step G only G (fakes, manifold)', { skip }, async () => {
  await page.evaluate(() => pg(window).configure({ world: 'ring', seed: 3 }));
  // Only the heat-map layer on screen, so its pixels show D alone.
  for (const layer of ['manifold', 'reals', 'fakes', 'arrows']) await page.click(`#layer-${layer}`);
  const world = (await page.$('#world-canvas'))!;
  const snap = async () => ({
    frame: await page.evaluate(() => {
      const f = pg(window).frame();
      return {
        heat: Array.from(f.heat),
        fakes: Array.from(f.fakes),
        manifold: f.manifold.map((l) => Array.from(l)),
      };
    }),
    png: await pixels(world),
  });
  const s0 = await snap();
  await page.click('#step-d');
  const s1 = await snap();
  await page.click('#step-g');
  const s2 = await snap();
  for (const layer of ['manifold', 'reals', 'fakes', 'arrows']) await page.click(`#layer-${layer}`);
  const heatChanged = (a: typeof s0, b: typeof s0) => a.frame.heat.some((v, i) => v !== b.frame.heat[i]);
  assert.ok(heatChanged(s0, s1), 'step D moved the heat-map values');
  assert.ok(changedPixels(s0.png, s1.png) > 100, 'step D changed heat-map pixels');
  assert.deepEqual(s1.frame.fakes, s0.frame.fakes, 'step D left the fakes');
  assert.deepEqual(s1.frame.manifold, s0.frame.manifold, 'step D left the manifold');
  assert.ok(!heatChanged(s1, s2), 'step G left the heat-map values');
  assert.equal(changedPixels(s1.png, s2.png), 0, 'step G left the heat-map pixels');
  assert.notDeepEqual(s2.frame.fakes, s1.frame.fakes, 'step G moved the fakes');
  assert.notDeepEqual(s2.frame.manifold, s1.frame.manifold, 'step G moved the manifold');
  assert.equal(await page.$eval('#d-only', (e) => e.textContent), '1');
  assert.equal(await page.$eval('#g-only', (e) => e.textContent), '1');
});

test('every loss of the registry, and GP, R1, R2 and clipping, train in the page', { skip }, async () => {
  const losses = await page.$$eval('#loss option', (os) => os.map((o) => (o as HTMLOptionElement).value));
  assert.ok(losses.length >= 10, losses.join());
  const runs = [
    ...losses.map((loss) => ({ loss, regularizer: 'none' })),
    { loss: 'wasserstein', regularizer: 'gp', regWeight: 0.1 },
    { loss: 'wasserstein', regularizer: 'clip', regWeight: 0.01 },
    { loss: 'non-saturating', regularizer: 'r1', regWeight: 1 },
    { loss: 'non-saturating', regularizer: 'r2', regWeight: 1 },
  ];
  for (const run of runs) {
    const tensors = await page.evaluate(async (r) => {
      pg(window).configure(r);
      await pg(window).trainSteps(3);
      return pg(window).numTensors();
    }, run);
    const dLoss = await page.evaluate(() => pg(window).metrics());
    assert.ok(Number.isFinite(dLoss.mode_distance), `${JSON.stringify(run)}: ${JSON.stringify(dLoss)}`);
    assert.ok(tensors < 200, `${run.loss}: ${tensors} live tensors (leak?)`);
  }
  assert.deepEqual(h.errors, []);
});

test('a distribution drawn with the mouse becomes the world', { skip }, async () => {
  await page.evaluate(() => pg(window).configure({ world: 'drawn', drawn: [] }));
  await page.click('#clear-drawing');
  const box = (await (await page.$('#world-canvas'))!.boundingBox())!;
  await page.mouse.move(box.x + 60, box.y + 100);
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) await page.mouse.move(box.x + 60 + i * 15, box.y + 100 + i * 10);
  await page.mouse.up();
  await page.click('#reset');
  const modes = await page.evaluate(() => pg(window).frame().modes);
  assert.ok(modes.length >= 10 && modes.length <= 21, `${modes.length} drawn points`);
  await page.evaluate(() => pg(window).trainSteps(5));
  assert.ok(Number.isFinite(await shown('mode_distance')));
});
