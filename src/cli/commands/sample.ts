/** `gankit sample`: a grid of new samples from a run's latest (or chosen) checkpoint. */
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describeBackend, initBackend, type BackendName } from '../../backend/index.js';
import { imageGridPng } from '../../report/png.js';
import { loadCheckpoint } from '../../train/checkpoint.js';
import { RunDir } from '../../train/run-dir.js';
import { loadGenerator } from '../../train/generator.js';
import type { TrainerState } from '../../train/trainer.js';
import { UsageError } from '../../util/errors.js';
import { writeFileAtomic } from '../../util/fs.js';
import { STREAMS } from '../../train/streams.js';
import { Rng } from '../../util/rng.js';
import { intFlag, parseFlags } from '../args.js';
import type { Command } from '../command.js';

const FLAGS = {
  run: { type: 'string' },
  n: { type: 'string' },
  out: { type: 'string' },
  seed: { type: 'string' },
  step: { type: 'string' },
  label: { type: 'string' },
  backend: { type: 'string' },
} as const;

const sample: Command = {
  summary: "draw a grid of samples from a run's generator",
  usage: `usage: gankit sample --run DIR [--n 64] [--out F.png] [--seed S] [--step N] [--label K] [--backend …]

Loads the run's latest checkpoint (or --step N), draws --n samples from fresh noise (seeded by --seed,
default 0) and writes a PNG grid (default DIR/sample.png). --label K fixes the class of a conditional model.`,
  async run(argv) {
    const { values: v } = parseFlags('sample', argv, FLAGS);
    if (!v.run)
      throw new UsageError('gankit sample: --run DIR is required (a folder written by gankit train)');
    const n = intFlag('n', v.n, 1) ?? 64;
    const seed = intFlag('seed', v.seed, 0) ?? 0;
    const run = new RunDir(path.resolve(v.run as string));
    const config = run.readConfig();
    const step = intFlag('step', v.step, 0);
    const folder = run.checkpointFolder(step);
    const backend = await initBackend(((v.backend as string | undefined) ?? 'auto') as BackendName | 'auto');
    console.log(describeBackend(backend));
    const g = loadGenerator(config, loadCheckpoint<TrainerState>(folder));
    const label = intFlag('label', v.label, 0);
    const rng = new Rng(seed, STREAMS.sampleCommand);
    const images = tf.tidy(() => {
      const z = tf.tensor2d(rng.normal(n * g.latentDim), [n, g.latentDim]);
      const inputs: tf.Tensor[] = [z];
      if (g.numClasses) {
        if (label !== undefined && label >= g.numClasses)
          throw new UsageError(`--label must be below ${g.numClasses}`);
        const labels = Int32Array.from({ length: n }, (_, i) => label ?? i % g.numClasses!);
        inputs.push(tf.oneHot(tf.tensor1d(labels, 'int32'), g.numClasses));
      }
      return g.model.apply(inputs, { training: false }) as tf.Tensor;
    });
    const data = (await images.data()) as Float32Array;
    images.dispose();
    const out = path.resolve((v.out as string | undefined) ?? path.join(run.root, 'sample.png'));
    writeFileAtomic(out, imageGridPng(data, n, config.data.shape, config.data.range));
    g.model.dispose();
    console.log(`samples: ${out}`);
    return 0;
  },
};

export default sample;
