/**
 * Resume is exact for every objective (docs/architecture.md "Contracts"): N steps straight equal N/2 + --resume + N/2,
 * every logged loss term bit for bit — with dropout streams (DCGAN's D, pix2pix's U-Net), CycleGAN's
 * pools of past fakes (small, so they fill and start swapping before the split), EMA copies, the
 * late-starting learning-rate decay, DANN's two data walks, λ schedule, momentum buffers and
 * accuracies, and StyleGAN's noise-input streams, style-mixing draws, tracked mean w and lazy R1 phase
 * (every 3 steps: it runs at step 3, right after the split), StarGAN v2's reference and latent streams,
 * its four optimizers and its diversity-weight decay all crossing the checkpoint.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { checkpointName } from '../../src/train/checkpoint.js';
import { gankit, TINY_STARGAN_MODEL, tmpDir } from '../helpers.js';

function rows(dir: string): Record<string, number>[] {
  return readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => {
      const { time: _, ...row } = JSON.parse(l) as Record<string, number>;
      return row;
    });
}

const CASES: Record<string, { yaml: string; steps: number }> = {
  'dcgan-fashion (dropout in D)': { yaml: 'extends: dcgan-fashion\n', steps: 8 },
  'progan-emoji (checkpoint mid-fade, optimizer resets on both sides, EMA)': {
    // batch 2: images 4 → fade of 8×8 from step 2 (optimizers reset), α = 0.5 at the step-4 checkpoint,
    // 8×8 stabilised at step 6 (reset again).
    yaml: `extends: progan-emoji
model: { fmapBase: 32, fmapMax: 8, growth: { resolutions: [4, 8, 16, 32], stableImages: 4, fadeImages: 8 } }
`,
    steps: 8,
  },
  'pix2pix-emoji (U-Net dropout, EMA)': {
    yaml: `extends: pix2pix-emoji
model: { generator: { filters: 4 }, discriminator: { filters: 8 } }
tricks: { ema: { decay: 0.9 } }
`,
    steps: 6,
  },
  'cyclegan-fashion (pools, EMA, LR decay)': {
    yaml: `extends: cyclegan-fashion
model: { generator: { filters: 8, blocks: 1 }, discriminator: { filters: 8 } }
objective: { poolSize: 3 }
tricks: { ema: { decay: 0.9 } }
`,
    steps: 8,
  },
  'stargan-fashion (4 phases, own F and E optimizers, EMA of G/F/E, λ_ds decay)': {
    yaml: `extends: stargan-fashion
${TINY_STARGAN_MODEL}tricks: { ema: { decay: 0.9 } }
`,
    steps: 4,
  },
  'dann-mnist (two domains walked apart, λ and lr schedules, baseline, accuracies)': {
    yaml: `extends: dann-mnist
model: { conv: [4, 6], labelHidden: [16], domainHidden: [16] }
eval: { every: 2, n: 50 }
`,
    steps: 8,
  },
  'stylegan-emoji (noise inputs, style mixing, w̄, lazy R1, EMA)': {
    yaml: `extends: stylegan-emoji
model: { latentDim: 8, wDim: 8, mappingLayers: 2, fmapBase: 16, fmapMax: 4 }
objective: { r1Interval: 3 }
`,
    steps: 6,
  },
};

for (const [name, c] of Object.entries(CASES)) {
  test(`${name}: ${c.steps} steps straight equal ${c.steps / 2} + --resume + ${c.steps / 2}, every term`, () => {
    const root = tmpDir();
    const config = path.join(root, 'config.yaml');
    writeFileSync(config, c.yaml);
    const common = ['--config', config, '--limit', '64', '--batch-size', '2', '--log-every', '1'];
    const straight = path.join(root, 'straight');
    const split = path.join(root, 'split');
    const a = gankit(['train', ...common, '--steps', String(c.steps), '--out', straight]);
    assert.equal(a.code, 0, a.stderr);
    const half = String(c.steps / 2);
    // A run of the same length stopped right after its mid-way checkpoint (the schedule depends on the
    // run's length, so the first half must be the same run): drop what came after that checkpoint.
    const b = gankit([
      'train',
      ...common,
      '--steps',
      String(c.steps),
      '--checkpoint-every',
      half,
      '--out',
      split,
    ]);
    assert.equal(b.code, 0, b.stderr);
    const ckpts = path.join(split, 'checkpoints');
    rmSync(path.join(ckpts, checkpointName(c.steps)), { recursive: true });
    writeFileSync(path.join(ckpts, 'latest'), checkpointName(c.steps / 2));
    const r = gankit(['train', '--resume', '--out', split]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`at step ${half}`));
    const x = rows(straight);
    assert.equal(x.length, c.steps);
    assert.ok(Object.keys(x[0]).length > 3, 'loss terms are logged');
    assert.deepEqual(rows(split), x);
  });
}
