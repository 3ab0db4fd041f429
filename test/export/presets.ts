/**
 * Export folders of the generator of every noise-fed preset (freshly initialised: the weights do not
 * matter for the equality checks, the layers do — except what fresh weights leave neutral, which
 * {@link perturb} moves), with gankit's own outputs for a fixed latent batch, for the Node (plain tfjs)
 * and in-page checks of test/export and test/browser.
 */
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { presetNames } from '../../src/config/presets.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { plainLayersModel } from '../../src/export/fold.js';
import { type ExportInfo, writeExport } from '../../src/export/run.js';
import { growingLayer } from '../../src/models/progan/index.js';
import { buildNetworks, isNoiseFamily } from '../../src/models/registry.js';
import { styleParts } from '../../src/models/stylegan/generator.js';
import { sampleStyled } from '../../src/models/stylegan/sampling.js';
import type { GanNetworks } from '../../src/models/types.js';
import { NoiseInjection } from '../../src/nn/noise-injection.js';
import { findLayers } from '../../src/nn/seeded.js';
import { Rng } from '../../src/util/rng.js';
import type { PlainJob } from './plain-tfjs.js';

/**
 * gankit's own inference output for `job` (what `gankit sample` computes; for StyleGAN with the fixed
 * noise images and the job's ψ, as `gankit sample --fixed-noise --truncation ψ`).
 */
export function gankitOutput(model: tfl.LayersModel, job: PlainJob): Float32Array {
  return tf.tidy(() => {
    const z = tf.tensor2d(job.z, [job.n, job.z.length / job.n]);
    const parts = styleParts(model);
    if (parts)
      return sampleStyled(parts, z, { psi: job.psi, randomizeNoise: false }).dataSync() as Float32Array;
    const inputs: tf.Tensor[] = [z];
    if (job.labels) inputs.push(tf.oneHot(tf.tensor1d(job.labels, 'int32'), job.numClasses!));
    return (model.apply(inputs, { training: false }) as tf.Tensor).dataSync() as Float32Array;
  });
}

/** A gankit.json for a test export. */
export function testInfo(latentDim: number, shape: ExportInfo['imageShape'] = [1, 1, 1]): ExportInfo {
  return {
    format: 'gankit-export',
    version: 1,
    preset: 'test',
    description: 'test',
    step: 0,
    ema: false,
    latentDim,
    pixelRange: '-1,1',
    imageShape: shape,
  };
}

export interface PresetExport {
  preset: string;
  /** The export folder (dir/<preset>) and the latent batch to feed it. */
  job: PlainJob;
  /** gankit's output for that batch. */
  expected: Float32Array;
}

/** The truncation ψ the StyleGAN exports are checked at (its second input). */
const PSI = 0.7;

/**
 * Sets what fresh weights leave neutral, so that an export that dropped it would show: ProGAN mid-fade
 * into its final level (both toRGB paths, α = 0.3), StyleGAN's noise strengths and tracked mean w̄
 * (zeros at first) to seeded random values.
 */
function perturb(nets: GanNetworks, family: string): void {
  const rng = new Rng(11, 0);
  if (family === 'progan') {
    const g = growingLayer(nets.generator);
    g.setGrowth({ level: g.finalLevel, alpha: 0.3 });
  }
  const parts = styleParts(nets.generator);
  if (!parts) return;
  tf.tidy(() => {
    for (const layer of findLayers(nets.generator, (l): l is NoiseInjection => l instanceof NoiseInjection)) {
      const { scale } = layer.fixedNoise();
      (scale as tf.Variable).assign(tf.tensor1d(rng.normal(scale.size)));
    }
    const w = parts.broadcast.wAverage;
    w.assign(tf.tensor1d(rng.normal(w.size)));
  });
}

/** Exports every noise-fed preset's generator into `dir/<preset>`; needs an initialised backend. */
export async function exportPresetGenerators(dir: string): Promise<PresetExport[]> {
  const out: PresetExport[] = [];
  for (const preset of presetNames()) {
    const config = resolveConfig({ preset });
    if (!isNoiseFamily(config.model.family)) continue;
    const conditional = Boolean(config.model.conditional || config.model.auxClassifier);
    const nets = buildNetworks(config.model, {
      imageShape: config.data.shape,
      numClasses: conditional ? 10 : undefined,
      seed: 7,
    });
    nets.discriminator.dispose();
    perturb(nets, config.model.family);
    const n = 2;
    const job: PlainJob = {
      dir: path.join(dir, preset),
      n,
      z: Array.from(new Rng(1, 0).normal(n * nets.latentDim)),
      ...(conditional ? { labels: [3, 8], numClasses: 10 } : {}),
      ...(styleParts(nets.generator) ? { psi: PSI } : {}),
    };
    const info = { ...testInfo(nets.latentDim, config.data.shape), preset, numClasses: job.numClasses };
    writeExport(job.dir, await plainLayersModel(nets.generator), info);
    out.push({ preset, job, expected: gankitOutput(nets.generator, job) });
    nets.generator.dispose();
  }
  return out;
}
