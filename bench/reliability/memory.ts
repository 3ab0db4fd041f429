/**
 * The long-run memory campaign (issue 17): trains a preset in this process through `runTraining` (the
 * whole loop: logging, sample pictures, checkpoints, report) and records `tf.memory().numTensors` and
 * the resident set size after every step. After the warm-up the tensor count must not change at all
 * (a leak of one tensor per step shows at once) and the RSS must stay within ±5 % of its median.
 *
 *   nice -n 10 node dist/bench/reliability/memory.js gan-mnist 10000
 *   nice -n 10 node dist/bench/reliability/memory.js dcgan-fashion 2000     (also pix2pix-edges, cyclegan-fashion)
 */
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { runTraining } from '../../src/train/run.js';
import { isMain, tmpFolder } from './common.js';

export interface MemoryFigures {
  preset: string;
  steps: number;
  warmup: number;
  /** Tensor counts seen after the warm-up (one value when nothing leaks). */
  tensorCounts: number[];
  rssMedianMB: number;
  /** Lowest and highest RSS after the warm-up, relative to the median, in percent. */
  rssLowPct: number;
  rssHighPct: number;
  secondsPerStep: number;
}

/** Trains `preset` for `steps` steps (flags as a partial config in `overrides`) and measures memory. */
export async function memoryCampaign(
  preset: string,
  steps: number,
  overrides: Record<string, unknown> = {},
): Promise<MemoryFigures> {
  await initBackend('auto');
  const config = resolveConfig({
    preset,
    overrides: { ...overrides, train: { steps, ...(overrides.train as object | undefined) } },
  });
  const warmup = Math.max(Math.round(steps / 10), Math.min(steps - 1, 2 * config.train.checkpointEvery, 50));
  const counts = new Set<number>();
  const rss: number[] = [];
  const t0 = performance.now();
  await runTraining(config, path.join(tmpFolder('gankit-memory-'), 'run'), {
    onStep: (step) => {
      if (step <= warmup) return;
      counts.add(tf.memory().numTensors);
      rss.push(process.memoryUsage().rss);
    },
  });
  const sorted = [...rss].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1];
  return {
    preset,
    steps,
    warmup,
    tensorCounts: [...counts],
    rssMedianMB: median / 2 ** 20,
    rssLowPct: (100 * (sorted[0] - median)) / median,
    rssHighPct: (100 * (sorted.at(-1)! - median)) / median,
    secondsPerStep: (performance.now() - t0) / 1000 / steps,
  };
}

/** One line, as the README quotes it. */
export function formatMemoryFigures(f: MemoryFigures): string {
  return `${f.preset}, ${f.steps} steps (warm-up ${f.warmup}): numTensors ${f.tensorCounts.join(', ')} after the warm-up; RSS median ${f.rssMedianMB.toFixed(0)} MB, range ${f.rssLowPct.toFixed(1)} % … +${f.rssHighPct.toFixed(1)} %; ${f.secondsPerStep.toFixed(3)} s/step`;
}

if (isMain(import.meta.url)) {
  const [preset = 'gan-mnist', steps = '10000'] = process.argv.slice(2);
  const f = await memoryCampaign(preset, Number(steps));
  console.log(formatMemoryFigures(f));
  process.exitCode = f.tensorCounts.length === 1 && Math.max(-f.rssLowPct, f.rssHighPct) <= 5 ? 0 : 1;
}
