/** `gankit eval`: metrics of a run's generator, written to its metrics.jsonl and report. */
import path from 'node:path';
import { describeBackend, initBackend, type BackendName } from '../../backend/index.js';
import { describeMetricLinalg } from '../../metrics/linalg/dispatch.js';
import { writeReport } from '../../report/html.js';
import { loadCheckpoint } from '../../train/checkpoint.js';
import { Evaluator } from '../../train/evaluate.js';
import { loadGenerator } from '../../train/generator.js';
import { RunDir } from '../../train/run-dir.js';
import type { TrainerState } from '../../train/trainer.js';
import type { GanConfig } from '../../config/types.js';
import { isNoiseFamily } from '../../models/registry.js';
import { isDomainFamily, translationFamilies } from '../../models/translation-families.js';
import type { Checkpoint } from '../../train/checkpoint.js';
import { evaluateTranslation } from '../../train/translation-eval.js';
import { evaluateDomains } from '../../train/domain-eval.js';
import { disposeDomainTranslator, loadDomainTranslator, loadTranslator } from '../../train/translator.js';
import { UsageError } from '../../util/errors.js';
import { checkThreshold } from '../../latent/sampling.js';
import { latentSpace } from '../../latent/space.js';
import { intFlag, numberFlag, parseFlags } from '../args.js';
import { EXTRACTOR_FLAGS, userExtractor } from '../extractor-flags.js';
import type { Command } from '../command.js';

const FLAGS = {
  run: { type: 'string' },
  metrics: { type: 'string' },
  n: { type: 'string' },
  json: { type: 'boolean' },
  ...EXTRACTOR_FLAGS,
  seed: { type: 'string' },
  truncation: { type: 'string' },
  backend: { type: 'string' },
} as const;

