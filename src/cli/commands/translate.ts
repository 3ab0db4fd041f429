/**
 * `gankit translate`: applies a trained translator to a user's images — a pix2pix or CycleGAN generator
 * (one direction), or a StarGAN v2 model into a named target domain under a style drawn from its
 * mapping network (`--seed`) or taken from a reference image (`--reference`).
 */
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describeBackend, initBackend, type BackendName } from '../../backend/index.js';
import type { GanConfig } from '../../config/types.js';
import { gatherScaled, imageSize } from '../../data/dataset.js';
import { loadImageFiles } from '../../data/image-folder.js';
import { loadImagesForTranslation } from '../../data/translation/inputs.js';
import { type Direction, isDomainFamily } from '../../models/translation-families.js';
import type { ImageShape } from '../../models/types.js';
import { imagePng } from '../../report/png.js';
import type { Checkpoint } from '../../train/checkpoint.js';
import { loadCheckpoint } from '../../train/checkpoint.js';
import {
  type DomainTranslator,
  latentStyles,
  referenceStyles,
  translateWithStyles,
} from '../../train/domain-translator.js';
import { RunDir } from '../../train/run-dir.js';
import { STREAMS } from '../../train/streams.js';
import type { TrainerState } from '../../train/trainer.js';
import { disposeDomainTranslator, loadDomainTranslator, loadTranslator } from '../../train/translator.js';
import { InputError, UsageError } from '../../util/errors.js';
import { writeFileAtomic } from '../../util/fs.js';
import { Rng } from '../../util/rng.js';
import { intFlag, parseFlags } from '../args.js';
import type { Command } from '../command.js';

const FLAGS = {
  run: { type: 'string' },
  input: { type: 'string' },
  out: { type: 'string' },
  direction: { type: 'string' },
  domain: { type: 'string' },
  reference: { type: 'string' },
  seed: { type: 'string' },
  step: { type: 'string' },
  backend: { type: 'string' },
} as const;

/** Images translated per forward pass (bounds activation memory at 64×64 and above). */
const BATCH = 16;

const usage = `usage: gankit translate --run DIR --input IMG|DIR --out DIR [--direction AtoB|BtoA] [--step N]
       gankit translate --run DIR --input IMG|DIR --out DIR --domain NAME [--reference IMG | --seed S]
                        [--step N] [--backend auto|native|wasm|cpu]

Translates one PNG/JPEG image or every image in a folder (not its sub-folders) with a run's translator
(its EMA weights when the run kept them), from the run's latest checkpoint or --step N. Inputs are
resized to the model's resolution and channels; each output is written to --out as a PNG of the input's
name (photo.jpg → photo.png).
  pix2pix / CycleGAN: --direction BtoA uses a CycleGAN's second generator.
  StarGAN v2:         --domain NAME is the target domain (one of the run's domains); the style is
                      taken from --reference IMG (an image of that domain at the model's resolution)
                      or drawn from the mapping network with seed --seed S (default 0; one style per
                      input).`;

type Translate = (x: Float32Array, first: number, count: number) => Float32Array;

const translate: Command = {
  summary: 'translate images with a trained pix2pix, CycleGAN or StarGAN v2 run',
  usage,
  async run(argv) {
    const { values: v, positionals } = parseFlags('translate', argv, FLAGS);
    if (positionals.length)
      throw new UsageError(
        `gankit translate: unexpected argument '${positionals[0]}'. ${usage.split('\n')[0]}`,
      );
    for (const flag of ['run', 'input', 'out'] as const)
      if (!v[flag]) throw new UsageError(`gankit translate: --${flag} is required. ${usage.split('\n')[0]}`);
    const run = new RunDir(path.resolve(v.run as string));
    const config = run.readConfig();
    const multiDomain = isDomainFamily(config.model.family);
    checkFlags(v, config.model.family, multiDomain);
    const step = intFlag('step', v.step, 0);
    const folder = run.checkpointFolder(step);
    const outDir = path.resolve(v.out as string);
    const input = path.resolve(v.input as string);
    // Everything that can fail on the user's input fails before anything is written.
    const ckpt = loadCheckpoint<TrainerState>(folder);
    const backend = await initBackend(((v.backend as string | undefined) ?? 'auto') as BackendName | 'auto');
    console.log(describeBackend(backend));
    const model = multiDomain
      ? domainModel(
          config,
          ckpt,
          v.domain as string,
          v.reference as string | undefined,
          intFlag('seed', v.seed, 0) ?? 0,
        )
      : directionModel(config, ckpt, ((v.direction as string | undefined) ?? 'AtoB') as Direction);
    try {
      const { names, images } = loadImagesForTranslation(input, model.from);
      const outNames = names.map((n) => `${path.parse(n).name}.png`);
      const clash = outNames.find((n, i) => outNames.indexOf(n) !== i);
      if (clash)
        throw new UsageError(
          `${input}: two inputs would both be written as ${clash} (same name, other extension); rename one`,
        );
      const size = imageSize(model.to);
      for (let start = 0; start < images.n; start += BATCH) {
        const idx = Array.from({ length: Math.min(BATCH, images.n - start) }, (_, i) => start + i);
        const values = model.translate(gatherScaled(images, idx, config.data.range), start, idx.length);
        idx.forEach((i, k) => {
          const png = imagePng(values.subarray(k * size, (k + 1) * size), model.to, config.data.range);
          writeFileAtomic(path.join(outDir, outNames[i]), png);
        });
      }
      console.log(`translated ${images.n} image${images.n === 1 ? '' : 's'} ${model.what} into ${outDir}`);
    } finally {
      model.dispose();
    }
    return 0;
  },
};

