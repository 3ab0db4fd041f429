/**
 * The latent space the tools work in. Every noise-fed generator has z; a StyleGAN run also has W, the
 * mapping network's output, where Karras et al. 2019 interpolate (linearly), truncate (towards the mean
 * w̄) and measure path length, and W+, one w per synthesis layer (L·D numbers), the usual space of
 * per-layer inversion (Abdal et al. 2019). A handle on W or W+ renders codes through the synthesis
 * network alone (src/models/stylegan/spaces.ts) and reaches its space from z through the mapping
 * network (`fromZ`), so "sample 17 of seed S" is the same image in every space; it also carries where
 * W's codes lie (`shell`: their mean and mean squared distance from it, over 1,024 mapped z), which an
 * inversion's prior keeps the optimised code near.
 *
 * Noise: on a StyleGAN run the handle puts the synthesis network's noise inputs in fixed mode (the
 * stored noise images; `noise: 'fixed'`, the default), so that one code always gives one image — what
 * an interpolation's smoothness, an arithmetic mean and an inversion's loss assume. `noise: 'random'`
 * draws fresh noise per image, as `gankit sample` and `gankit eval` do. The mode is set on the shared
 * synthesis network, so it holds for the base generator too.
 */
import * as tf from '@tensorflow/tfjs-core';
import { styleParts } from '../models/stylegan/generator.js';
import { mapLatents, synthesisFrom } from '../models/stylegan/spaces.js';
import { setNoiseMode } from '../nn/noise-injection.js';
import { STREAMS } from '../train/streams.js';
import { UsageError } from '../util/errors.js';
import { Rng } from '../util/rng.js';
import type { GeneratorHandle } from './render.js';
import { drawLatents, truncateTowardsMean } from './sampling.js';

/** The spaces: z (every generator), w and w+ (style-based generators). */
export const SPACES = ['z', 'w', 'w+'] as const;
export type SpaceName = (typeof SPACES)[number];

/** Options of {@link latentSpace}. */
export interface SpaceOptions {
  /** Truncation ψ in [0, 1] of the codes reached from z: w̄ + ψ(w − w̄) (W and W+ only; default 1). */
  psi?: number;
  /** Fixed noise images (default) or fresh noise per image (StyleGAN runs). */
  noise?: 'fixed' | 'random';
}

/**
 * A generator handle on one of its latent spaces. It owns no weights of its own (its synthesis model
 * shares the base generator's), so disposing the base generator frees it too.
 */
export interface SpaceHandle extends GeneratorHandle {
  space: SpaceName;
}

/** z draws that locate W: enough for its mean and spread to a few per cent. */
const SHELL_SAMPLES = 1024;

/** The space the tools use when none is asked for: W on a StyleGAN run (the paper's choice), else z. */
export function defaultSpace(family: string): SpaceName {
  return family === 'stylegan' ? 'w' : 'z';
}

/** Reads a `--space` value, checked against the run's family. */
export function parseSpace(value: string, family: string): SpaceName {
  if (!(SPACES as readonly string[]).includes(value))
    throw new UsageError(`--space must be one of ${SPACES.join(', ')}, got '${value}'`);
  if (value !== 'z' && family !== 'stylegan')
    throw new UsageError(
      `--space ${value} needs a StyleGAN run (the output of its mapping network); this is a ${family} run, whose only latent space is z`,
    );
  return value as SpaceName;
}

/**
 * `base` (a run's generator, z → image) on `space`. z returns a handle on the base model itself; W and
 * W+ need a StyleGAN generator.
 */
export function latentSpace(
  base: GeneratorHandle,
  space: SpaceName,
  options: SpaceOptions = {},
): SpaceHandle {
  const parts = styleParts(base.model);
  const psi = options.psi ?? 1;
  if (parts) setNoiseMode(parts.synthesis, options.noise === 'random');
  if (space === 'z') {
    if (psi !== 1) throw new UsageError('truncation ψ applies in w (a StyleGAN run), not in z');
    // Not a spread: a sampler's fields may be getters (the objectives' EMA generator).
    const { model, latentDim, numClasses, fromZ, shell } = base;
    return { model, latentDim, numClasses, fromZ, shell, space };
  }
  if (!parts)
    throw new UsageError(`the latent space ${space} needs a StyleGAN generator (its mapping network)`);
  const mean = parts.broadcast.wAverage.dataSync() as Float32Array;
  const layers = space === 'w+' ? parts.numLayers : 1;
  const mapped = (z: Float32Array): Float32Array =>
    tf.tidy(() =>
      mapLatents(parts, tf.tensor2d(z, [z.length / base.latentDim, base.latentDim])).dataSync(),
    ) as Float32Array;
  const shell = wShell(
    mapped(drawLatents(new Rng(0, STREAMS.latentSpace), SHELL_SAMPLES, base.latentDim)),
    mean.length,
  );
  return {
    model: synthesisFrom(parts, space),
    latentDim: layers * mean.length,
    fromZ: {
      zDim: base.latentDim,
      codes: (z) =>
        perLayer(psi === 1 ? mapped(z) : truncateTowardsMean(mapped(z), mean, psi), mean.length, layers),
    },
    shell,
    space,
  };
}

/** The mean of rows `w` ([n, d]) and their mean squared distance from it. */
function wShell(w: Float32Array, d: number): { centre: Float32Array; radius2: number } {
  const n = w.length / d;
  const centre = new Float32Array(d);
  for (let i = 0; i < w.length; i++) centre[i % d] += w[i] / n;
  let s = 0;
  for (let i = 0; i < w.length; i++) s += (w[i] - centre[i % d]) ** 2;
  return { centre, radius2: s / n };
}

/** Each row of `w` ([n, d]) repeated `layers` times along the row: W → W+ (unchanged for 1). */
function perLayer(w: Float32Array, d: number, layers: number): Float32Array {
  if (layers === 1) return w;
  const n = w.length / d;
  const out = new Float32Array(n * layers * d);
  for (let i = 0; i < n; i++)
    for (let l = 0; l < layers; l++) out.set(w.subarray(i * d, (i + 1) * d), (i * layers + l) * d);
  return out;
}
