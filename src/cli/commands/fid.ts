/**
 * `gankit fid A B`: FID (and any other registry metric) between two image sets — folders of images,
 * built-in dataset splits or runs — through one feature extractor, the way pytorch-fid and clean-fid
 * compare folders. `--save-features` writes both feature matrices so the figure can be checked with
 * `gankit metric` or NumPy.
 */
import { describeBackend, initBackend, type BackendName } from '../../backend/index.js';
import { writeNpy } from '../../io/npy.js';
import type { FeatureExtractor } from '../../metrics/extractors/types.js';
import { computeMetrics, metrics } from '../../metrics/registry.js';
import type { FeatureMatrix } from '../../metrics/types.js';
import {
  extractorInput,
  loadShippedClassifier,
  shippedClassifierPath,
  type UserExtractor,
} from '../../train/evaluate.js';
import { type ImageSet, loadImageSet } from '../../train/image-sets.js';
import { loadModelExtractor } from '../../metrics/extractors/load.js';
import { UsageError } from '../../util/errors.js';
import { intFlag, parseFlags } from '../args.js';
import type { Command } from '../command.js';
import { EXTRACTOR_FLAGS, userExtractor } from '../extractor-flags.js';
import { formatMetrics } from '../format.js';

const FLAGS = {
  metrics: { type: 'string' },
  ...EXTRACTOR_FLAGS,
  n: { type: 'string' },
  seed: { type: 'string' },
  'save-features': { type: 'string' },
  json: { type: 'boolean' },
  backend: { type: 'string' },
} as const;

const SHIPPED = ['mnist', 'fashion-mnist'];

const usage = `usage: gankit fid A B [--metrics fid,kid,pr,…] [--extractor mnist|fashion-mnist|MODEL.json [--layer NAME]]
                 [--n N] [--seed S] [--save-features F.npy] [--json] [--backend …]

A and B are each a folder of PNG/JPEG images (searched recursively; images of another size than the
folder's first are resized to it), a built-in dataset split (mnist:test, fashion-mnist:train, emoji),
or a run folder (N samples, default 10000, drawn from its latest checkpoint as gankit eval does).
Both go through one feature extractor: the classifier gankit ships for MNIST or Fashion-MNIST (chosen
from a dataset or run side, or named with --extractor mnist|fashion-mnist), or your tfjs model
(--extractor MODEL.json --layer NAME [--input-range LO,HI] [--input-size H,W], as in gankit eval).
Images are resized (bilinear) and their channels matched to the extractor's input, and it says so.
A is the reference ('real') set and B the one scored ('fake'): is and classes read B's class
probabilities. --n uses a seeded random subset of N images of a folder or split.
--save-features F.npy writes A's and B's feature matrices to F-A.npy and F-B.npy, so that
gankit metric fid --real F-A.npy --fake F-B.npy reproduces the printed FID.

metrics: ${Object.keys(metrics).join(', ')} (default fid)`;

/** The extractor of this comparison: the user's model, a named shipped classifier, or one a side implies. */
async function chooseExtractor(
  named: string | undefined,
  user: UserExtractor | undefined,
  sets: ImageSet[],
): Promise<FeatureExtractor> {
  if (user && !SHIPPED.includes(named ?? '')) {
    const { path: file, ...options } = user;
    return loadModelExtractor(file, options);
  }
  const candidates = named
    ? [named]
    : [...new Set(sets.map((s) => s.dataset).filter((d) => d !== undefined))];
  const files = candidates.map((d) => shippedClassifierPath(d!)).filter((f) => f !== undefined);
  if (files.length === 0 || new Set(files).size > 1) {
    throw new UsageError(
      `gankit fid: ${files.length ? 'the two sides come from datasets with different classifiers' : 'no feature extractor for these image sets'}; pass --extractor mnist, --extractor fashion-mnist (the classifiers gankit ships) or --extractor MODEL.json --layer NAME`,
    );
  }
  return loadShippedClassifier(files[0]!);
}

