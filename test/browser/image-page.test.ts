/**
 * The image page in headless Chromium (plain @tensorflow/tfjs, wasm backend): exported generators of
 * every noise-fed preset give gankit's outputs to 1e-4; a trained run exported by `gankit export`
 * renders the very PNG `gankit sample` writes for the same latent codes (within one 8-bit level); the
 * grid, interpolation and latent arithmetic are drawn; conditional models offer their class names.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { PNG } from 'pngjs';
import type { Page } from 'puppeteer-core';
import { initBackend } from '../../src/backend/index.js';
import { imageGridPng } from '../../src/report/png.js';
import { STREAMS } from '../../src/train/streams.js';
import { Rng } from '../../src/util/rng.js';
import { exportPresetGenerators, type PresetExport } from '../export/presets.js';
import { gankit, tmpDir } from '../helpers.js';
import { changedPixels, type Harness, inked, pixels, skipReason, startHarness } from './chromium.js';

const skip = skipReason();
if (skip) console.log(`# browser tests skipped: ${skip}`);
const TOLERANCE = 1e-4;

type Api = {
  load(base: string): Promise<boolean>;
  info(): { numClasses?: number; classNames?: string[] } | undefined;
  predict(z: number[], n: number, labels?: number[], psi?: number): Promise<number[]>;
  pick(i: number): Promise<void>;
  setPsi(psi: number): Promise<void>;
};
const ip = (w: Window) => (w as unknown as { imagePage: Api }).imagePage;

const dir = tmpDir('gankit-image-page-');
let h: Harness;
let page: Page;
let presets: PresetExport[];

before(async () => {
  if (skip) return;
  await initBackend('auto');
  presets = await exportPresetGenerators(dir);
  h = await startHarness(dir);
  page = await h.open('images.html?backend=wasm', 'imagePage');
});

after(async () => {
  await h?.close();
});

test('every exported preset generator gives gankit’s outputs in the page', { skip }, async () => {
  for (const { preset, job, expected } of presets) {
    const got = await page.evaluate(
      async (p, z, n, labels, psi) => {
        if (!(await ip(window).load(`./model/${p}/`))) throw new Error(`no export at ${p}`);
        return ip(window).predict(z, n, labels, psi);
      },
      preset,
      job.z,
      job.n,
      job.labels,
      job.psi,
    );
    let d = 0;
    for (let i = 0; i < expected.length; i++) d = Math.max(d, Math.abs(got[i] - expected[i]));
    assert.equal(got.length, expected.length, preset);
    assert.ok(d <= TOLERANCE, `${preset}: max |page − gankit| = ${d}`);
  }
  assert.deepEqual(h.errors, []);
});

test('a trained, exported run renders the PNG gankit sample writes', { skip }, async () => {
  const run = path.join(dir, 'run');
  assert.equal(
    gankit(['train', '--preset', 'cgan-mnist', '--steps', '2', '--limit', '200', '--out', run]).code,
    0,
  );
  const out = path.join(dir, 'exported');
  assert.equal(gankit(['export', '--run', run, '--out', out]).code, 0);
  const n = 10;
  const samplePng = path.join(dir, 'sample.png');
  const s = gankit(['sample', '--run', run, '--n', String(n), '--seed', '2', '--out', samplePng]);
  assert.equal(s.code, 0, s.stderr);
  const z = Array.from(new Rng(2, STREAMS.sampleCommand).normal(n * 100));
  const labels = Array.from({ length: n }, (_, i) => i % 10);
  const images = await page.evaluate(
    async (zz, nn, ls) => {
      await ip(window).load('./model/exported/');
      return ip(window).predict(zz, nn, ls);
    },
    z,
    n,
    labels,
  );
  const ours = PNG.sync.read(imageGridPng(Float32Array.from(images), n, [28, 28, 1], '-1,1')).data;
  const theirs = PNG.sync.read(readFileSync(samplePng)).data;
  let d = 0;
  for (let i = 0; i < ours.length; i++) d = Math.max(d, Math.abs(ours[i] - theirs[i]));
  assert.ok(d <= 1, `max pixel difference ${d} levels`);
  // The conditional model's classes are offered by name (MNIST's digits).
  const classes = await page.$$eval('#class option', (os) => os.map((o) => o.textContent));
  assert.deepEqual(classes, ['mixed', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
});

test('grid, interpolation and latent arithmetic are drawn', { skip }, async () => {
  await page.evaluate(async () => {
    await ip(window).load('./model/gan-mnist/');
    await ip(window).pick(0);
    await ip(window).pick(9);
    await ip(window).pick(20);
  });
  for (const id of ['#grid', '#interp', '#arith']) {
    const s = inked(await pixels((await page.$(id))!));
    assert.ok(
      s.fraction > 0.3 && s.colours > 20,
      `${id}: ${(100 * s.fraction).toFixed(1)} % ink, ${s.colours} colours`,
    );
  }
});

test('a StyleGAN export gets the truncation control, and ψ moves its images', { skip }, async () => {
  const preset = presets.find((p) => p.job.psi !== undefined)!.preset;
  const grid = (await page.$('#grid'))!;
  await page.evaluate(async (p) => {
    await ip(window).load(`./model/${p}/`);
    await ip(window).setPsi(1);
  }, preset);
  assert.equal(await page.$eval('#psi', (e) => (e as HTMLInputElement).disabled), false);
  const untruncated = await pixels(grid);
  await page.evaluate(() => ip(window).setPsi(0));
  const mean = await pixels(grid);
  assert.ok(changedPixels(untruncated, mean) > 1000, 'ψ = 0 draws other images than ψ = 1');
  await page.evaluate(() => ip(window).load('./model/gan-mnist/'));
  assert.equal(await page.$eval('#psi', (e) => (e as HTMLInputElement).disabled), true);
});
