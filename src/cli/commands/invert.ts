/** `gankit invert`: the latent whose image matches a given image (GAN inversion). */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { classifyImages } from '../../latent/classify.js';
import { trainEncoder } from '../../latent/encoder.js';
import { loadFeatureNet } from '../../latent/feature-net.js';
import { latentsIn, writeLabels, writeLatents } from '../../latent/files.js';
import { bestRandomMse, invertImages, reconstruct } from '../../latent/invert.js';
import { sampleLabels } from '../../latent/render.js';
import { loadTargets, type Targets } from '../../latent/targets.js';
import type { GanConfig } from '../../config/types.js';
import type { GeneratorHandle } from '../../latent/render.js';
import { encodePng, imageGrid } from '../../report/png.js';
import { UsageError } from '../../util/errors.js';
import { writeFileAtomic } from '../../util/fs.js';
import { intFlag, numberFlag, parseFlags } from '../args.js';
import type { Command } from '../command.js';
import { openRunSpace } from '../run-generator.js';

const FLAGS = {
  run: { type: 'string' },
  image: { type: 'string' },
  out: { type: 'string' },
  method: { type: 'string' },
  steps: { type: 'string' },
  restarts: { type: 'string' },
  lr: { type: 'string' },
  'feature-weight': { type: 'string' },
  'prior-weight': { type: 'string' },
  'encoder-steps': { type: 'string' },
  limit: { type: 'string' },
  label: { type: 'string' },
  space: { type: 'string' },
  seed: { type: 'string' },
  step: { type: 'string' },
  backend: { type: 'string' },
} as const;

const METHODS = ['optimize', 'encoder', 'hybrid'] as const;

