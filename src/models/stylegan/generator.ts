/**
 * StyleGAN's generator (Karras et al. 2019, figure 1(b); the official `G_style`, `G_mapping` and
 * `G_synthesis` with `structure='fixed'`), as three tfjs-layers models:
 *
 * - mapping f: z → w. Pixel norm on z, then `mappingLayers` equalised-LR dense layers with LeakyReLU 0.2
 *   and a learning-rate multiplier of 0.01 (weights stored N(0, 1/λ), scaled by λ·√2/√fanIn at run time).
 * - synthesis g: per-layer styles [N, L, D] → image. A learned 4×4 constant, then per resolution two
 *   layers (the first of each block after 4×4 upsamples, nearest, before its 3×3 convolution), each
 *   ending with the official `layer_epilogue`: noise input with learned per-channel scales (B), bias,
 *   LeakyReLU 0.2, then AdaIN with the style y = A(w_i) — y_s·(x − μ(x))/σ(x) + y_b per feature map
 *   (seed 003's formula), with A an equalised dense layer (gain 1) and y_s = 1 + A(w)_s, as the official
 *   `x·(style[:,0] + 1) + style[:,1]`, so that y_s starts near 1 and y_b near 0. A 1×1 convolution (gain 1) makes the RGB output, linear as in the paper.
 * - the composite `generator`: z → mapping → {@link StyleBroadcast} (w for every layer; it holds the
 *   tracked mean w̄) → synthesis: what `gankit sample` and `gankit eval` draw from (ψ = 1, no mixing).
 *
 * As the official `G_synthesis`, the first convolution of each upsampled block is followed by the
 * [1, 2, 1] low-pass filter (`blur2d`, src/nn/blur.ts) before its epilogue; `model.blur: false` leaves it
 * out (the paper's ablation counts it with bilinear resampling, a small FID gain at 1024²).
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { AdaptiveInstanceNorm } from '../../nn/adain.js';
import { Blur2d } from '../../nn/blur.js';
import { EqualizedConv2D, EqualizedDense } from '../../nn/equalized.js';
import { NoiseInjection } from '../../nn/noise-injection.js';
import { PixelNorm } from '../../nn/pixel-norm.js';
import { Upsample2x } from '../../nn/resample.js';
import { ConstantInput, SelectStyle, StyleBroadcast } from './layers.js';
import { type StyleGanSpec, stageChannels, styleLayerCount } from './spec.js';

/** The parts of a StyleGAN generator, found in its composite model by {@link styleParts}. */
export interface StyleParts {
  mapping: tfl.LayersModel;
  synthesis: tfl.LayersModel;
  /** Holds the tracked mean w̄. */
  broadcast: StyleBroadcast;
  numLayers: number;
}

const lrelu = () => tfl.layers.leakyReLU({ alpha: 0.2 });
/** The official instance_norm's ε. */
const IN_EPSILON = 1e-8;

function buildMapping(spec: StyleGanSpec, next: () => number): tfl.LayersModel {
  const z = tfl.input({ shape: [spec.latentDim], name: 'z' });
  let x = new PixelNorm({ name: 'normalize_z' }).apply(z) as tfl.SymbolicTensor;
  for (let i = 0; i < spec.mappingLayers; i++) {
    x = new EqualizedDense({
      units: spec.wDim,
      lrMultiplier: spec.mappingLrMultiplier,
      seed: next(),
      name: `dense${i}`,
    }).apply(x) as tfl.SymbolicTensor;
    x = lrelu().apply(x) as tfl.SymbolicTensor;
  }
  return tfl.model({ inputs: z, outputs: x, name: 'mapping' });
}

