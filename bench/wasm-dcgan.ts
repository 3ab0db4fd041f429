/**
 * Milliseconds per training step of seed 002's Fashion DCGAN (batch 64, RMSprop, non-saturating loss)
 * on the wasm backend with gankit's kernels, and on the cpu backend for comparison.
 *
 *   node dist/bench/wasm-dcgan.js [--steps 6] [--cpu-steps 1] [--batch 64]
 *
 * The first step of each backend is a warm-up (XNNPACK operator creation, optimizer slots) and is
 * reported apart; the median of the other steps is the figure to quote. The cpu backend takes minutes per step (its Conv2DBackpropFilter is a direct loop);
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

/** Times `steps` steps; returns the first and the median of the others (NaN if none), in ms. */
async function bench(backendName: 'wasm' | 'cpu', steps: number, batch: number) {
  await initBackend(backendName);
  const gan = buildDcgan(SEED002_DCGAN, 2);
  const dOptimizer = tf.train.rmsprop(1e-3);
  const gOptimizer = tf.train.rmsprop(1e-3);
  const step = makeGanStep(gan, { dOptimizer, gOptimizer });
  const { real, z } = makeBatch(gan, batch, 3);
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    step(real, z);
    times.push(performance.now() - t0);
  }
  tf.dispose([real, z]);
  dOptimizer.dispose();
  gOptimizer.dispose();
  gan.generator.dispose();
  gan.discriminator.dispose();
  const [warmup, ...rest] = times;
  rest.sort((a, b) => a - b);
  return { warmup, median: rest.length ? rest[Math.floor(rest.length / 2)] : Number.NaN };
}

const batch = Number(values.batch);
for (const [backendName, steps] of [
  ['wasm', Number(values.steps)],
  ['cpu', Number(values['cpu-steps'])],
] as const) {
  if (steps <= 0) continue;
  const { warmup, median } = await bench(backendName, steps, batch);
  const timed = Number.isNaN(median) ? '' : `, median of the next ${steps - 1}: ${median.toFixed(0)} ms/step`;
  console.log(`${backendName}: DCGAN seed 002, batch ${batch}: first step ${warmup.toFixed(0)} ms${timed}`);
}