/** The flags of the other kind of run are usage errors, not silently ignored. */
function checkFlags(v: Record<string, unknown>, family: string, multiDomain: boolean): void {
  if (multiDomain) {
    if (v.direction !== undefined)
      throw new UsageError(`gankit translate: a ${family} run translates into a --domain, not a --direction`);
    if (v.domain === undefined)
      throw new UsageError(
        `gankit translate: --domain NAME (the target domain) is required for a ${family} run`,
      );
    if (v.reference !== undefined && v.seed !== undefined)
      throw new UsageError(
        'gankit translate: pass --reference IMG or --seed S, not both (the style comes from one)',
      );
    return;
  }
  const extra = ['domain', 'reference', 'seed'].find((f) => v[f] !== undefined);
  if (extra)
    throw new UsageError(
      `gankit translate: --${extra} applies to multi-domain (stargan-v2) runs; this is a ${family} run`,
    );
  const direction = v.direction ?? 'AtoB';
  if (direction !== 'AtoB' && direction !== 'BtoA')
    throw new UsageError(`gankit translate: --direction must be AtoB or BtoA, got '${direction}'`);
}

interface LoadedModel {
  from: ImageShape;
  to: ImageShape;
  /** For the final message: `AtoB`, `into domain 'x' (seed 0)`. */
  what: string;
  translate: Translate;
  dispose(): void;
}

function directionModel(
  config: GanConfig,
  ckpt: Checkpoint<TrainerState>,
  direction: Direction,
): LoadedModel {
  const t = loadTranslator(config, ckpt, direction);
  return {
    from: t.from,
    to: t.to,
    what: direction,
    translate: (x, _first, count) => {
      const out = tf.tidy(() => t.model.predict(tf.tensor4d(x, [count, ...t.from])) as tf.Tensor);
      const values = out.dataSync() as Float32Array;
      out.dispose();
      return values;
    },
    dispose: () => t.model.dispose(),
  };
}

function domainModel(
  config: GanConfig,
  ckpt: Checkpoint<TrainerState>,
  domain: string,
  reference: string | undefined,
  seed: number,
): LoadedModel {
  const t = loadDomainTranslator(config, ckpt);
  try {
    const k = t.domains.indexOf(domain);
    if (k < 0)
      throw new UsageError(
        `gankit translate: unknown domain '${domain}'; this run's domains are ${t.domains.map((d) => `'${d}'`).join(', ')}`,
      );
    const ref = reference ? loadReference(path.resolve(reference), t, config) : undefined;
    const rng = new Rng(seed, STREAMS.sampleCommand);
    const refStyle = ref ? referenceStyles(t, ref, Int32Array.of(k)) : undefined;
    return {
      from: t.shape,
      to: t.shape,
      what: `into domain '${domain}' (${ref ? `style of ${reference}` : `seed ${seed}`})`,
      translate: (x, _first, count) => {
        const styles = refStyle
          ? (tf.tile(refStyle, [count, 1]) as tf.Tensor2D)
          : latentStyles(t, rng.normal(count * t.latentDim), new Int32Array(count).fill(k));
        const out = translateWithStyles(t, x, styles);
        styles.dispose();
        return out;
      },
      dispose: () => {
        refStyle?.dispose();
        disposeDomainTranslator(t);
      },
    };
  } catch (err) {
    disposeDomainTranslator(t);
    throw err;
  }
}

/**
 * A reference image as the style encoder's input. It must have the model's resolution: resizing would
 * change the very statistics (texture, colour) the style is read from.
 */
function loadReference(file: string, t: DomainTranslator, config: GanConfig): Float32Array {
  const [h, w] = t.shape;
  const ds = loadImageFiles(`reference:${file}`, [file], t.shape, (img) => {
    if (img.width !== w || img.height !== h)
      throw new InputError(
        file,
        `is ${img.width}×${img.height} but this run's model takes ${w}×${h} references`,
        `Pass an image of the target domain at ${w}×${h} (e.g. one of its training images)`,
      );
  });
  return gatherScaled(ds, [0], config.data.range);
}

export default translate;
