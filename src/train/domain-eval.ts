/**
 * Is a multi-domain translator (StarGAN v2) doing its job? Figures on held-out test images that an
 * untrained or broken model fails, as `gankit eval` and `--eval-every` report them. For every target
 * domain k, the test inputs of the OTHER domains are translated into k, latent-guided (s = F_k(z)) and
 * reference-guided (s = E_k(x_ref), a random test image of k per input):
 * - with a shipped classifier for the data (Fashion-MNIST for fashion-footwear and sneaker2boot):
 *   `acc_latent`, `acc_reference` = the fraction of translations classified as k, next to `acc_input`
 *   = the fraction of the untranslated inputs classified as k (what a generator that copies its input
 *   scores); each also per domain (`acc_latent_<domain>`, …) and averaged over the domains;
 * - `diversity` (`diversity_reference`) = E|G(x, s₁) − G(x, s₂)| for two latent codes (two references)
 *   of the same target: the L1 form of the paper's diversity, 0 for a generator that ignores its style;
 * - `cycle` = E|x − G(G(x, s̃), E_y(x))|, the cycle loss on test images.
 */
import type { GanConfig } from '../config/types.js';
import { imageSize } from '../data/dataset.js';
import type { DomainSource } from '../data/translation/domain-source.js';
import { createDomainSource } from '../data/translation/registry.js';
import { Rng } from '../util/rng.js';
import {
  type DomainTranslator,
  latentStyles,
  referenceStyles,
  translateWithStyles,
} from './domain-translator.js';
import { loadRunExtractor, shippedExtractorPath } from './evaluate.js';
import { STREAMS } from './streams.js';
import { classifierAccuracy, meanAbs } from './translation-eval.js';

/** The test source of the last evaluation, by (data config, seed): loaded once per run. */
let cached: { key: string; source: DomainSource } | undefined;

function testSource(config: GanConfig): DomainSource {
  const key = JSON.stringify([config.data, config.train.seed]);
  if (cached?.key !== key)
    cached = {
      key,
      source: createDomainSource({ ...config.data, split: 'test', limit: undefined }, 1, config.train.seed),
    };
  return cached.source;
}

/** A metric key for a domain name (`ankle boot` → `ankle_boot`). */
function keyOf(domain: string): string {
  return domain.replace(/[^A-Za-z0-9]+/g, '_');
}

/** Rows `idx` of flattened images of `size` values each. */
function rowsOf(images: Float32Array, idx: number[], size: number): Float32Array {
  const out = new Float32Array(idx.length * size);
  idx.forEach((i, j) => {
    out.set(images.subarray(i * size, (i + 1) * size), j * size);
  });
  return out;
}

/** Scores `t` on `n` fixed test images of the run's data (see the module comment). */
export async function evaluateDomains(
  config: GanConfig,
  t: DomainTranslator,
  n: number,
): Promise<Record<string, number>> {
  const source = testSource(config);
  const { x, y } = source.fixed(n);
  const size = imageSize(t.shape);
  const k = t.domains.length;
  const rng = new Rng(config.train.seed, STREAMS.evaluation);
  const classifierLabels = source.ds.classifierLabels;
  const ex = classifierLabels && shippedExtractorPath(config) ? await loadRunExtractor(config) : undefined;
  const out: Record<string, number> = { n: y.length };
  const sums = {
    acc_latent: 0,
    acc_reference: 0,
    acc_input: 0,
    diversity: 0,
    diversity_reference: 0,
    cycle: 0,
  };
  for (let target = 0; target < k; target++) {
    const idx = [...y.keys()].filter((i) => y[i] !== target);
    const m = idx.length;
    const inputs = rowsOf(x, idx, size);
    const targets = new Int32Array(m).fill(target);
    const translate = (styles: ReturnType<typeof latentStyles>) => {
      const images = translateWithStyles(t, inputs, styles);
      styles.dispose();
      return images;
    };
    const latent = translate(latentStyles(t, rng.normal(m * t.latentDim), targets));
    const latent2 = translate(latentStyles(t, rng.normal(m * t.latentDim), targets));
    const reference = translate(referenceStyles(t, source.sampleDomain(target, m, rng), targets));
    const reference2 = translate(referenceStyles(t, source.sampleDomain(target, m, rng), targets));
    const figures: Record<string, number> = {
      diversity: meanAbs(latent, latent2),
      diversity_reference: meanAbs(reference, reference2),
      cycle: cycleError(
        t,
        inputs,
        latent,
        Int32Array.from(idx, (i) => y[i]),
      ),
    };
    if (ex && classifierLabels) {
      const want = new Int32Array(m).fill(classifierLabels[target]);
      const acc = (images: Float32Array) => classifierAccuracy(ex, config, images, t.shape, want);
      figures.acc_latent = await acc(latent);
      figures.acc_reference = await acc(reference);
      figures.acc_input = await acc(inputs);
    }
    for (const [name, v] of Object.entries(figures)) {
      out[`${name}_${keyOf(t.domains[target])}`] = v;
      sums[name as keyof typeof sums] += v / k;
    }
  }
  for (const [name, v] of Object.entries(sums)) if (ex || !name.startsWith('acc_')) out[name] = v;
  return out;
}

/** E|x − G(G(x, s̃), E_y(x))| for inputs `x` of domains `y` and their translations `fake`. */
function cycleError(t: DomainTranslator, x: Float32Array, fake: Float32Array, y: Int32Array): number {
  const own = referenceStyles(t, x, y);
  const rec = translateWithStyles(t, fake, own);
  own.dispose();
  return meanAbs(rec, x);
}
