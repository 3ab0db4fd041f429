/**
 * Seed 003's Proposition 1: for a fixed generator the best discriminator is D*(x) = p_data(x) /
 * (p_data(x) + p_g(x)). On a 1-D toy both densities are known: p_data = N(4, 1.25²) (`toy-gaussian`'s
 * world) and a generator frozen at G(z) = z + 2, so p_g = N(2, 1). An MLP discriminator (1-64-64-1,
 * LeakyReLU) is trained with gankit's non-saturating D loss on samples of both, then compared with D* on a
 * grid: the mean |D − D*| weighted by where the samples are, and the largest gap where either density is
 * above 1 % of its peak. The picture shows p_data (grey) and p_g (blue) scaled to the top, D* (black) and the
 * trained D (red), x from −2 to 9.
 *   npm run example -- optimal-discriminator [--steps N] [--out F.png] [--smoke]
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { makeLoss, makeToy, Rng } from '../src/index.js';
import type { Density1D, ToyDistribution } from '../src/data/toy/types.js';
import { writeFileAtomic } from '../src/util/fs.js';
import { exampleArgs, intArg, secondsSince, startBackend } from './lib/cli.js';
import { dense } from './lib/mlp.js';
import { linePlotPng } from './lib/plot.js';

const args = exampleArgs('optimal-discriminator [--steps N] [--out F.png] [--smoke]', {
  steps: { type: 'string' },
});
const steps = intArg('steps', args.steps, args.smoke ? 20 : 3000);
await startBackend();
type Density = ToyDistribution & Density1D;
const pData = makeToy('gaussian-1d', { mean: 4, std: 1.25 }) as Density;
const pG = makeToy('gaussian-1d', { mean: 2, std: 1 }) as Density; // the frozen generator's law
const dStar = (x: number) => pData.pdf(x) / (pData.pdf(x) + pG.pdf(x));

const d = tfl.sequential({
  layers: [
    dense(64, 1, { inputShape: [1] }),
    tfl.layers.leakyReLU({ alpha: 0.2 }),
    dense(64, 2),
    tfl.layers.leakyReLU({ alpha: 0.2 }),
    dense(1, 3),
  ],
});
const loss = makeLoss('non-saturating');
const opt = tf.train.adam(1e-3, 0.5);
const rng = new Rng(5, 0);
const batch = 256;
const t0 = performance.now();
for (let step = 1; step <= steps; step++) {
  const real = tf.tensor2d(pData.sample(batch, rng).data, [batch, 1]);
  const fake = tf.tensor2d(pG.sample(batch, rng).data, [batch, 1]);
  const cost = opt.minimize(
    () => loss.discriminator(d.apply(real) as tf.Tensor, d.apply(fake) as tf.Tensor),
    true,
  );
  if (step % Math.max(1, Math.floor(steps / 5)) === 0)
    console.log(`step ${step}: D loss ${cost!.dataSync()[0].toFixed(4)}, ${secondsSince(t0)} s`);
  tf.dispose([real, fake, cost!]);
}

const xs = Float32Array.from({ length: 441 }, (_, i) => -2 + (11 * i) / 440);
const dx = tf.tidy(() => tf.sigmoid(d.predict(tf.tensor2d(xs, [xs.length, 1])) as tf.Tensor).dataSync());
const star = Array.from(xs, dStar);
const peakData = pData.pdf(4);
const peakG = pG.pdf(2);
let weighted = 0;
let mass = 0;
let worst = 0;
xs.forEach((x, i) => {
  const w = pData.pdf(x) + pG.pdf(x);
  weighted += w * Math.abs(dx[i] - star[i]);
  mass += w;
  if (pData.pdf(x) > 0.01 * peakData || pG.pdf(x) > 0.01 * peakG)
    worst = Math.max(worst, Math.abs(dx[i] - star[i]));
});
// An untrained (constant ½) discriminator, for scale.
const halfWeighted =
  xs.reduce((s, x, i) => s + (pData.pdf(x) + pG.pdf(x)) * Math.abs(0.5 - star[i]), 0) / mass;
console.log(
  `trained D vs D* = p_data/(p_data + p_g): mean |D − D*| ${(weighted / mass).toFixed(4)} (a constant D = ½ scores ${halfWeighted.toFixed(4)}), largest gap where the data are ${worst.toFixed(4)}`,
);
for (const x of [1, 2, 3, 4, 5, 6]) {
  const i = Math.round(((x + 2) / 11) * 440);
  console.log(`x = ${x}: D* ${star[i].toFixed(3)}, trained D ${dx[i].toFixed(3)}`);
}
const out = args.out ?? 'optimal-discriminator.png';
const scaled = (p: Density, peak: number) => Array.from(xs, (x) => p.pdf(x) / peak);
writeFileAtomic(
  out,
  linePlotPng(
    [
      { ys: scaled(pData, peakData), rgb: [170, 170, 170] },
      { ys: scaled(pG, peakG), rgb: [60, 110, 220] },
      { ys: star, rgb: [0, 0, 0] },
      { ys: dx, rgb: [220, 40, 40] },
    ],
    -0.05,
    1.05,
  ),
);
console.log(`plot: ${out}`);
