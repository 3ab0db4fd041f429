/**
 * `gankit export`: a run's generator (its EMA copy when the run kept one) as a folder that a web page
 * or any tfjs program loads with `tf.loadLayersModel('…/model.json')` and no gankit code:
 *   model.json   tfjs LayersModel topology (gankit layers folded: src/export/fold.ts) + weights manifest
 *   weights.bin  the weights, float32 little-endian
 *   gankit.json  what a caller needs to feed and read the model (see {@link ExportInfo})
 * Each file is written atomically, model.json after the weights it points to.
 */
import path from 'node:path';
import type { GanConfig } from '../config/types.js';
import { IDX_SOURCES } from '../data/idx-datasets.js';
import { styleParts } from '../models/stylegan/generator.js';
import { loadCheckpoint } from '../train/checkpoint.js';
import { loadGenerator } from '../train/generator.js';
import { RunDir } from '../train/run-dir.js';
import { emaGroup, type TrainerState } from '../train/trainer.js';
import { writeFileAtomic } from '../util/fs.js';
import { type PlainModel, plainLayersModel } from './fold.js';

/** The contents of `gankit.json`. */
export interface ExportInfo {
  format: 'gankit-export';
  version: 1;
  /** The run's preset / config name and description. */
  preset: string;
  description: string;
  /** Training step of the exported checkpoint. */
  step: number;
  /** Whether the weights are the generator's exponential moving average. */
  ema: boolean;
  /** z ∼ N(0, I) of this size is the first input. */
  latentDim: number;
  /** Conditional models: the second input is a one-hot label of this width. */
  numClasses?: number;
  /**
   * StyleGAN: the second input is the truncation ψ [N, 1] (w̄ + ψ(w − w̄) at every layer; 1: none), and
   * the noise inputs are the layers' fixed noise images (`gankit sample --fixed-noise`).
   */
  psiInput?: boolean;
  classNames?: string[];
  /** Output pixels lie in this range (`-1,1` or `0,1`), NHWC. */
  pixelRange: GanConfig['data']['range'];
  imageShape: GanConfig['data']['shape'];
  /** Toy runs: the distribution's name (the output is a point, not an image). */
  toy?: string;
}

/** Class names of a conditional model: the dataset's own for MNIST / Fashion-MNIST, else the indices. */
function classNamesOf(config: GanConfig, numClasses: number): string[] {
  const { dataset } = config.data;
  const known = dataset === 'mnist' || dataset === 'fashion-mnist' ? IDX_SOURCES[dataset].classNames : [];
  return Array.from({ length: numClasses }, (_, i) => known[i] ?? String(i));
}

/**
 * Exports the generator of the run in `runDir` (latest checkpoint, or `step`) into `outDir`; returns
 * what was written into gankit.json. Needs an initialised backend.
 */
export async function exportRun(runDir: string, outDir: string, step?: number): Promise<ExportInfo> {
  const run = new RunDir(runDir);
  const config = run.readConfig();
  const ckpt = loadCheckpoint<TrainerState>(run.checkpointFolder(step));
  const g = loadGenerator(config, ckpt);
  try {
    const plain = await plainLayersModel(g.model);
    const info: ExportInfo = {
      format: 'gankit-export',
      version: 1,
      preset: config.name,
      description: config.description,
      step: ckpt.step,
      ema: emaGroup('generator') in ckpt.groups,
      latentDim: g.latentDim,
      ...(g.numClasses ? { numClasses: g.numClasses, classNames: classNamesOf(config, g.numClasses) } : {}),
      ...(styleParts(g.model) ? { psiInput: true } : {}),
      pixelRange: config.data.range,
      imageShape: config.data.shape,
      ...(config.data.toy ? { toy: config.data.toy.name } : {}),
    };
    writeExport(outDir, plain, info);
    return info;
  } finally {
    g.model.dispose();
  }
}

/** Writes an export folder: weights.bin, then model.json (which points to it), then gankit.json. */
export function writeExport(outDir: string, plain: PlainModel, info: ExportInfo): void {
  const modelJson = {
    format: 'layers-model',
    generatedBy: 'gankit export',
    convertedBy: null,
    modelTopology: plain.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: plain.weightSpecs }],
  };
  writeFileAtomic(path.join(outDir, 'weights.bin'), new Uint8Array(plain.weightData));
  writeFileAtomic(path.join(outDir, 'model.json'), `${JSON.stringify(modelJson)}\n`);
  writeFileAtomic(path.join(outDir, 'gankit.json'), `${JSON.stringify(info, null, 1)}\n`);
}
