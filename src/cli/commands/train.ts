/** `gankit train`: resolve a config, train it, write the run directory. */
import path from 'node:path';
import { describeBackend, initBackend, type BackendName } from '../../backend/index.js';
import { requireResumable, resolveConfig } from '../../config/resolve.js';
import type { Plain } from '../../config/presets.js';
import type { GanConfig } from '../../config/types.js';
import { loadDataset } from '../../data/registry.js';
import { loadTranslationDataset } from '../../data/translation/registry.js';
import { isNoiseFamily } from '../../models/registry.js';
import { RunDir, freeRunDir } from '../../train/run-dir.js';
import { runTraining } from '../../train/run.js';
import { UsageError } from '../../util/errors.js';
import { intFlag, parseFlags } from '../args.js';
import type { Command } from '../command.js';
import { createProgress } from '../progress.js';

const FLAGS = {
  preset: { type: 'string' },
  config: { type: 'string' },
  steps: { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  out: { type: 'string' },
  resume: { type: 'boolean' },
  seed: { type: 'string' },
  backend: { type: 'string' },
  'log-every': { type: 'string' },
  'sample-every': { type: 'string' },
  'checkpoint-every': { type: 'string' },
  data: { type: 'string' },
  limit: { type: 'string' },
  'eval-every': { type: 'string' },
  'target-data': { type: 'string' },
  'target-test': { type: 'string' },
} as const;

const usage = `usage: gankit train --preset NAME [--config FILE.yaml] [--steps N | --epochs E] [--batch-size B]
                    [--out DIR] [--resume] [--seed S] [--backend auto|native|wasm|cpu]
                    [--log-every N] [--sample-every N] [--checkpoint-every N] [--data PATH] [--limit N]
                    [--eval-every N] [--target-data DIR] [--target-test DIR]

Trains a GAN and writes a run directory (default runs/<preset>): config.json, metrics.jsonl,
samples/step-XXXXXX.png, checkpoints/, report.html. Every --log-every steps it prints
  STEP=00100, d_loss=0.12345, g_loss=0.12345
--data replaces the preset's dataset with a folder of PNG/JPEG images or an IDX image file (resized to
the preset's resolution); for pix2pix and CycleGAN presets, a folder in one of their layouts: side-by-side
[A | B] images, A/ and B/ folders of matching names (paired), or trainA/ and trainB/ (unpaired). --limit uses only the first N images. --resume continues the run in --out from
its newest intact checkpoint, exactly as if it had not stopped (a --config with it may change steps and
intervals, not the model, data or training scheme). --eval-every N scores 1000 samples every N steps
(FID, KID, IS, precision/recall, class coverage; exact metrics for toy worlds) into metrics.jsonl.
Domain adaptation (dann presets): --data is the labelled source (a folder with one sub-folder per class),
--target-data DIR a folder of unlabelled target images, --target-test DIR a target folder with one
sub-folder per class, used only to score target accuracy (1000 images per --eval-every).`;

/** Flag values as a partial config (only the flags given). */
function overridesFrom(v: Record<string, string | boolean | undefined>): Plain {
  const train: Plain = {};
  const data: Plain = {};
  const set = (obj: Plain, key: string, flag: string, min: number) => {
    const n = intFlag(flag, v[flag], min);
    if (n !== undefined) obj[key] = n;
  };
  set(train, 'steps', 'steps', 0);
  set(train, 'batchSize', 'batch-size', 1);
  set(train, 'seed', 'seed', 0);
  set(train, 'logEvery', 'log-every', 1);
  set(train, 'sampleEvery', 'sample-every', 1);
  set(train, 'checkpointEvery', 'checkpoint-every', 1);
  set(data, 'limit', 'limit', 1);
  const evalEvery = intFlag('eval-every', v['eval-every'], 1);
  const extra: Plain = evalEvery === undefined ? {} : { eval: { every: evalEvery, n: 1000 } };
  if (typeof v.data === 'string') Object.assign(data, { dataset: 'path', path: path.resolve(v.data) });
  if (typeof v['target-test'] === 'string' && typeof v['target-data'] !== 'string')
    throw new UsageError('gankit train: --target-test needs --target-data (the unlabelled target images)');
  if (typeof v['target-data'] === 'string')
    data.target = {
      dataset: 'path',
      path: path.resolve(v['target-data']),
      ...(typeof v['target-test'] === 'string' ? { test: path.resolve(v['target-test']) } : {}),
    };
  return { train, data, ...extra };
}

const train: Command = {
  summary: 'train a GAN from a preset or config file',
  usage,
  async run(argv) {
    const { values: v, positionals } = parseFlags('train', argv, FLAGS);
    if (positionals.length)
      throw new UsageError(`gankit train: unexpected argument '${positionals[0]}'. ${usage.split('\n')[0]}`);
    if (v.steps !== undefined && v.epochs !== undefined)
      throw new UsageError('gankit train: give --steps or --epochs, not both');
    const overrides = overridesFrom(v);
    let dir: string;
    let config: GanConfig;
    if (v.resume) {
      dir = path.resolve(
        (v.out as string | undefined) ?? path.join('runs', (v.preset as string | undefined) ?? ''),
      );
      const saved = new RunDir(dir).readConfig();
      if (v.preset && v.preset !== saved.name) {
        throw new UsageError(`--resume: ${dir} holds a '${saved.name}' run, not '${v.preset}'`);
      }
      config = resolveConfig({
        base: saved as unknown as Plain,
        configFile: v.config as string | undefined,
        overrides,
      });
      if (v.config) requireResumable(saved, config, v.config as string, dir);
    } else {
      config = resolveConfig({
        preset: v.preset as string | undefined,
        configFile: v.config as string | undefined,
        overrides,
      });
      dir = path.resolve((v.out as string | undefined) ?? freeRunDir(path.join('runs', config.name)));
    }
    const epochs = intFlag('epochs', v.epochs, 1);
    if (epochs !== undefined) {
      if (config.data.dataset === 'toy')
        throw new UsageError('--epochs needs an image dataset; toy data is endless: use --steps');
      // An epoch is one pass over the images (the source for domain adaptation, domain A for
      // image-to-image data).
      const n =
        isNoiseFamily(config.model.family) || config.model.family === 'dann'
          ? loadDataset(config.data).n
          : loadTranslationDataset(config.data).a.n;
      config.train.steps = Math.max(
        1,
        Math.floor((epochs * n) / (config.train.batchSize * config.train.dSteps)),
      );
    }
    const backend = await initBackend(((v.backend as string | undefined) ?? 'auto') as BackendName | 'auto');
    console.log(describeBackend(backend));
    console.log(`run: ${dir} (${config.name}, ${config.train.steps} steps, batch ${config.train.batchSize})`);
    const progress = createProgress();
    let result: Awaited<ReturnType<typeof runTraining>>;
    try {
      result = await runTraining(config, dir, {
        resume: Boolean(v.resume),
        print: progress.print,
        onStep: progress.update,
        faults: process.env.GANKIT_FAULTS,
      });
    } finally {
      progress.stop();
    }
    console.log(`samples: ${result.lastSample}`);
    console.log(`report: ${result.report}`);
    return 0;
  },
};

export default train;
