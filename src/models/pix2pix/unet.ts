/**
 * pix2pix's U-Net generator (Isola et al. 2017), as junyanz/pytorch-CycleGAN-and-pix2pix `UnetGenerator`
 * builds it from nested `UnetSkipConnectionBlock`s. Level l (0 = outermost) maps `outer` channels to
 * inner = filters·min(2^l, 8):
 *  - down: LeakyReLU 0.2 (not at level 0) → Conv 4×4 s2 p1 → norm (not at level 0, not innermost);
 *  - the next level (none for the innermost);
 *  - up: ReLU → ConvTranspose 4×4 s2 p1 → norm, or at level 0 ConvTranspose → tanh (with bias);
 *  - every level but the outermost returns concat(input, up) along channels (the skip connection).
 * Dropout 0.5 follows the up-norm of the levels l ≥ 4 that are not innermost — the official
 * `num_downs − 5` blocks at 8·filters — so networks with fewer than 6 downsamplings have none, as in the
 * official code. Convolutions carry a bias only with instance norm (official `use_bias`, see `convBias`);
 * the last transposed convolution always does.
 *
 * Torch's 4×4 s2 p1 convolution halves an even side exactly as TensorFlow's `same` padding does (one row
 * on each side), and its transposed convolution doubles it with the same alignment, so `same` layers give
 * the official sizes and values. Depth rule ({@link unetDepth}): the number of times H and W can both be
 * halved exactly, i.e. the largest d with 2^d dividing both — 256 → 8 (official `unet_256`), 128 → 7
 * (`unet_128`), 64 → 6 (down to 1×1), 32 → 5, 28 → 2 (28 → 14 → 7; 7 would floor to 3 and come back as 6).
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { SeededDropout } from '../../nn/dropout.js';
import { convBias, normLayer } from '../../nn/norm.js';
import { conv, convTranspose, type ImageToImageOptions, positiveInt } from '../image-to-image.js';
import { seeds } from '../init.js';

type Symbolic = tfl.SymbolicTensor;

/** Options of {@link buildUnetGenerator}. */
export interface UnetOptions extends ImageToImageOptions {
  /** Output channels (default: the input's). */
  outChannels?: number;
  /** Dropout rate of the 8·filters up-blocks (default 0.5, the official `use_dropout`; 0 disables). */
  dropout?: number;
  /** Number of downsamplings (default {@link unetDepth}); 2^downs must divide H and W. */
  downs?: number;
}

/** The largest d such that 2^d divides both h and w: as many exact halvings as the image allows. */
export function unetDepth(h: number, w: number): number {
  let d = 0;
  while (h % 2 ** (d + 1) === 0 && w % 2 ** (d + 1) === 0) d++;
  return d;
}

/**
 * Builds the U-Net: input [N, H, W, C] → output [N, H, W, outChannels] in (−1, 1). Defaults: 64 filters,
 * batch norm (pix2pix's `--norm batch`), dropout 0.5, depth {@link unetDepth}.
 */
export function buildUnetGenerator(opts: UnetOptions): tfl.LayersModel {
  const [h, w, inChannels] = opts.imageShape;
  const name = opts.name ?? 'unet_generator';
  const filters = positiveInt(opts.filters ?? 64, 'unet: filters');
  const outChannels = positiveInt(opts.outChannels ?? inChannels, 'unet: outChannels');
  const downs = positiveInt(opts.downs ?? unetDepth(h, w), `unet: downs (for ${h}x${w})`);
  if (h % 2 ** downs !== 0 || w % 2 ** downs !== 0) {
    throw new RangeError(
      `unet: ${downs} downsamplings need H and W divisible by ${2 ** downs}, got ${h}x${w}`,
    );
  }
  const norm = opts.norm ?? 'batch';
  const rate = opts.dropout ?? 0.5;
  const useBias = convBias(norm);
  const next = seeds(opts.seed ?? 0);
  const width = (level: number) => filters * Math.min(2 ** level, 8);
  const id = (level: number, part: string) => `${name}_l${level}_${part}`;
  const apply = (layer: tfl.layers.Layer | null, x: Symbolic) => (layer ? (layer.apply(x) as Symbolic) : x);
  const normed = (level: number, part: string, x: Symbolic) =>
    apply(normLayer(norm, id(level, part), next()), x);

  /** Level `level` applied to `x`; every level but the outermost returns concat(x, up). */
  const level = (l: number, x: Symbolic): Symbolic => {
    const outermost = l === 0;
    const innermost = l === downs - 1;
    const outer = outermost ? outChannels : width(l - 1);
    let d = outermost ? x : apply(tfl.layers.leakyReLU({ alpha: 0.2, name: id(l, 'down_lrelu') }), x);
    const down = { filters: width(l), kernelSize: 4, strides: 2, padding: 'same' as const, useBias };
    d = apply(conv({ ...down, name: id(l, 'down_conv') }, next), d);
    if (!outermost && !innermost) d = normed(l, 'down_norm', d);
    let u = innermost ? d : level(l + 1, d);
    u = apply(tfl.layers.reLU({ name: id(l, 'up_relu') }), u);
    const up = {
      filters: outer,
      kernelSize: 4,
      strides: 2,
      padding: 'same' as const,
      name: id(l, 'up_conv'),
    };
    u = apply(convTranspose({ ...up, useBias: outermost || useBias }, next), u);
    if (outermost) return apply(tfl.layers.activation({ activation: 'tanh', name: `${name}_tanh` }), u);
    u = normed(l, 'up_norm', u);
    if (l >= 4 && !innermost && rate > 0)
      u = apply(new SeededDropout({ rate, seed: next(), name: id(l, 'dropout') }), u);
    return tfl.layers.concatenate({ axis: -1, name: id(l, 'skip') }).apply([x, u]) as Symbolic;
  };

  const input = tfl.input({ shape: [h, w, inChannels], name: `${name}_input` });
  return tfl.model({ inputs: input, outputs: level(0, input), name });
}
