/**
 * Gradient checkpointing: peak memory and time of one gradient step of a deep MLP generator, plain
 * backpropagation against checkpointed segments (src/nn/checkpoint-grad.ts).
 *
 * Seed 001's remedy for out-of-memory training ("use gradient checkpointing. It works."), measured.
 *   npm run example -- gradient-checkpointing [--blocks 16] [--width 1024] [--batch 256]
 *     [--reps 3] [--backend cpu|wasm] [--smoke]
 *
 * Peak memory is the engine's high-water mark of live tensor bytes during the step (`tf.profile`'s
 * peakBytes: every allocation and free is counted, not sampled). "Working" is the peak minus the bytes
 * live before the step (weights, input, cotangent): the activations kept for the backward pass, the
 * activation and weight gradients (the weight gradients alone are as large as the weights), and the
 * copies the engine makes of saved tensors on backends whose Identity kernel copies (wasm). Time is the median of
 * `reps` steps after the profiled one (which serves as warm-up), measured without the profiler, as
 * process CPU time — on a shared machine wall time mostly measures the neighbours — and wall time.
 *
 * Measured on the 2-core development machine (shared, load 5–13; CPU times ±10 %):
 *   wasm, 16 × 1024, batch 256: peak 288 → 168 MB (−42 %; working memory −53 %), CPU +3 % (every
 *     block) / +8 % (segments of 4). wasm's transposed matMuls in the backward pass are ≈ 13× slower
 *     than its forward matMul, so one extra forward costs little there.
 *   wasm, 16 × 256, batch 2048 (activation-bound like a conv net): 228 → 100 MB (−56 %) / 90 MB
 *     (−60 %), CPU +10 % / +7 %.
 *   cpu, 16 × 256, batch 256: 38.5 → 19.3 MB (−50 %) / 18.7 MB (−51 %), CPU +36 % / +10 %.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { type BackendName, initBackend } from '../src/backend/index.js';
import {
  type Block,
  checkpointedSequential,
  denseBlock,
  type Sequential,
} from '../src/nn/checkpoint-grad.js';

const { values } = parseArgs({
  options: {
    blocks: { type: 'string', default: '16' },
    width: { type: 'string', default: '1024' },
    batch: { type: 'string', default: '256' },
    reps: { type: 'string', default: '3' },
    backend: { type: 'string', default: 'cpu' },
    smoke: { type: 'boolean' },
    out: { type: 'string' },
  },
});
// --smoke: a tiny network, one repetition (the smoke test only checks that the three modes run).
if (values.smoke) Object.assign(values, { blocks: '4', width: '64', batch: '16', reps: '1' });
const [depth, width, batch, reps] = [values.blocks, values.width, values.batch, values.reps].map(Number);
const backend = await initBackend(values.backend as BackendName);

const latent = 128;
const blocks: Block[] = Array.from({ length: depth }, (_, i) =>
  denseBlock({
    inputs: i === 0 ? latent : width,
    units: width,
    activation: i === depth - 1 ? 'tanh' : 'leaky_relu(0.2)',
    seed: i,
  }),
);
const z = tf.randomNormal([batch, latent]);
const cotangent = tf.randomNormal([batch, width]);

/** One generator gradient step's work: ∂/∂θ Σ C ⊙ G(z) for every weight θ. */
function step(net: Sequential): void {
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(net.apply(z), cotangent)), net.variables);
  tf.dispose([value, ...Object.values(grads)]);
}

const MB = 1024 * 1024;
const resting = tf.memory().numBytes;
const configs: [string, Sequential][] = [
  ['plain backprop', checkpointedSequential(blocks, { checkpoint: false })],
  ['checkpoint every block', checkpointedSequential(blocks, { segmentSize: 1 })],
  [
    `segments of ${Math.round(Math.sqrt(depth))} blocks`,
    checkpointedSequential(blocks, { segmentSize: Math.round(Math.sqrt(depth)) }),
  ],
];

console.log(
  `backend ${backend}: ${depth} dense blocks of ${width}, batch ${batch}; ` +
    `weights + inputs ${(resting / MB).toFixed(1)} MB`,
);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows: { name: string; peak: number; ms: number; wall: number }[] = [];
for (const [name, net] of configs) {
  const { peakBytes } = await tf.profile(() => step(net));
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let r = 0; r < reps; r++) {
    const [c0, t0] = [process.cpuUsage(), performance.now()];
    step(net);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  rows.push({ name, peak: peakBytes, ms: median(cpu), wall: median(wall) });
}
const [base] = rows;
for (const r of rows) {
  const saving = r === base ? '' : `, peak −${(100 * (1 - r.peak / base.peak)).toFixed(0)} %`;
  const working =
    r === base ? '' : `, working −${(100 * (1 - (r.peak - resting) / (base.peak - resting))).toFixed(0)} %`;
  const dt = 100 * (r.ms / base.ms - 1);
  const overhead = r === base ? '' : `, CPU time ${dt < 0 ? '−' : '+'}${Math.abs(dt).toFixed(0)} %`;
  console.log(
    `${r.name.padEnd(24)} peak ${(r.peak / MB).toFixed(1).padStart(7)} MB ` +
      `(working ${((r.peak - resting) / MB).toFixed(1).padStart(7)} MB), ` +
      `CPU ${r.ms.toFixed(0).padStart(6)} ms/step (wall ${r.wall.toFixed(0)})${saving}${working}${overhead}`,
  );
}
