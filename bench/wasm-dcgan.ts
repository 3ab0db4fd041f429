/**
 * Milliseconds per training step of seed 002's Fashion DCGAN (batch 64, RMSprop, non-saturating loss)
 * on the wasm backend with gankit's kernels, and on the cpu backend for comparison.
 *
 *   node dist/bench/wasm-dcgan.js [--steps 6] [--cpu-steps 1] [--batch 64]
 *
 * The first step of each backend is a warm-up (XNNPACK operator creation, optimizer slots) and is
 * reported apart; the median of the other steps is the figure to quote. Both wall-clock and process
 * CPU time are printed: on a shared machine the CPU time is the steadier figure (both backends run on
 * one thread in Node, so unloaded the two agree). The cpu backend takes minutes per step (its Conv2DBackpropFilter is a direct loop);
 * `--cpu-steps 0` skips it.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/backend/index.js';
import { SEED002_DCGAN, buildDcgan, makeBatch, makeGanStep } from '../test/backend/fixtures/gan.js';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '6' },
    'cpu-steps': { type: 'string', default: '1' },
    batch: { type: 'string', default: '64' },
  },
});

/** Wall-clock and CPU milliseconds of one call. */
function timed(f: () => void): [number, number] {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const cpu = process.cpuUsage(cpu0);
  return [performance.now() - t0, (cpu.user + cpu.system) / 1000];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Times `steps` steps; returns [wall, cpu] ms of the first and the medians of the others (NaN if none). */
async function bench(backendName: 'wasm' | 'cpu', steps: number, batch: number) {
  await initBackend(backendName);
  const gan = buildDcgan(SEED002_DCGAN, 2);
  const dOptimizer = tf.train.rmsprop(1e-3);
  const gOptimizer = tf.train.rmsprop(1e-3);
  const step = makeGanStep(gan, { dOptimizer, gOptimizer });
  const { real, z } = makeBatch(gan, batch, 3);
  const times: [number, number][] = [];
  for (let i = 0; i < steps; i++) times.push(timed(() => step(real, z)));
  tf.dispose([real, z]);
  dOptimizer.dispose();
  gOptimizer.dispose();
  gan.generator.dispose();
  gan.discriminator.dispose();
  const [first, ...rest] = times;
  const wall = rest.length ? median(rest.map((t) => t[0])) : Number.NaN;
  const cpu = rest.length ? median(rest.map((t) => t[1])) : Number.NaN;
  return { first, wall, cpu };
}

const batch = Number(values.batch);
for (const [backendName, steps] of [
  ['wasm', Number(values.steps)],
  ['cpu', Number(values['cpu-steps'])],
] as const) {
  if (steps <= 0) continue;
  const { first, wall, cpu } = await bench(backendName, steps, batch);
  const ms = (w: number, c: number) => `${w.toFixed(0)} ms (CPU ${c.toFixed(0)} ms)`;
  const rest = Number.isNaN(wall) ? '' : `; median of the next ${steps - 1}: ${ms(wall, cpu)} per step`;
  console.log(`${backendName}: DCGAN seed 002, batch ${batch}: first step ${ms(first[0], first[1])}${rest}`);
}
