/**
 * The layers StarGAN v2's networks are made of (clovaai/stargan-v2 core/model.py), as tfjs-layers
 * functional pieces: convolutions and linear layers He-initialised with zero biases (`utils.he_init`),
 * LeakyReLU(0.2), and `ResBlk` — the pre-activation residual block of the encoder, the style encoder
 * and the discriminator:
 *
 *   shortcut(x) = avgpool₂(conv1×1(x))              (conv1×1 without bias only when dim_in ≠ dim_out,
 *                                                    the pooling only when downsampling)
 *   residual(x) = conv3×3(lrelu(IN(avgpool₂(conv3×3(lrelu(IN(x)))))))   (IN: affine instance norm, only
 *                                                    with `normalize`; dim_in → dim_in → dim_out)
 *   ResBlk(x)   = (shortcut(x) + residual(x)) / √2
 *
 * and `AdainResBlk`, the decoder's block, whose norms are AdaIN of the style s, (1 + γ(s))·IN(x) + β(s)
 * with [γ, β] one linear layer of s per norm (src/nn/adain.ts with scaleOffset 1), and whose resampling
 * is nearest 2× upsampling:
 *
 *   shortcut(x)    = conv1×1(up₂(x))                (as above: only when needed)
 *   residual(x, s) = conv3×3(lrelu(AdaIN(conv3×3(up₂(lrelu(AdaIN(x, s)))), s)))   (dim_in → dim_out → dim_out)
 *   AdainResBlk    = (shortcut(x) + residual(x, s)) / √2
 *
 * (the official `w_hpf = 0` form: without the face-landmark high-pass path, which needs a pretrained FAN).
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { AdaptiveInstanceNorm } from '../../nn/adain.js';
import { InstanceNormalization } from '../../nn/instance-norm.js';
import { Downsample2x, Upsample2x } from '../../nn/resample.js';
import { ScaledAdd } from '../../nn/scaled-add.js';
import { heNormalInit } from '../init.js';

export type Symbolic = tfl.SymbolicTensor;

/** Where a network's layers get their names and initializer seeds. */
export interface Builder {
  /** Network name; every layer name is prefixed with it. */
  readonly name: string;
  /** The next initializer seed. */
  readonly next: () => number;
}

/** Channels of an NHWC symbolic tensor. */
export function channels(x: Symbolic): number {
  return x.shape[3] as number;
}

/** A k×k stride-1 convolution, `same` padding (torch's padding (k−1)/2 for odd k), He init. */
export function conv(
  b: Builder,
  id: string,
  x: Symbolic,
  filters: number,
  kernelSize: number,
  useBias = true,
): Symbolic {
  return tfl.layers
    .conv2d({
      filters,
      kernelSize,
      padding: kernelSize === 1 ? 'valid' : 'same',
      useBias,
      kernelInitializer: heNormalInit(b.next, kernelSize * kernelSize * channels(x)),
      name: `${b.name}_${id}`,
    })
    .apply(x) as Symbolic;
}

/** A k×k `valid` convolution (the discriminator's and style encoder's last spatial layer), He init. */
export function convValid(
  b: Builder,
  id: string,
  x: Symbolic,
  filters: number,
  kernelSize: number,
): Symbolic {
  return tfl.layers
    .conv2d({
      filters,
      kernelSize,
      padding: 'valid',
      kernelInitializer: heNormalInit(b.next, kernelSize * kernelSize * channels(x)),
      name: `${b.name}_${id}`,
    })
    .apply(x) as Symbolic;
}

/** A linear layer, He init, zero bias. */
export function dense(b: Builder, id: string, x: Symbolic, units: number): Symbolic {
  return tfl.layers
    .dense({
      units,
      kernelInitializer: heNormalInit(b.next, x.shape[x.shape.length - 1] as number),
      name: `${b.name}_${id}`,
    })
    .apply(x) as Symbolic;
}

