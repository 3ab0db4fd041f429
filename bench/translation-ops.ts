/**
 * Milliseconds of the ops that pix2pix and CycleGAN add to a step, at the 64×64 activations where they
 * are hot: instance norm composed from tfjs ops and gankit's op (fused kernels on native; forward, and
 * forward + backward from a given upstream gradient), the U-Net's channel
 * concat (forward + backward, i.e. Concat then SplitV) and the CycleGAN reflection pad with its custom
 * gradient, each beside a 3×3 convolution of the same activation (forward + both gradients) for scale.
 * `--profile` also prints, per case, the time by kernel of one forward + backward.
 *
 *   node dist/bench/translation-ops.js [--backend native|wasm] [--reps 15] [--profile]
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { type BackendName, initBackend } from '../src/backend/index.js';
import { instanceNorm, instanceNormComposite } from '../src/backend/instance-norm.js';
import { reflectPad } from '../test/backend/fixtures/translation.js';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'native' },
    reps: { type: 'string', default: '15' },
    profile: { type: 'boolean', default: false },
  },
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Median wall-clock ms of `f` over `reps` runs after two warm-ups. Outputs are not read back (a 4 MB
 * read costs as much as the fused kernels): native and wasm kernels run synchronously, so the work is
 * done when `f` returns.
 */
function time(f: () => tf.Tensor | tf.Tensor[], reps: number): number {
  const run = () => {
    const t0 = performance.now();
    const out = tf.tidy(f);
    const ms = performance.now() - t0;
    tf.dispose(out);
    return ms;
  };
  run();
  run();
  return median(Array.from({ length: reps }, run));
}

/** Kernel time by name of one run of `f`, largest first. */
async function byKernel(f: () => tf.Tensor | tf.Tensor[]): Promise<string> {
  const info = await tf.profile(() => tf.tidy(f));
  tf.dispose(info.result as tf.Tensor);
  const ms = new Map<string, [number, number]>();
  for (const k of info.kernels) {
    const [t, n] = ms.get(k.name) ?? [0, 0];
    ms.set(k.name, [t + (k.kernelTimeMs as number), n + 1]);
  }
  return [...ms]
    .sort((a, b) => b[1][0] - a[1][0])
    .map(([name, [t, n]]) => `${name}×${n} ${t.toFixed(2)}`)
    .join(', ');
}

/** f's forward pass at x, then its backward pass from the upstream gradient dy. */
const backward = (f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, dy: tf.Tensor) => tf.grad(f)(x, dy);

const backend = values.backend as BackendName;
const reps = Number(values.reps);
await initBackend(backend);
console.log(`backend ${backend}, median of ${reps} runs (ms)`);

const SHAPES: [number, number, number, number][] = [
  [1, 64, 64, 64],
  [4, 64, 64, 64],
  [4, 32, 32, 128],
  [1, 16, 16, 256],
];
for (const shape of SHAPES) {
  const c = shape[3];
  const x = tf.randomNormal(shape);
  const w = tf.randomNormal(shape);
  const filter = tf.randomNormal([3, 3, c, c], 0, 0.05);
  const padW = tf.randomNormal([shape[0], shape[1] + 6, shape[2] + 6, c]);
  const catW = tf.randomNormal([...shape.slice(0, 3), 2 * c]);
  const skip = tf.randomNormal(shape);
  const cases: Record<string, () => tf.Tensor | tf.Tensor[]> = {
    'instance norm fwd': () => instanceNormComposite(x as tf.Tensor4D),
    'instance norm fwd+bwd': () => backward((t) => instanceNormComposite(t as tf.Tensor4D), x, w),
    'fused inst. norm fwd': () => instanceNorm(x as tf.Tensor4D),
    'fused inst. norm fwd+bwd': () => backward((t) => instanceNorm(t as tf.Tensor4D), x, w),
    'concat fwd+bwd': () => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.concat([a, b], 3))([x, skip], catW),
    'reflect pad 3 fwd+bwd': () => backward((t) => reflectPad(t as tf.Tensor4D, 3), x, padW),
    'conv 3×3 fwd+bwd': () =>
      tf.grads((a: tf.Tensor, k: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, k as tf.Tensor4D, 1, 'same'))(
        [x, filter],
        w,
      ),
  };
  console.log(`\n[${shape.join(',')}]`);
  for (const [name, f] of Object.entries(cases)) {
    const line = `  ${name.padEnd(24)} ${time(f, reps).toFixed(2).padStart(8)}`;
    console.log(values.profile ? `${line}   ${await byKernel(f)}` : line);
  }
  tf.dispose([x, w, filter, padW, catW, skip]);
}
