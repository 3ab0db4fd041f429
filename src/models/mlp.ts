/**
 * Fully-connected GANs: seed 002's Fashion-MNIST GAN (Dense 100 selu → 150 selu → 784 sigmoid against
 * Dense 150 selu → 100 selu → 1) and seed 001's MNIST GAN (128-256-512-1024). Conditional variants
 * (seed 001's cGAN) concatenate a one-hot label to the noise and to the flattened image.
 *
 * Config (`model:`): `generator.hidden`, `generator.activation`, `generator.output`,
 * `discriminator.hidden`, `discriminator.activation`, optional `conditional: true`.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { activationLayer, layerSeed } from '../nn/activation.js';
import { UsageError } from '../util/errors.js';
import type { BuildContext, GanNetworks, ModelBuilder } from './types.js';

interface MlpSide {
  hidden: number[];
  activation: string;
  output?: string;
}

function side(spec: Record<string, unknown>, key: string, defaults: MlpSide): MlpSide {
  const s = (spec[key] ?? {}) as Partial<MlpSide>;
  const out = { ...defaults, ...s };
  if (!Array.isArray(out.hidden) || !out.hidden.every((n) => Number.isInteger(n) && n > 0)) {
    throw new UsageError(
      `config: 'model.${key}.hidden' must be a list of layer widths, got ${JSON.stringify(out.hidden)}`,
    );
  }
  return out;
}

/** Dense stack `input → hidden… → outUnits`, activations between, `output` activation last. */
function denseStack(
  input: tfl.SymbolicTensor,
  s: MlpSide,
  outUnits: number,
  outputActivation: string,
  seed: number,
  where: string,
): tfl.SymbolicTensor {
  let x = input;
  [...s.hidden, outUnits].forEach((units, i) => {
    x = tfl.layers
      .dense({ units, kernelInitializer: tfl.initializers.glorotUniform({ seed: layerSeed(seed, i) }) })
      .apply(x) as tfl.SymbolicTensor;
    const act = activationLayer(i < s.hidden.length ? s.activation : outputActivation, where);
    if (act) x = act.apply(x) as tfl.SymbolicTensor;
  });
  return x;
}

export const buildMlp: ModelBuilder = (spec, ctx: BuildContext): GanNetworks => {
  const latentDim = spec.latentDim as number;
  const [h, w, c] = ctx.imageShape;
  const pixels = h * w * c;
  const conditional = spec.conditional === true;
  if (conditional && !ctx.numClasses) {
    throw new UsageError("config: 'model.conditional' needs a labelled dataset (the data has no labels)");
  }
  const g = side(spec, 'generator', {
    hidden: [128, 256, 512, 1024],
    activation: 'leaky_relu(0.2)',
    output: 'tanh',
  });
  const d = side(spec, 'discriminator', { hidden: [512, 256, 128], activation: 'leaky_relu(0.2)' });

  const z = tfl.input({ shape: [latentDim], name: 'z' });
  const gLabel = conditional ? tfl.input({ shape: [ctx.numClasses!], name: 'label_onehot' }) : null;
  const gIn = gLabel ? (tfl.layers.concatenate().apply([z, gLabel]) as tfl.SymbolicTensor) : z;
  const flatImage = denseStack(gIn, g, pixels, g.output ?? 'tanh', ctx.seed, 'model.generator');
  const image = tfl.layers.reshape({ targetShape: [h, w, c] }).apply(flatImage) as tfl.SymbolicTensor;
  const generator = tfl.model({ inputs: gLabel ? [z, gLabel] : [z], outputs: image, name: 'generator' });

  const x = tfl.input({ shape: [h, w, c], name: 'image' });
  const dLabel = conditional ? tfl.input({ shape: [ctx.numClasses!], name: 'label_onehot' }) : null;
  const flat = tfl.layers.flatten().apply(x) as tfl.SymbolicTensor;
  const dIn = dLabel ? (tfl.layers.concatenate().apply([flat, dLabel]) as tfl.SymbolicTensor) : flat;
  const logits = denseStack(dIn, d, 1, 'linear', ctx.seed + 1, 'model.discriminator');
  const discriminator = tfl.model({
    inputs: dLabel ? [x, dLabel] : [x],
    outputs: logits,
    name: 'discriminator',
  });

  return {
    generator,
    discriminator,
    latentDim,
    imageShape: ctx.imageShape,
    numClasses: conditional ? ctx.numClasses : undefined,
  };
};
