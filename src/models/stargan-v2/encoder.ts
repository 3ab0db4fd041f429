/**
 * StarGAN v2's style encoder E and discriminator D (clovaai/stargan-v2 `StyleEncoder`, `Discriminator`)
 * share one trunk: conv3×3 to `filters` channels, ResBlks without normalisation that halve the image
 * (channels doubling up to `maxFilters`), LeakyReLU(0.2), a `valid` convolution covering the remaining
 * side (4×4 at the official 256 px), LeakyReLU(0.2). The official trunk halves log₂(size) − 2 times down to
 * 4×4; here it halves while the side is even and above 4 (28 → 14 → 7, then a 7×7 convolution; 32 and
 * 64 → 4 as officially). E then has one linear head of `styleDim` per domain, D a conv1×1 with one
 * output per domain; both output every domain side by side ([N, K·styleDim], [N, K]) and the objective
 * picks domain y's (src/models/stargan-v2/index.ts `pickDomain`).
 */
import * as tfl from '@tensorflow/tfjs-layers';
import type { ImageShape } from '../types.js';
import { seeds } from '../init.js';
import {
  type Builder,
  concatHeads,
  conv,
  convValid,
  dense,
  leakyRelu,
  resBlock,
  type Symbolic,
} from './layers.js';

export interface EncoderOptions {
  imageShape: ImageShape;
  domains: number;
  filters: number;
  maxFilters: number;
  seed: number;
  name: string;
}

/** The number of halvings of the trunk for a side (see the module comment). */
export function trunkDownsamples(side: number): number {
  let k = 0;
  for (let s = side; s % 2 === 0 && s > 4; s /= 2) k++;
  return k;
}

function trunk(b: Builder, o: EncoderOptions): { input: Symbolic; features: Symbolic } {
  const [h, w, c] = o.imageShape;
  const input = tfl.input({ shape: [h, w, c], name: `${b.name}_x` });
  const k = trunkDownsamples(Math.min(h, w));
  let t = conv(b, 'from_rgb', input, o.filters, 3);
  let dim = o.filters;
  for (let i = 0; i < k; i++) {
    dim = Math.min(2 * dim, o.maxFilters);
    t = resBlock(b, `block${i}`, t, dim, { normalize: false, downsample: true });
  }
  const side = [h / 2 ** k, w / 2 ** k];
  if (side[0] !== side[1]) throw new RangeError(`stargan-v2: ${b.name} needs square images, got ${h}×${w}`);
  t = leakyRelu(b, 'head', convValid(b, 'head', leakyRelu(b, 'trunk', t), dim, side[0]));
  return { input, features: tfl.layers.flatten({ name: `${b.name}_flatten` }).apply(t) as Symbolic };
}

/** E: x → every domain's style, [N, domains · styleDim]. */
export function buildStyleEncoder(o: EncoderOptions & { styleDim: number }): tfl.LayersModel {
  const b: Builder = { name: o.name, next: seeds(o.seed) };
  const { input, features } = trunk(b, o);
  const heads = Array.from({ length: o.domains }, (_, k) => dense(b, `head${k}`, features, o.styleDim));
  return tfl.model({ inputs: input, outputs: concatHeads(b, heads), name: b.name });
}

/** D: x → one logit per domain, [N, domains]. */
export function buildDiscriminator(o: EncoderOptions): tfl.LayersModel {
  const b: Builder = { name: o.name, next: seeds(o.seed) };
  const { input, features } = trunk(b, o);
  return tfl.model({ inputs: input, outputs: dense(b, 'out', features, o.domains), name: b.name });
}
