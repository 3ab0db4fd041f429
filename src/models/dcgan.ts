/**
 * DCGAN family (Radford et al. 2015) in two layouts:
 *  - `fashion` (seed 002): the 28x28 Keras-book DCGAN. G: Dense 7·7·128 → Reshape → BN → ConvT 64 k5 s2
 *    selu → BN → ConvT C k5 s2 tanh. D: Conv 64 k5 s2 → LeakyReLU 0.2 → Dropout 0.4 → Conv 128 k5 s2 →
 *    LeakyReLU 0.2 → Dropout 0.4 → Flatten → Dense 1 (logits).
 *  - `classic` (seed 001): 64x64 in the paper, any square power of two ≥ 8 here. G: ConvT 4x4 from the 1x1
 *    code to 4x4, then ConvT 4x4 s2 with BN+ReLU up 4→8→16→32→64, tanh. D: Conv 4x4 s2 LeakyReLU 0.2
 *    (+BN after the first) down to 4x4, then a 4x4 valid conv to one logit. Widths halve per doubling
 *    from base·8 at 4×4 (64×64); a 32×32 model starts at base·4, as the usual 32×32 DCGAN does.
 * Spec keys: `variant` ('fashion' | 'classic'), `latentDim` (100), `channels` (classic base width, 64).
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { SeededDropout } from '../nn/dropout.js';
import { UsageError } from '../util/errors.js';
import { gaussianInit, seeds } from './init.js';
import type { BuildContext, GanNetworks, ModelBuilder } from './types.js';

function glorot(next: () => number) {
  return tfl.initializers.glorotUniform({ seed: next() });
}

function buildFashion(latentDim: number, ctx: BuildContext): GanNetworks {
  const [h, w, c] = ctx.imageShape;
  if (h !== 28 || w !== 28) throw new UsageError(`dcgan 'fashion' needs 28x28 images, got ${h}x${w}`);
  const next = seeds(ctx.seed);
  const generator = tfl.sequential({
    name: 'generator',
    layers: [
      tfl.layers.dense({ inputShape: [latentDim], units: 7 * 7 * 128, kernelInitializer: glorot(next) }),
      tfl.layers.reshape({ targetShape: [7, 7, 128] }),
      tfl.layers.batchNormalization({}),
      tfl.layers.conv2dTranspose({
        filters: 64,
        kernelSize: 5,
        strides: 2,
        padding: 'same',
        activation: 'selu',
        kernelInitializer: glorot(next),
      }),
      tfl.layers.batchNormalization({}),
      tfl.layers.conv2dTranspose({
        filters: c,
        kernelSize: 5,
        strides: 2,
        padding: 'same',
        activation: 'tanh',
        kernelInitializer: glorot(next),
      }),
    ],
  });
  const discriminator = tfl.sequential({
    name: 'discriminator',
    layers: [
      tfl.layers.conv2d({
        inputShape: [h, w, c],
        filters: 64,
        kernelSize: 5,
        strides: 2,
        padding: 'same',
        kernelInitializer: glorot(next),
      }),
      tfl.layers.leakyReLU({ alpha: 0.2 }),
      new SeededDropout({ rate: 0.4, seed: next() }),
      tfl.layers.conv2d({
        filters: 128,
        kernelSize: 5,
        strides: 2,
        padding: 'same',
        kernelInitializer: glorot(next),
      }),
      tfl.layers.leakyReLU({ alpha: 0.2 }),
      new SeededDropout({ rate: 0.4, seed: next() }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 1, kernelInitializer: glorot(next) }),
    ],
  });
  return { generator, discriminator, latentDim, imageShape: ctx.imageShape };
}

/** ConvT 4×4 without bias (BN follows) → BN → ReLU: one generator stage of the paper. */
function upStage(filters: number, strides: number, padding: 'same' | 'valid', next: () => number) {
  return [
    tfl.layers.conv2dTranspose({
      filters,
      kernelSize: 4,
      strides,
      padding,
      useBias: false,
      kernelInitializer: gaussianInit(next),
    }),
    tfl.layers.batchNormalization({}),
    tfl.layers.reLU(),
  ];
}

/** Conv 4×4 s2 → BN (bias-free conv) or bias → LeakyReLU 0.2: one discriminator stage of the paper. */
function downStage(filters: number, batchNorm: boolean, next: () => number, inputShape?: number[]) {
  const conv = tfl.layers.conv2d({
    inputShape,
    filters,
    kernelSize: 4,
    strides: 2,
    padding: 'same',
    useBias: !batchNorm,
    kernelInitializer: gaussianInit(next),
  });
  return [
    conv,
    ...(batchNorm ? [tfl.layers.batchNormalization({})] : []),
    tfl.layers.leakyReLU({ alpha: 0.2 }),
  ];
}

function buildClassic(latentDim: number, base: number, ctx: BuildContext): GanNetworks {
  const [h, w, c] = ctx.imageShape;
  const doublings = Math.log2(h / 4);
  if (h !== w || !Number.isInteger(doublings) || doublings < 1)
    throw new UsageError(`dcgan 'classic' needs square images of 8, 16, 32, 64, … pixels, got ${h}x${w}`);
  // Width multipliers of the stages between 4×4 and the output: 64×64 → [8, 4, 2, 1], 32×32 → [4, 2, 1].
  const mults = Array.from({ length: doublings }, (_, i) => 2 ** (doublings - 1 - i));
  const next = seeds(ctx.seed);
  const g: tfl.layers.Layer[] = [
    tfl.layers.reshape({ inputShape: [latentDim], targetShape: [1, 1, latentDim] }),
    // 1x1 → 4x4: a 4x4 valid transposed convolution, as in the paper's projection.
    ...upStage(base * mults[0], 1, 'valid', next),
    ...mults.slice(1).flatMap((mult) => upStage(base * mult, 2, 'same', next)),
    tfl.layers.conv2dTranspose({
      filters: c,
      kernelSize: 4,
      strides: 2,
      padding: 'same',
      activation: 'tanh',
      kernelInitializer: gaussianInit(next),
    }),
  ];
  const d: tfl.layers.Layer[] = [
    ...downStage(base, false, next, [h, w, c]),
    // Mirror of G: base at the input, then ×2 per halving down to 4×4 (64×64: base, 2, 4, 8).
    ...[...mults]
      .reverse()
      .slice(1)
      .flatMap((mult) => downStage(base * mult, true, next)),
    tfl.layers.conv2d({ filters: 1, kernelSize: 4, padding: 'valid', kernelInitializer: gaussianInit(next) }),
    tfl.layers.flatten(),
  ];
  return {
    generator: tfl.sequential({ name: 'generator', layers: g }),
    discriminator: tfl.sequential({ name: 'discriminator', layers: d }),
    latentDim,
    imageShape: ctx.imageShape,
  };
}

/** Builds a DCGAN; see the module comment for the two variants and their spec keys. */
export const buildDcgan: ModelBuilder = (spec, ctx) => {
  const variant = (spec.variant as string | undefined) ?? 'fashion';
  const latentDim = (spec.latentDim as number | undefined) ?? 100;
  if (variant === 'fashion') return buildFashion(latentDim, ctx);
  if (variant === 'classic') return buildClassic(latentDim, (spec.channels as number | undefined) ?? 64, ctx);
  throw new UsageError(`config: unknown dcgan variant '${variant}'; choose 'fashion' or 'classic'`);
};
