/**
 * Export folders of the generator of every noise-fed preset (freshly initialised: the weights do not
 * matter for the equality checks, the layers do), with gankit's own outputs for a fixed latent batch,
 * for the Node (plain tfjs) and in-page checks of test/export and test/browser.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { presetNames } from '../../src/config/presets.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { plainLayersModel } from '../../src/export/fold.js';
import { type ExportInfo, writeExport } from '../../src/export/run.js';
import { buildNetworks, isNoiseFamily } from '../../src/models/registry.js';
import { Rng } from '../../src/util/rng.js';
import type { PlainJob } from './plain-tfjs.js';

/** gankit's own inference output for `job` (what `gankit sample` computes). */
export function gankitOutput(model: tfl.LayersModel, job: PlainJob): Float32Array {
  return tf.tidy(() => {
    const inputs: tf.Tensor[] = [tf.tensor2d(job.z, [job.n, job.z.length / job.n])];
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

/**
 * Noise-fed families whose generators have layers without a folding rule yet (equalised learning rate,
 * pixel norm, AdaIN, noise inputs, the growth state): their export must be refused, naming the layer.
 */
const NOT_EXPORTABLE = new Set(['progan', 'stylegan']);

/**
 * Exports every exportable noise-fed preset's generator into `dir/<preset>` (and checks that the
 * others are refused with a message naming the layer); needs an initialised backend.
 */
export async function exportPresetGenerators(dir: string): Promise<PresetExport[]> {
  const out: PresetExport[] = [];
  for (const preset of presetNames()) {
    const config = resolveConfig({ preset });
    if (!isNoiseFamily(config.model.family)) continue;
    if (NOT_EXPORTABLE.has(config.model.family)) {
      const nets = buildNetworks(config.model, { imageShape: config.data.shape, seed: 7 });
      await assert.rejects(plainLayersModel(nets.generator), /cannot export layer '.+' \(\w+\)/);
      nets.generator.dispose();
      nets.discriminator.dispose();
      continue;
    }
    const conditional = Boolean(config.model.conditional || config.model.auxClassifier);
    const nets = buildNetworks(config.model, {
      imageShape: config.data.shape,
      numClasses: conditional ? 10 : undefined,
      seed: 7,
    });
    nets.discriminator.dispose();
    const n = 2;
    const job: PlainJob = {
      dir: path.join(dir, preset),
      n,
      z: Array.from(new Rng(1, 0).normal(n * nets.latentDim)),
      ...(conditional ? { labels: [3, 8], numClasses: 10 } : {}),
    };
    const info = { ...testInfo(nets.latentDim, config.data.shape), preset, numClasses: job.numClasses };
    writeExport(job.dir, await plainLayersModel(nets.generator), info);
    out.push({ preset, job, expected: gankitOutput(nets.generator, job) });
    nets.generator.dispose();
  }
  return out;
}
