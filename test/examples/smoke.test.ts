/**
 * Every example in examples/ runs at its tiny `--smoke` scale (two at a time) and prints the figure that
 * shows it worked; where the figure is exact at any scale (hand-computed transposed convolution, autograd
 * against closed-form gradients, the slide's earth-mover distance, the two training forms' losses) the
 * test checks the number too. Full-size runs and their figures are in docs/guide/ (`npm run docs`).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tmpDir } from '../helpers.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

/**
 * What each example must print at smoke scale (and extra flags). A key `NAME VARIANT` runs example NAME
 * a second time, with its own flags.
 */
const EXPECT: Record<string, { flags?: string[]; check: (out: string) => void }> = {
  'three-step-training': {
    check: (o) => {
      const diff = Number(/same losses at initialisation: .* max difference (\S+)/.exec(o)?.[1]);
      assert.ok(diff < 1e-5, `trainOnBatch and tape losses differ by ${diff}`);
      assert.match(o, /fit {2}STEP=00010, d_loss=\d+\.\d{5}, g_loss=\d+\.\d{5}/);
      assert.match(o, /tape STEP=00010, d_loss=/);
      assert.match(o, /tape form after 10 steps: FID [\d.]+, IS [\d.]+, \d+\/10 classes/);
    },
  },
  'vanilla-gan': { check: (o) => assert.match(o, /after 5 batches: FID [\d.]+, IS/) },
  'conditional-digits': { check: (o) => assert.match(o, /step 3: label accuracy [\d.]+%/) },
  dcgan: { check: (o) => assert.match(o, /after 3 steps \(\d+ s of training\): FID [\d.]+/) },
  'mode-collapse': { check: (o) => assert.match(o, /minibatch discrimination: modes covered \d+\/10/) },
  'toy-ring': {
    flags: ['--loss', 'wgan-clip'],
    check: (o) => assert.match(o, /wgan-clip step 20: modes \d\/8, high quality/),
  },
  'gradient-checkpointing': { check: (o) => assert.match(o, /checkpoint every block +peak +[\d.]+ MB/) },
  'keras-gan': { check: (o) => assert.match(o, /after 1 epoch\(s\): FID [\d.]+/) },
  'replay-buffer': { check: (o) => assert.match(o, /replay 1000 × 0\.5 after 5 steps/) },
  'optimal-discriminator': {
    check: (o) => assert.match(o, /mean \|D − D\*\| [\d.]+ \(a constant D = ½ scores 0\.31/),
  },
  divergences: {
    check: (o) => {
      assert.match(o, /\(P = 3,2,1,4; Q = 1,2,4,3\): W = 5\.0000/);
      assert.match(o, /KL\(P‖Q\): exact 0\.3499/);
      assert.match(o, / 16 +128\.000 +0\.6931 +16\.000/);
    },
  },
  'dirac-gan': {
    check: (o) => {
      assert.match(o, /simultaneous +non-saturating \+ R1 0\.3 .* converges/);
      assert.match(o, /simultaneous +minimax \(standard GAN\) .* does not converge/);
    },
  },
  'generator-gradients': {
    check: (o) => {
      const diff = Number(/autograd vs closed forms: max difference (\S+)/.exec(o)?.[1]);
      assert.ok(diff < 1e-6, `autograd differs from the closed forms by ${diff}`);
    },
  },
  'is-fid-slides': {
    check: (o) => {
      const diffs = [...o.matchAll(/relative difference ([\d.e+-]+)/g)].map((m) => Number(m[1]));
      assert.ok(diffs.length >= 2 && diffs.every((d) => d < 1e-6), `slides' code vs gankit: ${diffs}`);
    },
  },
  'transposed-conv': {
    check: (o) => {
      assert.match(o, /by hand: +\[\[0, 0, 1\], \[0, 4, 6\], \[4, 12, 9\]\]/);
      assert.match(o, /max \|by hand − op\| = 0, max \|by hand − layer\| = 0/);
      const diff = Number(/k5 s2 same\): max \|by hand − layer\| = (\S+)/.exec(o)?.[1]);
      assert.ok(diff < 1e-4, `DCGAN layer differs from the hand-written sum by ${diff}`);
    },
  },
  'pix2pix-edges': { check: (o) => assert.match(o, /step 2 .*test L1 [\d.]+/) },
  'cyclegan-fashion': { check: (o) => assert.match(o, /step 2 .*sneakers called boots [\d.]+%/) },
  'train-gan-fashion': { check: (o) => assert.match(o, /STEP=00005, d_loss=/) },
  'train-classifier': { check: (o) => assert.match(o, /test accuracy [\d.]+/) },
  'latent-interpolation': {
    check: (o) => assert.match(o, /slerp: norm at the endpoints [\d.]+, [\d.]+; midway [\d.]+/),
  },
  'latent-interpolation --stylegan': {
    flags: ['--stylegan'],
    check: (o) => assert.match(o, /w-lerp: path length [\d.]+ in pixels .*unevenness [\d.]+/),
  },
  'latent-arithmetic': {
    check: (o) => {
      assert.match(o, /thick7 − thin7 \+ thin1 +class \d \(p=[\d.]+\), ink [\d.]+/);
      assert.match(o, /8 neighbours of the result \(uniform ±0\.25\): \d\/8 keep its class \d/);
      assert.match(o, /α = 0, 0\.5, 1, 1\.5: mean ink( [\d.]+,){3} [\d.]+/);
    },
  },
  'latent-inversion': {
    check: (o) => assert.match(o, /encoder \+ optimisation \(z\) +pixel MSE [\d.]+ \([\d.]+× better\)/),
  },
  'latent-inversion --stylegan': {
    flags: ['--stylegan'],
    check: (o) => assert.match(o, /optimisation \(w\+\) +pixel MSE [\d.]+ \([\d.]+× better\)/),
  },
  'sweep-workers': {
    check: (o) => assert.match(o, /3 of 3 runs finished in [\d.]+ s; best run: run-00\d .*, w1 [\d.]+/),
  },
  'latent-memorisation': { check: (o) => assert.match(o, /full training set: [\d.]+% of samples nearer/) },
};