const invert: Command = {
  summary: 'find the latent whose image matches a given image (optimisation, an encoder, or both)',
  usage: `usage: gankit invert --run DIR --image FILE.png|DIR|test --out DIR [--method optimize|encoder|hybrid]
                     [--steps 300] [--restarts 4] [--lr 0.05] [--feature-weight 0.01] [--prior-weight 0.05]
                     [--encoder-steps 1000] [--limit 16] [--label K] [--space z|w|w+] [--seed S]
                     [--step N] [--backend …]

Inverts each target image (a PNG/JPEG of the run's size, a folder of them — the first --limit — or
'test': the first --limit held-out test images of the run's dataset):
  optimize  Adam on z from --restarts random starts: pixel MSE + --feature-weight × the shipped
            classifier's feature distance (when the dataset has one) + --prior-weight × (‖z‖²/d − 1)²
  encoder   an encoder trained for --encoder-steps on generated pairs (z, G(z)) predicts z in one pass
  hybrid    the encoder's guess as the first start of the optimisation (default)
Writes DIR/pairs.png (each target beside its reconstruction), DIR/latents.npy (one row per target, for
gankit interpolate --latents) and DIR/errors.json; prints each target's pixel MSE next to the best of
as many random latents as the optimisation evaluated. A conditional model keeps each target's class
fixed while z is optimised: --label K for all, else a test image's own label, else the shipped
classifier's verdict on the target (no classifier: --label is required).

On a StyleGAN run the code optimised is w (the default there; DIR/w-latents.npy), with fixed noise, the
random starts and baseline f(z) for random z, and the prior (‖w − c‖²/r² − 1)², c and r² the mean
and mean squared spread of W (of 1,024 mapped z); --space w+ optimises one w per synthesis layer (the prior per layer;
DIR/wplus-latents.npy), --space z optimises z.`,
  async run(argv) {
    const { values: v } = parseFlags('invert', argv, FLAGS);
    if (!v.image) throw new UsageError('gankit invert: --image FILE.png|DIR|test is required');
    if (!v.out) throw new UsageError('gankit invert: --out DIR is required');
    const method = (v.method as string | undefined) ?? 'hybrid';
    if (!(METHODS as readonly string[]).includes(method)) {
      throw new UsageError(`--method must be one of ${METHODS.join(', ')}, got '${method}'`);
    }
    const steps = intFlag('steps', v.steps, 0) ?? 300;
    const restarts = intFlag('restarts', v.restarts, 1) ?? 4;
    const encoderSteps = intFlag('encoder-steps', v['encoder-steps'], 1) ?? 1000;
    const seed = intFlag('seed', v.seed, 0) ?? 0;
    const out = path.resolve(v.out as string);
    const { config, space: g, close } = await openRunSpace('invert', v);
    const featureNet = method === 'encoder' ? undefined : await loadFeatureNet(config);
    try {
      const label = intFlag('label', v.label, 0);
      const targets = loadTargets(config, v.image as string, intFlag('limit', v.limit, 1) ?? 16);
      const shape = config.data.shape as [number, number, number];
      const labels = await targetLabels(config, g, targets, label);
      const t0 = Date.now();
      let init: Float32Array | undefined;
      let encoderMse: number | undefined;
      if (method !== 'optimize') {
        const encoder = trainEncoder(g, shape, { steps: encoderSteps, seed });
        init = encoder.encode(targets.data, targets.n);
        encoderMse = encoder.heldOutMse;
        encoder.model.dispose();
        console.log(
          `encoder: ${encoderSteps} steps, latent MSE on fresh generated pairs ${encoderMse.toFixed(4)}`,
        );
      }
      const result =
        init && method === 'encoder'
          ? reconstruct(g, init, targets.data, targets.n, labels)
          : invertImages(g, targets.data, targets.n, shape, {
              steps,
              restarts,
              lr: numberFlag('lr', v.lr),
              featureWeight: numberFlag('feature-weight', v['feature-weight']),
              priorWeight: numberFlag('prior-weight', v['prior-weight']),
              featureNet,
              init,
              labels,
              seed,
            });
      const seconds = (Date.now() - t0) / 1000;
      // The baseline: the best of as many random latents as the optimisation had starts.
      const baseline = bestRandomMse(g, targets.data, targets.n, restarts * Math.max(1, steps), labels, seed);
      mkdirSync(out, { recursive: true });
      const size = shape[0] * shape[1] * shape[2];
      const pairs = new Float32Array(targets.n * 2 * size);
      for (let i = 0; i < targets.n; i++) {
        pairs.set(targets.data.subarray(i * size, (i + 1) * size), 2 * i * size);
        pairs.set(result.images.subarray(i * size, (i + 1) * size), (2 * i + 1) * size);
      }
      const columns = 2 * Math.min(4, targets.n);
      const grid = imageGrid(pairs, 2 * targets.n, shape, config.data.range, columns);
      writeFileAtomic(path.join(out, 'pairs.png'), encodePng(grid.width, grid.height, grid.rgba));
      const rows = Array.from({ length: targets.n }, (_, i) =>
        result.latents.slice(i * g.latentDim, (i + 1) * g.latentDim),
      );
      writeLatents(latentsIn(out, g.space), rows);
      if (labels) writeLabels(latentsIn(out, g.space), labels, g.numClasses!);
      const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, x) => s + x, 0) / a.length;
      // Whether the reconstruction is the same digit / garment: the shipped classifier's verdict on both.
      const verdicts = await Promise.all(
        [targets.data, result.images].map((d) => classifyImages(config, d, targets.n, shape)),
      );
      const classAgreement = verdicts[0]
        ? mean(Array.from(verdicts[0].classes, (c, i) => (c === verdicts[1]!.classes[i] ? 1 : 0)))
        : undefined;
      const report = {
        method,
        space: g.space,
        steps,
        restarts,
        encoderSteps: method === 'optimize' ? undefined : encoderSteps,
        encoderLatentMse: encoderMse,
        seconds,
        meanMse: mean(result.mse),
        meanRandomBestMse: mean(baseline),
        classAgreement,
        targets: targets.names.map((name, i) => ({
          name,
          label: labels ? labels[i] : undefined,
          mse: result.mse[i],
          randomBestMse: baseline[i],
        })),
      };
      writeFileAtomic(path.join(out, 'errors.json'), `${JSON.stringify(report, null, 2)}\n`);
      for (const t of report.targets) {
        console.log(
          `${t.name.padEnd(16)} mse ${t.mse.toFixed(5)}  (best random latent ${t.randomBestMse.toFixed(5)})`,
        );
      }
      console.log(
        `mean mse ${report.meanMse.toFixed(5)} vs ${report.meanRandomBestMse.toFixed(5)} for the best random latent ` +
          `(${(report.meanRandomBestMse / report.meanMse).toFixed(2)}×)` +
          (classAgreement === undefined
            ? ''
            : `, same class as the target ${(100 * classAgreement).toFixed(0)}%`) +
          `, ${seconds.toFixed(1)} s; wrote ${out}`,
      );
      return 0;
    } finally {
      featureNet?.dispose();
      close();
    }
  },
};

/**
 * The class each target is inverted into on a conditional run (undefined on an unconditional one): the
 * label stays fixed while the latent is optimised, so it must be known — --label K for all, else the
 * dataset's own label of a `test` target, else the shipped classifier's verdict on the target.
 */
async function targetLabels(
  config: GanConfig,
  g: GeneratorHandle,
  targets: Targets,
  label: number | undefined,
): Promise<Int32Array | undefined> {
  if (!g.numClasses || label !== undefined) return sampleLabels(g, targets.n, label);
  const verdict = targets.labels
    ? undefined
    : await classifyImages(config, targets.data, targets.n, config.data.shape);
  const labels = targets.labels ?? verdict?.classes;
  if (!labels)
    throw new UsageError(
      "gankit invert: this run is conditional and its dataset ships no classifier to tell the targets' classes; say which class to invert into with --label K",
    );
  const source = targets.labels ? "the test set's labels" : "the shipped classifier's verdict on each target";
  console.log(`conditional run: each target inverted with its class fixed, from ${source}`);
  if (labels.some((k) => k >= g.numClasses!))
    throw new UsageError(
      `gankit invert: a target's class is beyond the run's ${g.numClasses} classes; say which class to invert into with --label K`,
    );
  return labels;
}

export default invert;