const evalCommand: Command = {
  summary:
    "evaluate a run's generator (FID, KID, IS, precision/recall, class coverage; exact metrics for toys)",
  usage: `usage: gankit eval --run DIR [--metrics fid,kid,is,pr,dc,ndb,classes] [--n 10000] [--json]
                   [--extractor MODEL.json --layer NAME [--input-range LO,HI] [--input-size H,W]]
                   [--seed S] [--truncation T] [--backend …]

Draws --n samples from the run's latest checkpoint (its EMA generator when it kept one) and as many real
test images, maps both through a feature extractor — the classifier gankit ships for MNIST and
Fashion-MNIST, or your own tfjs model — and computes the metrics. Toy worlds report their exact
metrics. Results are printed (--json for machine-readable) and appended to the run's metrics.jsonl.

  --extractor MODEL.json  a tfjs LayersModel or GraphModel (e.g. an Inception-v3 converted with
                          tensorflowjs_converter); the format is read from the file
  --layer NAME            the layer (LayersModel) or graph node (GraphModel) holding the features; a
                          wrong name lists the nearest candidates
  --input-range LO,HI     pixel range the model expects (default -1,1; TF-Hub Inception-v3: 0,1)
  --input-size H,W        image size for a GraphModel whose input leaves it open (Inception-v3: 299,299)

Images are resized (bilinear) and their channels matched to the model's input. --truncation T draws the
samples with every |z| > T redrawn (the truncation trick: precision up, recall down); on a StyleGAN run
it is ψ in [0, 1] in w instead, w̄ + ψ(w − w̄) for every layer (as gankit sample --truncation). Those
figures are printed but not logged as the run's.
For a pix2pix or CycleGAN run it scores --n (default 1000) test examples instead: L1 to the true target
next to two baselines (the input itself, the mean training target) on paired data, and the shipped
classifier's accuracy on the translated images next to the untranslated ones (MNIST, Fashion-MNIST).
For a StarGAN v2 run: per target domain, the classifier's accuracy on latent- and reference-guided
translations of the other domains' test images next to the untranslated inputs, their diversity (L1
between two styles) and the cycle error.
FIDs from a non-Inception extractor are not comparable to published FIDs.`,
  async run(argv) {
    const { values: v } = parseFlags('eval', argv, FLAGS);
    if (!v.run) throw new UsageError('gankit eval: --run DIR is required (a folder written by gankit train)');
    const extractor = userExtractor('eval', v);
    const run = new RunDir(path.resolve(v.run as string));
    const config = run.readConfig();
    const folder = run.checkpointFolder();
    const backend = await initBackend(((v.backend as string | undefined) ?? 'auto') as BackendName | 'auto');
    if (!v.json) {
      console.log(describeBackend(backend));
      console.log(describeMetricLinalg());
    }
    const ckpt = loadCheckpoint<TrainerState>(folder);
    if (!isNoiseFamily(config.model.family)) {
      if (v.metrics !== undefined || v.extractor !== undefined)
        throw new UsageError(
          `gankit eval: a ${config.model.family} run is scored by its translation figures (L1 and baselines, classifier accuracy); --metrics and --extractor apply to noise-fed generators`,
        );
      return evalTranslation(run, config, ckpt, intFlag('n', v.n, 2) ?? 1000, Boolean(v.json));
    }
    const truncation = numberFlag('truncation', v.truncation);
    // StyleGAN truncates in w (ψ towards the mean w), every other generator in z (a threshold).
    const psi = config.model.family === 'stylegan' ? truncation : undefined;
    if (psi !== undefined && !(psi >= 0 && psi <= 1))
      throw new UsageError(
        `--truncation must be a number ψ in [0, 1] on a StyleGAN run (1: none), got ${psi}`,
      );
    if (truncation !== undefined && psi === undefined) checkThreshold(truncation);
    const evaluator = await Evaluator.create(config, {
      n: intFlag('n', v.n, 2) ?? 10000,
      metrics: typeof v.metrics === 'string' ? v.metrics.split(',') : undefined,
      extractor,
      seed: intFlag('seed', v.seed, 0),
      truncation: psi === undefined ? truncation : undefined,
    });
    const g = loadGenerator(config, ckpt);
    // Fresh noise per sample, as the untruncated figures draw them.
    const space = psi === undefined ? undefined : latentSpace(g, 'w', { psi, noise: 'random' });
    const values = await evaluator.evaluate(space ?? g);
    g.model.dispose();
    // Truncated samples are another distribution: their figures are printed, not logged as the run's.
    if (truncation === undefined) {
      run.log({ step: ckpt.step, ...values });
      writeReport(run.root);
    }
    if (v.json) {
      console.log(
        JSON.stringify({
          step: ckpt.step,
          extractor: evaluator.extractor?.name ?? 'exact',
          truncation,
          ...values,
        }),
      );
    } else {
      const cut =
        truncation === undefined
          ? ''
          : psi === undefined
            ? `, z truncated at ${truncation}`
            : `, w truncated with ψ = ${psi}`;
      console.log(`step ${ckpt.step}, extractor ${evaluator.extractor?.name ?? 'exact (toy world)'}${cut}`);
      for (const [k, x] of Object.entries(values)) console.log(`  ${k.padEnd(16)}${x.toPrecision(6)}`);
    }
    return 0;
  },
};

/**
 * Scores a pix2pix / CycleGAN run (src/train/translation-eval.ts) or a StarGAN v2 run
 * (src/train/domain-eval.ts) on test images and logs the figures.
 */
async function evalTranslation(
  run: RunDir,
  config: GanConfig,
  ckpt: Checkpoint<TrainerState>,
  n: number,
  json: boolean,
): Promise<number> {
  if (isDomainFamily(config.model.family)) {
    const t = loadDomainTranslator(config, ckpt);
    try {
      return report(run, ckpt.step, await evaluateDomains(config, t, n), json);
    } finally {
      disposeDomainTranslator(t);
    }
  }
  const family = translationFamilies[config.model.family];
  const ab = loadTranslator(config, ckpt, 'AtoB').model;
  const ba = family.directions.BtoA ? loadTranslator(config, ckpt, 'BtoA').model : undefined;
  try {
    return report(run, ckpt.step, await evaluateTranslation(config, { AtoB: ab, BtoA: ba }, n), json);
  } finally {
    ab.dispose();
    ba?.dispose();
  }
}

/** Logs a translation run's figures to its metrics.jsonl and report, and prints them. */
function report(run: RunDir, step: number, values: Record<string, number>, json: boolean): number {
  run.log({ step, ...values });
  writeReport(run.root);
  if (json) console.log(JSON.stringify({ step, ...values }));
  else {
    console.log(`step ${step}, ${values.n} test examples`);
    for (const [k, x] of Object.entries(values))
      if (k !== 'n') console.log(`  ${k.padEnd(31)} ${x.toPrecision(6)}`);
  }
  return 0;
}

export default evalCommand;
