/**
 * The long-run memory campaign (issue 17): trains a preset in this process through `runTraining` (the
 * whole loop: logging, sample pictures, checkpoints, report) and records `tf.memory().numTensors` and
 * the resident set size. After the warm-up the tensor count must not change at all (a leak of one
 * tensor per step shows at once) and the RSS must stay within ±5 % of its median.
 *
 * Each reading is taken twice: after the collection, and after the C allocator also returned the free
 * memory it caches (malloc_trim, as training does after every checkpoint); the ±5 % bound is checked on
 * the second, what the process actually holds. The RSS is read every `RSS_EVERY` steps right after a full garbage collection when node runs with
 * `--expose-gc`: a training step leaves ≈ 85 kB of JavaScript garbage (log rows, closures, typed-array
 * views) that V8 collects lazily, so without it the RSS saw-tooths by tens of MB between major
 * collections (measured on gan-mnist: 248 → 300 MB over 900 steps, back to 273 MB at the next major GC)
 * and the figure measures V8's collection schedule instead of what the run holds.
 *
 *   nice -n 10 node --expose-gc dist/bench/reliability/memory.js gan-mnist 10000
 *   nice -n 10 node --expose-gc dist/bench/reliability/memory.js dcgan-fashion 2000     (also pix2pix-edges, cyclegan-fashion)
 */
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, releaseFreedMemory } from '../../src/backend/index.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { runTraining } from '../../src/train/run.js';
import { isMain, tmpFolder } from './common.js';

/** Steps between two RSS readings (each after a full collection, when `gc` is exposed). */
const RSS_EVERY = 20;

export interface MemoryFigures {
  preset: string;
  /** Whether each RSS reading followed a full garbage collection (node --expose-gc). */
  settled: boolean;
  steps: number;
  warmup: number;
  /** Tensor counts seen after the warm-up (one value when nothing leaks). */
  tensorCounts: number[];
  rssMedianMB: number;
  /** Lowest and highest RSS after the warm-up, relative to the median, in percent, and the step of the highest. */
  rssLowPct: number;
  rssHighPct: number;
  rssHighStep: number;
  /** RSS in MB at ten evenly spaced readings after the warm-up: a leak keeps rising, a warm-up levels off. */
  rssTrajectoryMB: number[];
  /** The same readings after the C allocator also returned its cached free memory (malloc_trim). */
  trimmed: { medianMB: number; lowPct: number; highPct: number; trajectoryMB: number[] };
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
  const rssSteps: number[] = [];
  const trimmed: number[] = [];
  const gc = (globalThis as { gc?: () => void }).gc;
  const t0 = performance.now();
  await runTraining(config, path.join(tmpFolder('gankit-memory-'), 'run'), {
    onStep: async (step) => {
      if (step <= warmup) return;
      counts.add(tf.memory().numTensors);
      if (step % RSS_EVERY !== 0 && step !== steps) return;
      if (gc) {
        // V8 frees ArrayBuffer memory on a background thread after a collection: let it finish, then
        // collect once more, or a checkpoint's freed buffers still count (measured: +22 MB once, gone
        // by the next reading).
        gc();
        await new Promise((resolve) => setTimeout(resolve, 20));
        gc();
      }
      rss.push(process.memoryUsage().rss);
      rssSteps.push(step);
      // What the process holds, without what the C allocator merely caches: training trims after each
      // checkpoint (releaseFreedMemory), so untrimmed readings dip there and climb back as the heap
      // regrows; trimming before every reading measures the same thing each time.
      releaseFreedMemory();
      trimmed.push(process.memoryUsage().rss);
    },
  });
  const sorted = [...rss].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1];
  const tSorted = [...trimmed].sort((a, b) => a - b);
  const tMedian = tSorted[tSorted.length >> 1];
  const trajectory = (xs: number[]) =>
    Array.from({ length: 10 }, (_, i) => xs[Math.round((i * (xs.length - 1)) / 9)] / 2 ** 20);
  return {
    preset,
    settled: gc !== undefined,
    steps,
    warmup,
    tensorCounts: [...counts],
    rssMedianMB: median / 2 ** 20,
    rssLowPct: (100 * (sorted[0] - median)) / median,
    rssHighPct: (100 * (sorted.at(-1)! - median)) / median,
    rssHighStep: rssSteps[rss.indexOf(sorted.at(-1)!)],
    rssTrajectoryMB: trajectory(rss),
    trimmed: {
      medianMB: tMedian / 2 ** 20,
      lowPct: (100 * (tSorted[0] - tMedian)) / tMedian,
      highPct: (100 * (tSorted.at(-1)! - tMedian)) / tMedian,
      trajectoryMB: trajectory(trimmed),
    },
    secondsPerStep: (performance.now() - t0) / 1000 / steps,
  };
}

/** One line, as the README quotes it. */
export function formatMemoryFigures(f: MemoryFigures): string {
  return `${f.preset}, ${f.steps} steps (warm-up ${f.warmup}): numTensors ${f.tensorCounts.join(', ')} after the warm-up; RSS${f.settled ? ' after a full GC' : ' (no --expose-gc: includes uncollected garbage)'} median ${f.rssMedianMB.toFixed(0)} MB, range ${f.rssLowPct.toFixed(1)} % … +${f.rssHighPct.toFixed(1)} % (highest at step ${f.rssHighStep}; over the run: ${f.rssTrajectoryMB.map((m) => m.toFixed(0)).join(' → ')} MB); after malloc_trim too: median ${f.trimmed.medianMB.toFixed(0)} MB, range ${f.trimmed.lowPct.toFixed(1)} % … +${f.trimmed.highPct.toFixed(1)} % (${f.trimmed.trajectoryMB.map((m) => m.toFixed(0)).join(' → ')} MB); ${f.secondsPerStep.toFixed(3)} s/step`;
}

if (isMain(import.meta.url)) {
  const [preset = 'gan-mnist', steps = '10000'] = process.argv.slice(2);
  const f = await memoryCampaign(preset, Number(steps));
  console.log(formatMemoryFigures(f));
  // The bound applies to what the process holds (after GC and trim); the untrimmed range is printed too.
  process.exitCode =
    f.tensorCounts.length === 1 && Math.max(-f.trimmed.lowPct, f.trimmed.highPct) <= 5 ? 0 : 1;
}
