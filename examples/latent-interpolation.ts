/**
 * Walks between two samples of a trained run, straight and on the great circle, as a PNG strip and
 * an animated GIF (CLI: `gankit interpolate --run DIR --from 1 --to 2 --slerp --out walk.gif`). On a
 * StyleGAN run (`--stylegan`, or `--run` of one) it walks slerp in z against lerp in W (the paper's
 * pair; CLI: `gankit interpolate --run DIR --from 1 --to 2 --space w`) and measures how smoothly each
 * changes the image: the perceptual path length (Karras et al. 2019, in the classifier's features and
 * in pixels) and the unevenness (std/mean) of the RMS pixel change between consecutive frames.
 *   npm run example -- latent-interpolation [--run DIR | --steps N] [--stylegan] [--out DIR]
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  encodeGif,
  type GeneratorHandle,
  imageGrid,
  imageGridPng,
  interpolationPath,
  latentSpace,
  loadFeatureNet,
  norm,
  perceptualPathLength,
  renderLatents,
  sampleCodes,
  stepDistances,
} from '../src/index.js';
import { exampleArgs, startBackend } from './lib/cli.js';
import { exampleGenerator, LATENT_FLAGS } from './lib/latent-run.js';

const flags = exampleArgs(
  'latent-interpolation [--run DIR | --steps N] [--stylegan] [--out DIR]',
  LATENT_FLAGS,
);
await startBackend();
const { config, g: base } = exampleGenerator(flags);
const outDir =
  flags.smoke || !flags.out ? mkdtempSync(path.join(os.tmpdir(), 'gankit-interpolation-')) : flags.out;
mkdirSync(outDir, { recursive: true });
const style = config.model.family === 'stylegan';
// The walks: lerp and slerp in z; on a StyleGAN run slerp in z against lerp in W.
const walks: { name: string; g: GeneratorHandle; spherical: boolean }[] = style
  ? [
      { name: 'z-slerp', g: latentSpace(base, 'z'), spherical: true },
      { name: 'w-lerp', g: latentSpace(base, 'w'), spherical: false },
    ]
  : [
      { name: 'lerp', g: base, spherical: false },
      { name: 'slerp', g: base, spherical: true },
    ];
const featureNet = style ? await loadFeatureNet(config) : undefined;
for (const { name, g, spherical } of walks) {
  const keys = [sampleCodes(g, 1, 1), sampleCodes(g, 2, 1)];
  const frames = interpolationPath(keys, 10, spherical);
  const z = new Float32Array(frames.length * g.latentDim);
  frames.forEach((f, i) => z.set(f, i * g.latentDim));
  const { data, shape } = renderLatents(g, z);
  if (style) {
    // Path length over 256 random pairs (the same z pairs in both spaces), and this strip's evenness.
    const pairs = flags.smoke ? 16 : 256;
    const pixels = perceptualPathLength(g, { pairs });
    const features = featureNet ? perceptualPathLength(g, { pairs, features: featureNet }) : undefined;
    const strip = stepDistances(data, frames.length);
    console.log(
      `${name}: path length ${pixels.mean.toFixed(2)} in pixels (median ${pixels.median.toFixed(2)})` +
        (features ? `, ${features.mean.toFixed(2)} in classifier features` : '') +
        `; strip: RMS change ${strip.mean.toFixed(4)} per step, unevenness ${strip.cv.toFixed(3)}`,
    );
  } else {
    // The midpoint's norm: linear paths dip into the Gaussian's low-density interior, slerp does not.
    console.log(
      `${name.padEnd(5)}: norm at the endpoints ${norm(keys[0]).toFixed(2)}, ${norm(keys[1]).toFixed(2)}; midway ${norm(frames[5]).toFixed(2)}`,
    );
  }
  writeFileSync(
    path.join(outDir, `${name}.png`),
    imageGridPng(data, frames.length, shape, config.data.range, frames.length),
  );
  const size = shape[0] * shape[1] * shape[2];
  const canvases = frames.map((_, i) =>
    imageGrid(data.subarray(i * size, (i + 1) * size), 1, shape, config.data.range),
  );
  writeFileSync(path.join(outDir, `${name}.gif`), encodeGif(canvases, 120));
}
featureNet?.dispose();
console.log(`wrote ${walks.map((w) => w.name).join('/')} .png and .gif to ${path.resolve(outDir)}`);