export function leakyRelu(b: Builder, id: string, x: Symbolic): Symbolic {
  return tfl.layers.leakyReLU({ alpha: 0.2, name: `${b.name}_${id}_lrelu` }).apply(x) as Symbolic;
}

export function relu(b: Builder, id: string, x: Symbolic): Symbolic {
  return tfl.layers.reLU({ name: `${b.name}_${id}_relu` }).apply(x) as Symbolic;
}

/** Instance norm with a learned per-channel scale and shift (torch `InstanceNorm2d(affine=True)`). */
export function instanceNorm(b: Builder, id: string, x: Symbolic): Symbolic {
  return new InstanceNormalization({ affine: true, name: `${b.name}_${id}_in` }).apply(x) as Symbolic;
}

/** (a + b) / √2. */
export function residualSum(b: Builder, id: string, shortcut: Symbolic, residual: Symbolic): Symbolic {
  return new ScaledAdd({ scale: Math.SQRT1_2, name: `${b.name}_${id}_sum` }).apply([
    shortcut,
    residual,
  ]) as Symbolic;
}

/** ResBlk (see the module comment) from `x` to `dimOut` channels. */
export function resBlock(
  b: Builder,
  id: string,
  x: Symbolic,
  dimOut: number,
  opts: { normalize: boolean; downsample: boolean },
): Symbolic {
  const dimIn = channels(x);
  const down = (tag: string, t: Symbolic) =>
    opts.downsample ? (new Downsample2x({ name: `${b.name}_${id}_${tag}_down` }).apply(t) as Symbolic) : t;
  const norm = (tag: string, t: Symbolic) => (opts.normalize ? instanceNorm(b, `${id}_${tag}`, t) : t);
  const shortcut = down('sc', dimIn !== dimOut ? conv(b, `${id}_sc`, x, dimOut, 1, false) : x);
  let r = conv(b, `${id}_conv1`, leakyRelu(b, `${id}_a`, norm('norm1', x)), dimIn, 3);
  r = down('res', r);
  r = conv(b, `${id}_conv2`, leakyRelu(b, `${id}_b`, norm('norm2', r)), dimOut, 3);
  return residualSum(b, id, shortcut, r);
}

/** AdaIN of style `s`: (1 + γ)·IN(x) + β with [γ, β] = a linear layer of s (zero-initialised bias). */
export function adain(b: Builder, id: string, x: Symbolic, s: Symbolic): Symbolic {
  const style = dense(b, `${id}_fc`, s, 2 * channels(x));
  return new AdaptiveInstanceNorm({ scaleOffset: 1, name: `${b.name}_${id}` }).apply([x, style]) as Symbolic;
}

/** AdainResBlk (see the module comment) from `x` to `dimOut` channels under style `s`. */
export function adainResBlock(
  b: Builder,
  id: string,
  x: Symbolic,
  s: Symbolic,
  dimOut: number,
  upsample: boolean,
): Symbolic {
  const up = (tag: string, t: Symbolic) =>
    upsample ? (new Upsample2x({ name: `${b.name}_${id}_${tag}_up` }).apply(t) as Symbolic) : t;
  const upX = up('sc', x);
  const shortcut = channels(x) !== dimOut ? conv(b, `${id}_sc`, upX, dimOut, 1, false) : upX;
  let r = up('res', leakyRelu(b, `${id}_a`, adain(b, `${id}_norm1`, x, s)));
  r = conv(b, `${id}_conv1`, r, dimOut, 3);
  r = conv(b, `${id}_conv2`, leakyRelu(b, `${id}_b`, adain(b, `${id}_norm2`, r, s)), dimOut, 3);
  return residualSum(b, id, shortcut, r);
}

/** One output per domain side by side (the heads of F and E): their concatenation, or the only one. */
export function concatHeads(b: Builder, heads: Symbolic[]): Symbolic {
  return heads.length > 1
    ? (tfl.layers.concatenate({ name: `${b.name}_heads` }).apply(heads) as Symbolic)
    : heads[0];
}
