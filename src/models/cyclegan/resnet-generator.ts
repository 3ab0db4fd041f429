/**
 * CycleGAN's ResNet generator (Zhu et al. 2017, after Johnson et al. 2016), as
 * junyanz/pytorch-CycleGAN-and-pix2pix `ResnetGenerator` builds it: ReflectionPad 3 → Conv 7×7 (filters) →
 * norm → ReLU; two downsamplings Conv 3×3 s2 p1 (×2 filters) → norm → ReLU; `blocks` ResnetBlocks
 * x + [ReflectionPad 1 → Conv 3×3 → norm → ReLU → (dropout) → ReflectionPad 1 → Conv 3×3 → norm](x);
 * two upsamplings ConvTranspose 3×3 s2 p1 output_padding 1 (÷2 filters) → norm → ReLU;
 * ReflectionPad 3 → Conv 7×7 (with bias) → tanh. The other convolutions have a bias only with instance
 * norm (official `use_bias`).
 *
 * Torch's paddings are reproduced exactly rather than by TensorFlow's `same`, which for an even side puts
 * a 3×3 s2 convolution's extra row at the end instead of one on each side: downsampling is ZeroPadding 1
 * + `valid`; upsampling is a `valid` transposed convolution (side 2n + 1) cropped by its first row and
 * column — torch's padding=1, output_padding=1. H and W must be multiples of 4 (and ≥ 8).
 *
 * Blocks rule ({@link defaultResnetBlocks}): the CycleGAN paper's 9 blocks from 256 px, 6 below (its
 * 128 px choice, also used at 64), 3 below 64 px — at 28 px the 7×7 bottleneck is already covered by the
 * receptive field of 3 blocks (each adds 4 bottleneck cells).
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { SeededDropout } from '../../nn/dropout.js';
import { convBias, normLayer } from '../../nn/norm.js';
import { ReflectionPadding2D } from '../../nn/reflection-pad.js';
import { conv, convTranspose, type ImageToImageOptions, positiveInt } from '../image-to-image.js';
import { seeds } from '../init.js';

type Symbolic = tfl.SymbolicTensor;

/** Options of {@link buildResnetGenerator}. */
export interface ResnetGeneratorOptions extends ImageToImageOptions {
  /** Output channels (default: the input's). */
  outChannels?: number;
  /** Residual blocks at the bottleneck, the official `n_blocks` (default {@link defaultResnetBlocks}). */
  blocks?: number;
  /** Dropout rate inside each block (default 0: CycleGAN sets `no_dropout`; the official option is 0.5). */
  dropout?: number;
}

/** 9 residual blocks for sides ≥ 256, 6 for ≥ 64, else 3 (see the module comment). */
export function defaultResnetBlocks(size: number): number {
  if (size >= 256) return 9;
  return size >= 64 ? 6 : 3;
}

/**
 * Builds the ResNet generator: input [N, H, W, C] → output [N, H, W, outChannels] in (−1, 1). Defaults:
 * 64 filters, instance norm (CycleGAN's `--norm instance`), no dropout, blocks {@link defaultResnetBlocks}.
 */
export function buildResnetGenerator(opts: ResnetGeneratorOptions): tfl.LayersModel {
  const [h, w, inChannels] = opts.imageShape;
  const name = opts.name ?? 'resnet_generator';
  const filters = positiveInt(opts.filters ?? 64, 'resnet: filters');
  const outChannels = positiveInt(opts.outChannels ?? inChannels, 'resnet: outChannels');
  const blocks = positiveInt(opts.blocks ?? defaultResnetBlocks(Math.min(h, w)), 'resnet: blocks');
  if (h % 4 !== 0 || w % 4 !== 0 || h < 8 || w < 8) {
    throw new RangeError(`resnet: H and W must be multiples of 4 and at least 8, got ${h}x${w}`);
  }
  const norm = opts.norm ?? 'instance';
  const rate = opts.dropout ?? 0;
  const useBias = convBias(norm);
  const next = seeds(opts.seed ?? 0);
  const apply = (layer: tfl.layers.Layer | null, x: Symbolic) => (layer ? (layer.apply(x) as Symbolic) : x);
  const relu = (id: string, x: Symbolic) => apply(tfl.layers.reLU({ name: `${name}_${id}_relu` }), x);
  const normed = (id: string, x: Symbolic) => apply(normLayer(norm, `${name}_${id}_norm`, next()), x);
  const reflect = (id: string, p: number, x: Symbolic) =>
    apply(new ReflectionPadding2D({ padding: p, name: `${name}_${id}_pad` }), x);
  /** Conv k×k (valid) with `f` filters after the input was padded: the official conv + norm layers. */
  const convNorm = (id: string, x: Symbolic, f: number, kernelSize: number, strides = 1) =>
    normed(
      id,
      apply(conv({ filters: f, kernelSize, strides, useBias, name: `${name}_${id}_conv` }, next), x),
    );

  const input = tfl.input({ shape: [h, w, inChannels], name: `${name}_input` });
  let x = relu('head', convNorm('head', reflect('head', 3, input), filters, 7));
  for (let i = 0; i < 2; i++) {
    const id = `down${i}`;
    const padded = apply(tfl.layers.zeroPadding2d({ padding: 1, name: `${name}_${id}_pad` }), x);
    x = relu(id, convNorm(id, padded, filters * 2 ** (i + 1), 3, 2));
  }
  const width = filters * 4;
  for (let b = 0; b < blocks; b++) {
    const id = `block${b}`;
    let y = relu(`${id}a`, convNorm(`${id}a`, reflect(`${id}a`, 1, x), width, 3));
    if (rate > 0) y = apply(new SeededDropout({ rate, seed: next(), name: `${name}_${id}_dropout` }), y);
    y = convNorm(`${id}b`, reflect(`${id}b`, 1, y), width, 3);
    x = tfl.layers.add({ name: `${name}_${id}_add` }).apply([x, y]) as Symbolic;
  }
  for (let i = 0; i < 2; i++) {
    const id = `up${i}`;
    const f = width / 2 ** (i + 1);
    const spec = { filters: f, kernelSize: 3, strides: 2, useBias, name: `${name}_${id}_conv` };
    const full = apply(convTranspose(spec, next), x);
    const cropped = apply(
      tfl.layers.cropping2D({
        cropping: [
          [1, 0],
          [1, 0],
        ],
        name: `${name}_${id}_crop`,
      }),
      full,
    );
    x = relu(id, normed(id, cropped));
  }
  const tail = { filters: outChannels, kernelSize: 7, useBias: true, name: `${name}_tail_conv` };
  const y = apply(conv(tail, next), reflect('tail', 3, x));
  const output = apply(tfl.layers.activation({ activation: 'tanh', name: `${name}_tanh` }), y);
  return tfl.model({ inputs: input, outputs: output, name });
}