function buildSynthesis(spec: StyleGanSpec, channels: number, next: () => number): tfl.LayersModel {
  const numLayers = styleLayerCount(spec.resolutionLog2);
  const ws = tfl.input({ shape: [numLayers, spec.wDim], name: 'ws' });
  const apply = (layer: tfl.layers.Layer, x: tfl.SymbolicTensor | tfl.SymbolicTensor[]) =>
    layer.apply(x) as tfl.SymbolicTensor;
  // Noise (B), LeakyReLU, AdaIN with style A(w_i): the official layer_epilogue (bias is in the conv).
  const epilogue = (input: tfl.SymbolicTensor, i: number, filters: number, res: number) => {
    const noisy = apply(new NoiseInjection({ seed: next(), name: `noise${i}_${res}` }), input);
    const x = apply(lrelu(), noisy);
    const w = apply(new SelectStyle({ index: i, name: `w${i}` }), ws);
    const style = apply(
      new EqualizedDense({ units: 2 * filters, gain: 1, seed: next(), name: `style${i}` }),
      w,
    );
    return apply(new AdaptiveInstanceNorm({ scaleOffset: 1, epsilon: IN_EPSILON, name: `adain${i}` }), [
      x,
      style,
    ]);
  };
  const conv = (x: tfl.SymbolicTensor, filters: number, name: string) =>
    apply(new EqualizedConv2D({ filters, kernelSize: 3, seed: next(), name }), x);
  const c4 = stageChannels(spec, 1);
  let x = apply(new ConstantInput({ size: [4, 4, c4], name: 'const' }), ws);
  x = epilogue(x, 0, c4, 4);
  x = epilogue(conv(x, c4, 'conv_4'), 1, c4, 4);
  for (let log2 = 3; log2 <= spec.resolutionLog2; log2++) {
    const res = 2 ** log2;
    const filters = stageChannels(spec, log2 - 1);
    x = apply(new Upsample2x({ name: `up_${res}` }), x);
    x = conv(x, filters, `conv0_${res}`);
    if (spec.blur) x = apply(new Blur2d({ name: `blur_${res}` }), x);
    x = epilogue(x, 2 * log2 - 4, filters, res);
    x = epilogue(conv(x, filters, `conv1_${res}`), 2 * log2 - 3, filters, res);
  }
  const rgb = apply(
    new EqualizedConv2D({ filters: channels, kernelSize: 1, gain: 1, seed: next(), name: 'to_rgb' }),
    x,
  );
  return tfl.model({ inputs: ws, outputs: rgb, name: 'synthesis' });
}

/** The mapping network, the synthesis network and their composite z → image. */
export function buildStyleGenerator(
  spec: StyleGanSpec,
  channels: number,
  next: () => number,
): { generator: tfl.LayersModel; parts: StyleParts } {
  const mapping = buildMapping(spec, next);
  const synthesis = buildSynthesis(spec, channels, next);
  const numLayers = styleLayerCount(spec.resolutionLog2);
  const broadcast = new StyleBroadcast({ numLayers, name: 'broadcast' });
  const z = tfl.input({ shape: [spec.latentDim], name: 'latent' });
  const ws = broadcast.apply(mapping.apply(z) as tfl.SymbolicTensor) as tfl.SymbolicTensor;
  const image = synthesis.apply(ws) as tfl.SymbolicTensor;
  const generator = tfl.model({ inputs: z, outputs: image, name: 'generator' });
  return { generator, parts: { mapping, synthesis, broadcast, numLayers } };
}

/** The StyleGAN parts of a composite generator, or undefined for another family's generator. */
export function styleParts(generator: tfl.LayersModel): StyleParts | undefined {
  const find = (name: string) => generator.layers.find((l) => l.name === name);
  const mapping = find('mapping');
  const synthesis = find('synthesis');
  const broadcast = generator.layers.find((l) => l instanceof StyleBroadcast) as StyleBroadcast | undefined;
  if (!(mapping instanceof tfl.LayersModel && synthesis instanceof tfl.LayersModel && broadcast))
    return undefined;
  return { mapping, synthesis, broadcast, numLayers: broadcast.numLayers };
}
