/** `gankit export`: a run's generator as a plain tfjs LayersModel folder (src/export/run.ts). */
import path from 'node:path';
import { describeBackend, initBackend, type BackendName } from '../../backend/index.js';
import { exportRun } from '../../export/run.js';
import { UsageError } from '../../util/errors.js';
import { intFlag, parseFlags } from '../args.js';
import type { Command } from '../command.js';

const FLAGS = {
  run: { type: 'string' },
  out: { type: 'string' },
  step: { type: 'string' },
  backend: { type: 'string' },
} as const;

const exportCommand: Command = {
  summary: "write a run's generator as a tfjs LayersModel that plain @tensorflow/tfjs loads",
  usage: `usage: gankit export --run DIR --out DIR [--step N] [--backend …]

Writes DIR/model.json + weights.bin (a tfjs LayersModel: load it with tf.loadLayersModel, no gankit code
needed) and gankit.json (latent size, classes, pixel range, image shape, preset, step) from the run's
latest checkpoint (or --step N). The generator's EMA weights are exported when the run kept them.
Spectral norm is baked into the kernels and seeded dropout becomes Keras Dropout; image-to-image runs
and layers without a standard tfjs equivalent cannot be exported (the message says which).`,
  async run(argv) {
    const { values: v } = parseFlags('export', argv, FLAGS);
    if (!v.run)
      throw new UsageError('gankit export: --run DIR is required (a folder written by gankit train)');
    if (!v.out)
      throw new UsageError('gankit export: --out DIR is required (the folder to write model.json into)');
    const backend = await initBackend(((v.backend as string | undefined) ?? 'auto') as BackendName | 'auto');
    console.log(describeBackend(backend));
    const out = path.resolve(v.out as string);
    const info = await exportRun(path.resolve(v.run as string), out, intFlag('step', v.step, 0));
    const classes = info.numClasses ? `, ${info.numClasses} classes` : '';
    console.log(
      `exported ${info.preset} step ${info.step}${info.ema ? ' (EMA weights)' : ''}: z ${info.latentDim}${classes} → [${info.imageShape}] in ${info.pixelRange}`,
    );
    console.log(`model: ${path.join(out, 'model.json')}`);
    return 0;
  },
};

export default exportCommand;
