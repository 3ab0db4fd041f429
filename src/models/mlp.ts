/**
 * Fully-connected GANs: seed 002's Fashion-MNIST GAN (Dense 100 selu → 150 selu → 784 sigmoid against
 * Dense 150 selu → 100 selu → 1) and seed 001's MNIST GAN (128-256-512-1024). Conditional variants
 * (seed 001's cGAN) concatenate a one-hot label to the noise and to the flattened image; projection
 * discriminators (Miyato & Koyama 2018) instead add ⟨embed(y), φ(x)⟩ to D's logit.
 *
 * Config (`model:`): `generator.hidden`, `generator.activation`, `generator.output`,
 * `discriminator.hidden`, `discriminator.activation`; `conditional: true | concat | projection` (cGAN:
 * labels into G and D; `true` means `concat`) or `auxClassifier: true` (AC-GAN: labels into G, a class
 * head on D). D also outputs its last hidden layer,
 * for feature matching. D options: `spectralNorm`, `minibatchStd`, `minibatchDiscrimination: {kernels, kernelDim}`.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { activationLayer, layerSeed } from '../nn/activation.js';
import { MinibatchDiscrimination } from '../nn/minibatch-discrimination.js';
import { MinibatchStdDev } from '../nn/minibatch-stddev.js';
import { SpectralDense } from '../nn/spectral-dense.js';
import { UsageError } from '../util/errors.js';
import { type BuildContext, dTakesLabels, type GanNetworks, type ModelBuilder } from './types.js';

interface MlpSide {
  hidden: number[];
  activation: string;
  output?: string;
  /** D only: spectrally normalised Dense layers (Miyato et al. 2018). */
  spectralNorm?: boolean;
  /** D only: append the minibatch standard deviation feature before the output (ProGAN). */
  minibatchStd?: boolean;
  /** D only: minibatch discrimination features before the output (Salimans et al. 2016). */
  minibatchDiscrimination?: { kernels: number; kernelDim: number };
}

/** The keys each side's section takes (MlpSide's fields; G ignores the D-only ones). */
const SIDE_KEYS = [
  'hidden',
  'activation',
  'output',
  'spectralNorm',
  'minibatchStd',
  'minibatchDiscrimination',
];
/** The keys of the `model` section of the mlp family. */
const MODEL_KEYS = ['family', 'latentDim', 'conditional', 'auxClassifier', 'generator', 'discriminator'];

/** Refuses keys of `section` (at config path `at`) outside `known`: a typo must not be ignored. */
function requireKnownKeys(section: Record<string, unknown>, at: string, known: readonly string[]): void {
  for (const k of Object.keys(section))
    if (!known.includes(k))
      throw new UsageError(`config: unknown key '${at}.${k}'; valid keys of '${at}': ${known.join(', ')}`);
}

function side(spec: Record<string, unknown>, key: string, defaults: MlpSide): MlpSide {
  const s = (spec[key] ?? {}) as Partial<MlpSide>;
  if (typeof s !== 'object' || s === null || Array.isArray(s))
    throw new UsageError(`config: 'model.${key}' must be an object, got ${JSON.stringify(s)}`);
  requireKnownKeys(s, `model.${key}`, SIDE_KEYS);
  const out = { ...defaults, ...s };
  if (!Array.isArray(out.hidden) || !out.hidden.every((n) => Number.isInteger(n) && n > 0)) {
    throw new UsageError(
      `config: 'model.${key}.hidden' must be a list of layer widths, got ${JSON.stringify(out.hidden)}`,
    );
  }
  return out;
}

/** Dense layers `input → hidden…`, each followed by the activation. */
function hiddenStack(input: tfl.SymbolicTensor, s: MlpSide, seed: number, where: string): tfl.SymbolicTensor {
  let x = input;
  s.hidden.forEach((units, i) => {
    x = denseLayer(units, seed, i, s.spectralNorm).apply(x) as tfl.SymbolicTensor;
    const act = activationLayer(s.activation, where);
    if (act) x = act.apply(x) as tfl.SymbolicTensor;
  });
  return x;
}

function denseLayer(units: number, seed: number, index: number, spectral = false): tfl.layers.Layer {
  if (spectral) return new SpectralDense({ units, seed: layerSeed(seed, index) });
  return tfl.layers.dense({
    units,
    kernelInitializer: tfl.initializers.glorotUniform({ seed: layerSeed(seed, index) }),
  });
}

/** D's extra minibatch features (appended to the last hidden layer) when configured. */
function minibatchFeatures(x: tfl.SymbolicTensor, d: MlpSide, seed: number): tfl.SymbolicTensor {
  let out = x;
  if (d.minibatchStd) out = new MinibatchStdDev({ groupSize: 'batch' }).apply(out) as tfl.SymbolicTensor;
  if (d.minibatchDiscrimination) {
    const args = { ...d.minibatchDiscrimination, seed: layerSeed(seed, 999) };
    out = new MinibatchDiscrimination(args).apply(out) as tfl.SymbolicTensor;
  }
  return out;
}