/** Features (and class probabilities, when asked) of one set, saying when its images are resized. */
async function featuresOf(
  ex: FeatureExtractor,
  set: ImageSet,
  side: string,
  say: (s: string) => void,
  withProbabilities: boolean,
) {
  const [h, w, c] = set.shape;
  const [eh, ew, ec] = ex.inputShape;
  if (set.resized)
    say(`${side}: ${set.resized} images of another size than the folder's first were resized to ${h}×${w}`);
  const changes = [
    h !== eh || w !== ew ? `resized (bilinear) from ${h}×${w} to ${eh}×${ew}` : '',
    c !== ec ? `converted from ${c} to ${ec} channels` : '',
  ].filter(Boolean);
  if (changes.length) say(`${side}: images ${changes.join(' and ')} for the extractor, as gankit eval does`);
  const x = extractorInput(ex, set.range, set.data, set.n, [h, w, c]);
  try {
    return {
      features: await ex.features(x),
      probabilities: withProbabilities && ex.probabilities ? await ex.probabilities(x) : undefined,
    };
  } finally {
    x.dispose();
  }
}

function saveFeatures(base: string, side: string, f: FeatureMatrix): string {
  const file = `${base.replace(/\.npy$/i, '')}-${side}.npy`;
  writeNpy(file, { shape: [f.rows, f.cols], data: f.data });
  return file;
}

const fid: Command = {
  summary: 'FID (KID, precision/recall, …) between folders of images, dataset splits or runs',
  usage,
  async run(argv) {
    const { values: v, positionals } = parseFlags('fid', argv, FLAGS);
    if (positionals.length !== 2)
      throw new UsageError(
        `gankit fid needs two image sets A and B, got ${positionals.length ? positionals.join(' ') : 'none'}. Example: gankit fid my-images/ fashion-mnist:test`,
      );
    const named = SHIPPED.includes(v.extractor as string) ? (v.extractor as string) : undefined;
    const user = named ? undefined : userExtractor('fid', v);
    if (named && v.layer !== undefined)
      throw new UsageError(
        `gankit fid: --layer applies to --extractor MODEL.json; the shipped ${named} classifier has its own`,
      );
    const names = typeof v.metrics === 'string' ? v.metrics.split(',').map((s) => s.trim()) : ['fid'];
    for (const m of names)
      if (!metrics[m])
        throw new UsageError(
          `gankit fid: unknown metric '${m}'; valid metrics: ${Object.keys(metrics).join(', ')}`,
        );
    const n = intFlag('n', v.n, 2);
    const seed = intFlag('seed', v.seed, 0) ?? 0;
    const json = Boolean(v.json);
    const say = (s: string) => (json ? process.stderr.write(`${s}\n`) : console.log(s));
    const backend = await initBackend(((v.backend as string | undefined) ?? 'auto') as BackendName | 'auto');
    if (!json) say(describeBackend(backend));
    const sets = positionals.map((spec) => loadImageSet(spec, { n, seed }));
    const ex = await chooseExtractor(named, user, sets);
    say(`A: ${sets[0].label}\nB: ${sets[1].label}\nextractor: ${ex.name}`);
    const wantsProbabilities = names.some((m) => metrics[m].needs.includes('fakeProbabilities'));
    const a = await featuresOf(ex, sets[0], 'A', say, false);
    const b = await featuresOf(ex, sets[1], 'B', say, wantsProbabilities);
    if (wantsProbabilities && !b.probabilities)
      throw new UsageError(
        `gankit fid: ${names.join(',')} needs class probabilities, which ${ex.name} does not give; drop is / classes`,
      );
    const result = computeMetrics(
      names,
      { realFeatures: a.features, fakeFeatures: b.features, fakeProbabilities: b.probabilities },
      { seed, subsetSize: Math.min(1000, a.features.rows, b.features.rows) },
    );
    if (typeof v['save-features'] === 'string') {
      const base = v['save-features'];
      say(`features: ${saveFeatures(base, 'A', a.features)}, ${saveFeatures(base, 'B', b.features)}`);
    }
    console.log(
      json
        ? JSON.stringify({ extractor: ex.name, a: sets[0].label, b: sets[1].label, ...result })
        : formatMetrics(result),
    );
    return 0;
  },
};

export default fid;
