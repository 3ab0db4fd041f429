/**
 * Walks between two samples of a trained run, straight and on the great circle, as a PNG strip and
 * an animated GIF (CLI: `gankit interpolate --run DIR --from 1 --to 2 --slerp --out walk.gif`).
 *   npm run example -- latent-interpolation [--run DIR | --steps N] [--out DIR]
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  encodeGif,
  imageGrid,
  imageGridPng,
  interpolationPath,
  norm,
  renderLatents,
  sampleLatents,
} from '../src/index.js';
import { exampleArgs, startBackend } from './lib/cli.js';
import { exampleGenerator, LATENT_FLAGS } from './lib/latent-run.js';

const flags = exampleArgs('latent-interpolation [--run DIR | --steps N] [--out DIR]', LATENT_FLAGS);
await startBackend();
const { config, g } = exampleGenerator(flags);
const outDir =
  flags.smoke || !flags.out ? mkdtempSync(path.join(os.tmpdir(), 'gankit-interpolation-')) : flags.out;
mkdirSync(outDir, { recursive: true });
const keys = [sampleLatents(1, 1, g.latentDim), sampleLatents(2, 1, g.latentDim)];
for (const spherical of [false, true]) {
  const frames = interpolationPath(keys, 10, spherical);
  // The midpoint's norm: linear paths dip into the Gaussian's low-density interior, slerp does not.
  console.log(
    `${spherical ? 'slerp' : 'lerp '}: norm at the endpoints ${norm(keys[0]).toFixed(2)}, ${norm(keys[1]).toFixed(2)}; midway ${norm(frames[5]).toFixed(2)}`,
  );
  const z = new Float32Array(frames.length * g.latentDim);
  frames.forEach((f, i) => z.set(f, i * g.latentDim));
  const { data, shape } = renderLatents(g, z);
  const name = spherical ? 'slerp' : 'lerp';
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
console.log(`wrote lerp/slerp .png and .gif to ${path.resolve(outDir)}`);
