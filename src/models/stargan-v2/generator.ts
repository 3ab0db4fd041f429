/**
 * StarGAN v2's generator G(x, s) (clovaai/stargan-v2 `Generator`, `w_hpf = 0`): from_rgb conv3×3 to
 * `filters` channels; an encoder of `downsamples` ResBlks (instance norm, avg-pool downsampling, channels
 * doubling up to `maxFilters`) and two bottleneck ResBlks; a decoder that mirrors it with AdaIN ResBlks
 * under the style s (two at the bottleneck, then `downsamples` with nearest upsampling); to_rgb =
 * IN → LeakyReLU(0.2) → conv1×1 to the image channels. The output is linear, as the official one (no tanh).
 * Official at 256 px: filters 2¹⁴/256 = 64, maxFilters 512, 4 downsamplings.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import type { ImageShape } from '../types.js';
import { seeds } from '../init.js';
import {
  adainResBlock,
  type Builder,
  conv,
  instanceNorm,
  leakyRelu,
  resBlock,
  type Symbolic,
} from './layers.js';

export interface GeneratorOptions {
  imageShape: ImageShape;
  styleDim: number;
  filters: number;
  maxFilters: number;
  downsamples: number;
  seed: number;
  name?: string;
}

/** Inputs [x: [N, H, W, C], s: [N, styleDim]] → G(x, s): [N, H, W, C]. */
export function buildStarGanGenerator(o: GeneratorOptions): tfl.LayersModel {
  const [h, w, c] = o.imageShape;
  const side = 2 ** o.downsamples;
  if (h % side !== 0 || w % side !== 0)
    throw new RangeError(
      `stargan-v2 generator: ${h}×${w} images cannot be halved ${o.downsamples} times (model.generator.downsamples)`,
    );
  const b: Builder = { name: o.name ?? 'generator', next: seeds(o.seed) };
  const x = tfl.input({ shape: [h, w, c], name: `${b.name}_x` });
  const s = tfl.input({ shape: [o.styleDim], name: `${b.name}_s` });
  let t: Symbolic = conv(b, 'from_rgb', x, o.filters, 3);
  const dims: number[] = [];
  let dim = o.filters;
  for (let i = 0; i < o.downsamples; i++) {
    dims.push(dim);
    dim = Math.min(2 * dim, o.maxFilters);
    t = resBlock(b, `enc${i}`, t, dim, { normalize: true, downsample: true });
  }
  for (let i = 0; i < 2; i++)
    t = resBlock(b, `bottleneck${i}`, t, dim, { normalize: true, downsample: false });
  for (let i = 0; i < 2; i++) t = adainResBlock(b, `dec_bottleneck${i}`, t, s, dim, false);
  for (let i = o.downsamples - 1; i >= 0; i--) t = adainResBlock(b, `dec${i}`, t, s, dims[i], true);
  const out = conv(b, 'to_rgb', leakyRelu(b, 'to_rgb', instanceNorm(b, 'to_rgb', t)), c, 1);
  return tfl.model({ inputs: [x, s], outputs: out, name: b.name });
}