/**
 * Examples that take no `--smoke` flag yet, each with the CI test that runs its code path at small
 * scale instead. The list is exact: an example missing from both tables fails the check below.
 */
const COVERED_ELSEWHERE: Record<string, string> = {
  'dann-mnist': 'test/train/dann-trains.test.ts (DANN and its source-only baseline trained and scored)',
  'progan-emoji': 'test/train/progan-learns.test.ts (grows 4×4 → 8×8, FID against the untrained model)',
  'stargan-fashion': 'test/train/stargan-learns.test.ts (target-domain accuracy, diversity, cycle loss)',
  'stylegan-emoji': 'test/train/stylegan.test.ts and test/cli/sample-stylegan.test.ts (mixing, truncation)',
  browser: 'test/browser/playground.test.ts and image-page.test.ts (the same pages in headless Chromium)',
  'watch-runs': 'test/serve/dashboard.test.ts (the dashboard over a run training beside it)',
};

/** The example a key of {@link EXPECT} runs. */
function exampleOf(key: string): string {
  return key.split(' ')[0];
}

function run(name: string, flags: string[], cwd: string): Promise<{ code: number; out: string }> {
  const file = fileURLToPath(new URL(`../../examples/${name}.js`, import.meta.url));
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [file, '--smoke', ...flags, '--out', path.join(cwd, `${name}.png`)],
      {
        cwd,
      },
    );
    let out = '';
    const append = (d: Buffer) => {
      out += d;
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
}

test('every example in examples/ has a smoke check', () => {
  const names = readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.js'))
    .map((f) => f.slice(0, -3));
  const checked = new Set(Object.keys(EXPECT).map(exampleOf));
  assert.deepEqual(names.sort(), [...checked, ...Object.keys(COVERED_ELSEWHERE)].sort());
});

describe('examples at --smoke scale', { concurrency: 2 }, () => {
  for (const [name, { flags = [], check }] of Object.entries(EXPECT)) {
    test(name, async () => {
      const { code, out } = await run(exampleOf(name), flags, tmpDir(`gankit-example-${exampleOf(name)}-`));
      assert.equal(code, 0, out);
      check(out);
    });
  }
});
