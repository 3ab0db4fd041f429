/** `gankit translate`: applies a trained pix2pix or CycleGAN generator to a user's images. */
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describeBackend, initBackend, type BackendName } from '../../backend/index.js';
import { gatherScaled, imageSize } from '../../data/dataset.js';
import { loadImagesForTranslation } from '../../data/translation/inputs.js';
import type { Direction } from '../../models/translation-families.js';
import { imagePng } from '../../report/png.js';
import { loadCheckpoint } from '../../train/checkpoint.js';
import { RunDir } from '../../train/run-dir.js';
import type { TrainerState } from '../../train/trainer.js';
import { loadTranslator } from '../../train/translator.js';
import { UsageError } from '../../util/errors.js';
import { writeFileAtomic } from '../../util/fs.js';
import { intFlag, parseFlags } from '../args.js';
import type { Command } from '../command.js';

const FLAGS = {
  run: { type: 'string' },
  input: { type: 'string' },
  out: { type: 'string' },
  direction: { type: 'string' },
  step: { type: 'string' },
  backend: { type: 'string' },
} as const;

/** Images translated per forward pass (bounds activation memory at 64×64 and above). */
const BATCH = 16;

const usage = `usage: gankit translate --run DIR --input IMG|DIR --out DIR [--direction AtoB|BtoA] [--step N]
                        [--backend auto|native|wasm|cpu]

Translates one PNG/JPEG image or every image in a folder (not its sub-folders) with the generator of a
pix2pix or CycleGAN run (its EMA weights when the run kept them), from the run's latest checkpoint or
--step N. Inputs are resized to the model's resolution and channels; each output is written to --out as
a PNG of the input's name (photo.jpg → photo.png). --direction BtoA uses a CycleGAN's second generator.`;

const translate: Command = {
  summary: 'translate images with a trained pix2pix or CycleGAN run',
  usage,
  async run(argv) {
    const { values: v, positionals } = parseFlags('translate', argv, FLAGS);
    if (positionals.length)
      throw new UsageError(
        `gankit translate: unexpected argument '${positionals[0]}'. ${usage.split('\n')[0]}`,
      );
    for (const flag of ['run', 'input', 'out'] as const)
      if (!v[flag]) throw new UsageError(`gankit translate: --${flag} is required. ${usage.split('\n')[0]}`);
    const direction = (v.direction as string | undefined) ?? 'AtoB';
    if (direction !== 'AtoB' && direction !== 'BtoA')
      throw new UsageError(`gankit translate: --direction must be AtoB or BtoA, got '${direction}'`);
    const run = new RunDir(path.resolve(v.run as string));
    const config = run.readConfig();
    const step = intFlag('step', v.step, 0);
    const folder = run.checkpointFolder(step);
    const outDir = path.resolve(v.out as string);
    const input = path.resolve(v.input as string);
    // Everything that can fail on the user's input fails before anything is written.
    const ckpt = loadCheckpoint<TrainerState>(folder);
    const backend = await initBackend(((v.backend as string | undefined) ?? 'auto') as BackendName | 'auto');
    console.log(describeBackend(backend));
    const t = loadTranslator(config, ckpt, direction as Direction);
    const { names, images } = loadImagesForTranslation(input, t.from);
    const outNames = names.map((n) => `${path.parse(n).name}.png`);
    const clash = outNames.find((n, i) => outNames.indexOf(n) !== i);
    if (clash)
      throw new UsageError(
        `${input}: two inputs would both be written as ${clash} (same name, other extension); rename one`,
      );
    try {
      for (let start = 0; start < images.n; start += BATCH) {
        const idx = Array.from({ length: Math.min(BATCH, images.n - start) }, (_, i) => start + i);
        const x = gatherScaled(images, idx, config.data.range);
        const out = tf.tidy(() => t.model.predict(tf.tensor4d(x, [idx.length, ...t.from])) as tf.Tensor);
        const values = out.dataSync() as Float32Array;
        out.dispose();
        const size = imageSize(t.to);
        idx.forEach((i, k) => {
          const png = imagePng(values.subarray(k * size, (k + 1) * size), t.to, config.data.range);
          writeFileAtomic(path.join(outDir, outNames[i]), png);
        });
      }
    } finally {
      t.model.dispose();
    }
    console.log(`translated ${images.n} image${images.n === 1 ? '' : 's'} ${direction} into ${outDir}`);
    return 0;
  },
};

export default translate;