/** How the config asks labels into the networks (`model.conditional` / `model.auxClassifier`). */
function conditioningOf(spec: Record<string, unknown>): GanNetworks['conditioning'] {
  const c = spec.conditional;
  if (c === true || c === 'concat') return 'concat';
  if (c === 'projection') return 'projection';
  if (c !== undefined && c !== false) {
    throw new UsageError(
      `config: 'model.conditional' must be true, 'concat' or 'projection', got ${JSON.stringify(c)}`,
    );
  }
  return spec.auxClassifier === true ? 'auxiliary' : undefined;
}

/** Miyato & Koyama's projection term ⟨V y, φ⟩ for one-hot y: a per-class direction in feature space. */
function projectionTerm(
  label: tfl.SymbolicTensor,
  features: tfl.SymbolicTensor,
  seed: number,
): tfl.SymbolicTensor {
  const width = features.shape[1] as number;
  const embed = tfl.layers.dense({
    units: width,
    useBias: false,
    kernelInitializer: tfl.initializers.glorotUniform({ seed }),
    name: 'label_embedding',
  });
  return tfl.layers
    .dot({ axes: 1 })
    .apply([embed.apply(label) as tfl.SymbolicTensor, features]) as tfl.SymbolicTensor;
}

export const buildMlp: ModelBuilder = (spec, ctx: BuildContext): GanNetworks => {
  requireKnownKeys(spec, 'model', MODEL_KEYS);
  const latentDim = spec.latentDim as number;
  const [h, w, c] = ctx.imageShape;
  const pixels = h * w * c;
  const conditioning = conditioningOf(spec);
  if (conditioning && !ctx.numClasses) {
    throw new UsageError(
      `config: a ${conditioning === 'auxiliary' ? 'auxClassifier' : 'conditional'} model needs a labelled dataset (the data has no labels)`,
    );
  }
  const k = ctx.numClasses!;
  const g = side(spec, 'generator', {
    hidden: [128, 256, 512, 1024],
    activation: 'leaky_relu(0.2)',
    output: 'tanh',
  });
  const d = side(spec, 'discriminator', { hidden: [512, 256, 128], activation: 'leaky_relu(0.2)' });

  const z = tfl.input({ shape: [latentDim], name: 'z' });
  const gLabel = conditioning ? tfl.input({ shape: [k], name: 'label_onehot' }) : null;
  const gIn = gLabel ? (tfl.layers.concatenate().apply([z, gLabel]) as tfl.SymbolicTensor) : z;
  let flatImage = denseLayer(pixels, ctx.seed, g.hidden.length).apply(
    hiddenStack(gIn, g, ctx.seed, 'model.generator'),
  ) as tfl.SymbolicTensor;
  const outAct = activationLayer(g.output ?? 'tanh', 'model.generator.output');
  if (outAct) flatImage = outAct.apply(flatImage) as tfl.SymbolicTensor;
  const image = tfl.layers.reshape({ targetShape: [h, w, c] }).apply(flatImage) as tfl.SymbolicTensor;
  const generator = tfl.model({ inputs: gLabel ? [z, gLabel] : [z], outputs: image, name: 'generator' });

  const x = tfl.input({ shape: [h, w, c], name: 'image' });
  const dLabel = dTakesLabels({ conditioning }) ? tfl.input({ shape: [k], name: 'label_onehot' }) : null;
  const flat = tfl.layers.flatten().apply(x) as tfl.SymbolicTensor;
  const dIn =
    dLabel && conditioning === 'concat'
      ? (tfl.layers.concatenate().apply([flat, dLabel]) as tfl.SymbolicTensor)
      : flat;
  const dSeed = ctx.seed + 1;
  const features = hiddenStack(dIn, d, dSeed, 'model.discriminator');
  const head = minibatchFeatures(features, d, dSeed);
  let logits = denseLayer(1, dSeed, d.hidden.length, d.spectralNorm).apply(head) as tfl.SymbolicTensor;
  if (dLabel && conditioning === 'projection') {
    const projection = projectionTerm(dLabel, features, layerSeed(dSeed, d.hidden.length + 2));
    logits = tfl.layers.add().apply([logits, projection]) as tfl.SymbolicTensor;
  }
  const outputs = [logits, features];
  if (conditioning === 'auxiliary')
    outputs.push(denseLayer(k, dSeed, d.hidden.length + 1).apply(features) as tfl.SymbolicTensor);
  const discriminator = tfl.model({ inputs: dLabel ? [x, dLabel] : [x], outputs, name: 'discriminator' });

  return {
    generator,
    discriminator,
    latentDim,
    imageShape: ctx.imageShape,
    numClasses: conditioning ? k : undefined,
    conditioning,
  };
};
