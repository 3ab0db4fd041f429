/**
 * The networks of domain-adversarial training (DANN; Ganin & Lempitsky 2015, Ganin et al. 2016, seed
 * 004), with the paper's MNIST → MNIST-M architecture as the default:
 *
 *   features  G_f: conv 5×5×32, ReLU → max-pool 2 → conv 5×5×48, ReLU → max-pool 2 → flatten
 *   label     G_y: dense 100, ReLU → dense 100, ReLU → dense 10 (class logits)
 *   domain    G_d: dense 100, ReLU → dense 2 (source / target logits), behind the gradient reversal
 *
 * Convolutions are unpadded, as Caffe's default in the paper's release (28 → 24 → 12 → 8 → 4: 768
 * features). `model` keys: `conv` (filters per convolution), `labelHidden`, `domainHidden` (units per
 * hidden dense layer). The heads output logits; the objective applies the softmax cross-entropy.
 * Every layer draws its initial weights from its own seed derived from the run seed, so two builds with
 * one seed start from identical weights — what makes the source-only baseline a controlled comparison.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import type { ImageShape } from '../types.js';
import { seeds } from '../init.js';
import { UsageError } from '../../util/errors.js';

/** The three networks; the domain classifier is absent from the source-only baseline. */
export interface DannNetworks {
  features: tfl.LayersModel;
  label: tfl.LayersModel;
  domain?: tfl.LayersModel;
}

/** Layer sizes of the three networks. */
export interface DannSpec {
  conv: number[];
  labelHidden: number[];
  domainHidden: number[];
}

const DEFAULT_SPEC: DannSpec = { conv: [32, 48], labelHidden: [100, 100], domainHidden: [100] };

/** Checks the `model` section of a `dann` config; unknown keys and non-integer sizes are usage errors. */
export function readDannSpec(model: Record<string, unknown>): DannSpec {
  const spec: DannSpec = { ...DEFAULT_SPEC };
  for (const [key, v] of Object.entries(model)) {
    if (key === 'family') continue;
    if (!(key in DEFAULT_SPEC))
      throw new UsageError(
        `config: unknown key 'model.${key}' for family 'dann'; valid: family, ${Object.keys(DEFAULT_SPEC).join(', ')}`,
      );
    if (!Array.isArray(v) || !v.every((n) => Number.isInteger(n) && n > 0))
      throw new UsageError(
        `config: 'model.${key}' must be a list of positive integers (layer sizes), got ${JSON.stringify(v)}`,
      );
    spec[key as keyof DannSpec] = v as number[];
  }
  if (spec.conv.length === 0) throw new UsageError("config: 'model.conv' needs at least one convolution");
  return spec;
}

function denseStack(
  name: string,
  inputUnits: number,
  hidden: number[],
  outputs: number,
  next: () => number,
): tfl.LayersModel {
  const input = tfl.input({ shape: [inputUnits] });
  let x = input;
  hidden.forEach((units) => {
    x = tfl.layers
      .dense({
        units,
        activation: 'relu',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: next() }),
      })
      .apply(x) as tfl.SymbolicTensor;
  });
  const out = tfl.layers
    .dense({ units: outputs, kernelInitializer: tfl.initializers.glorotUniform({ seed: next() }) })
    .apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: out, name });
}

/**
 * Builds the networks for images of `imageShape` and `classes` classes.
 * @param withDomain false for the source-only baseline (features and label predictor only).
 */
export function buildDann(
  spec: DannSpec,
  opts: { imageShape: ImageShape; classes: number; seed: number; withDomain: boolean; prefix?: string },
): DannNetworks {
  const [h, w] = opts.imageShape;
  const minSide = spec.conv.reduce((s) => Math.floor((s - 4) / 2), Math.min(h, w));
  if (minSide < 1)
    throw new UsageError(
      `config: 'model.conv' has ${spec.conv.length} convolutions, too many for ${h}×${w} images (each 5×5 + pool 2 shrinks a side from s to (s − 4) / 2)`,
    );
  // One seed stream per network, so the baseline's features and label head equal DANN's at step 0.
  const stream = (k: number) => seeds(opts.seed * 4 + k);
  const convSeed = stream(1);
  const input = tfl.input({ shape: opts.imageShape });
  let x = input;
  for (const filters of spec.conv) {
    x = tfl.layers
      .conv2d({
        filters,
        kernelSize: 5,
        activation: 'relu',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: convSeed() }),
      })
      .apply(x) as tfl.SymbolicTensor;
    x = tfl.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tfl.SymbolicTensor;
  }
  const flat = tfl.layers.flatten().apply(x) as tfl.SymbolicTensor;
  const prefix = opts.prefix ?? '';
  const features = tfl.model({ inputs: input, outputs: flat, name: `${prefix}features` });
  const units = flat.shape[1] as number;
  const label = denseStack(`${prefix}label`, units, spec.labelHidden, opts.classes, stream(2));
  const domain = opts.withDomain
    ? denseStack(`${prefix}domain`, units, spec.domainHidden, 2, stream(3))
    : undefined;
  return { features, label, domain };
}
