/**
 * Lists the tfjs kernels (with call counts) that one dcgan-fashion training step calls, on the backend
 * given as argv[2] (default cpu) with a small batch so the cpu backend finishes quickly. Used to decide
 * which kernels the native backend must implement first: `node dist/bench/record-kernels.js cpu`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type BackendName, initBackend } from '../src/backend/index.js';
import { makeGanStep } from '../src/bench/gan-step.js';
import { buildDcgan } from '../src/models/dcgan.js';

const backend = (process.argv[2] ?? 'cpu') as BackendName;
await initBackend(backend);
const net = buildDcgan(
  { variant: process.argv[3] ?? 'fashion' },
  {
    imageShape: process.argv[3] === 'classic' ? [64, 64, 3] : [28, 28, 1],
    seed: 1,
  },
);
const step = makeGanStep(net, (process.argv[4] as 'adam' | 'rmsprop') ?? 'adam');
const batch = 2;
const real = tf.randomUniform([batch, ...net.imageShape], -1, 1);
const z = tf.randomNormal([batch, net.latentDim]);
step.run(real, z, z);
const info = await tf.profile(() => {
  step.run(real, z, z);
});
const counts = new Map<string, number>();
for (const k of info.kernels) counts.set(k.name, (counts.get(k.name) ?? 0) + 1);
const rows = [...counts.entries()].sort((a, b) => b[1] - a[1]);
for (const [name, n] of rows) console.log(`${String(n).padStart(5)}  ${name}`);
console.log(`${info.kernels.length} kernel calls, ${rows.length} distinct`);
