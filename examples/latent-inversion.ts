/**
 * Inverts held-out test images of a run's dataset three ways — an encoder alone, optimisation alone,
 * and the encoder's guess refined by optimisation — against the best of as many random latents. On a
 * StyleGAN run (`--stylegan`, or `--run` of one) these work in W, and optimisation alone is also run
 * in z and in W+ (one w per layer).
 * CLI: `gankit invert --run DIR --image test --out DIR [--method optimize|encoder|hybrid] [--space w+]`.
 *   npm run example -- latent-inversion [--run DIR | --steps N] [--stylegan] [--images 16]
 */
import {
  bestRandomMse,
  defaultSpace,
  invertImages,
  latentSpace,
  loadFeatureNet,
  loadTargets,
  reconstruct,
  type SpaceName,
  trainEncoder,
} from '../src/index.js';
import { exampleArgs, intArg, startBackend } from './lib/cli.js';
import { exampleGenerator, LATENT_FLAGS } from './lib/latent-run.js';

const flags = exampleArgs('latent-inversion [--run DIR | --steps N] [--stylegan] [--images 16]', {
  ...LATENT_FLAGS,
  images: { type: 'string' },
});
await startBackend();
const { config, g: base } = exampleGenerator(flags);
const space = defaultSpace(config.model.family);
const g = latentSpace(base, space);
const shape = config.data.shape as [number, number, number];
const targets = loadTargets(config, 'test', flags.smoke ? 2 : intArg('images', flags.images, 16));
// Optimisation and encoder budgets (tiny under --smoke).
const [steps, encoderSteps] = flags.smoke ? [5, 5] : [300, 1000];
const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
const time = <T>(f: () => T): [T, number] => {
  const t0 = performance.now();
  return [f(), (performance.now() - t0) / 1000];
};
const featureNet = await loadFeatureNet(config);
const [encoder, encSecs] = time(() => trainEncoder(g, shape, { steps: encoderSteps }));
const guess = encoder.encode(targets.data, targets.n);
const rows: [string, Float64Array, number][] = [];
rows.push([`encoder only (${space})`, reconstruct(g, guess, targets.data, targets.n).mse, encSecs]);
// Optimisation alone in the run's space, and on a StyleGAN run in the other two as well.
const others: SpaceName[] = space === 'w' ? ['z', 'w+'] : [];
for (const s of [space, ...others]) {
  const h = latentSpace(base, s);
  const [opt, optSecs] = time(() => invertImages(h, targets.data, targets.n, shape, { featureNet, steps }));
  rows.push([`optimisation (${s})`, opt.mse, optSecs]);
}
const [hyb, hybSecs] = time(() =>
  invertImages(g, targets.data, targets.n, shape, { featureNet, init: guess, steps }),
);
rows.push([`encoder + optimisation (${space})`, hyb.mse, encSecs + hybSecs]);
const random = bestRandomMse(g, targets.data, targets.n, 2048, undefined, 0);
console.log(
  `encoder latent MSE on fresh generated pairs: ${encoder.heldOutMse.toFixed(3)} (in z, guessing 0: 1)`,
);
console.log(`best of 2048 random latents: pixel MSE ${mean(random).toFixed(4)}`);
for (const [name, mse, secs] of rows) {
  console.log(
    `${name.padEnd(28)} pixel MSE ${mean(mse).toFixed(4)} (${(mean(random) / mean(mse)).toFixed(2)}× better), ${secs.toFixed(1)} s`,
  );
}
featureNet?.dispose();
