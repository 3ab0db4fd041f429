/**
 * StyleGAN's discriminator, equalised learning rate throughout (Karras et al. 2019, which keeps
 * ProGAN's D; the official `D_basic` with `structure='fixed'`), or StyleGAN2's residual variant
 * (Karras et al. 2020, `D_stylegan2(architecture='resnet')`):
 *
 *   fromRGB: 1×1 conv → LeakyReLU 0.2, nf(R − 1) channels
 *   per resolution r from R down to 8: 3×3 conv nf(r − 1) → LReLU → 3×3 conv nf(r − 2) → LReLU → 2×2 average
 *     (resnet: plus a skip path 2×2 average → 1×1 conv nf(r − 2) without bias, gain 1; the sum × 1/√2)
 *   4×4: minibatch stddev (group 4) → 3×3 conv nf(1) → LReLU → dense nf(0) → LReLU → dense 1 (gain 1)
 *
 * The official code convolves, then downsamples (its non-fused `conv2d_downscale2d` below 128²), and
 * low-pass filters the input of that convolution with [1, 2, 1] (`blur2d`; `model.blur: false` leaves
 * it out). The residual variant's skip path is downsampled by the 2×2 average alone.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { Blur2d } from '../../nn/blur.js';
import { EqualizedConv2D, EqualizedDense } from '../../nn/equalized.js';
import { MinibatchStdDev } from '../../nn/minibatch-stddev.js';
import { Downsample2x } from '../../nn/resample.js';
import type { ImageShape } from '../types.js';
import { ResidualSum } from './layers.js';
import { type StyleGanSpec, stageChannels } from './spec.js';

export function buildStyleDiscriminator(
  spec: StyleGanSpec,
  shape: ImageShape,
  next: () => number,
): tfl.LayersModel {
  const apply = (layer: tfl.layers.Layer, x: tfl.SymbolicTensor | tfl.SymbolicTensor[]) =>
    layer.apply(x) as tfl.SymbolicTensor;
  const lrelu = (x: tfl.SymbolicTensor) => apply(tfl.layers.leakyReLU({ alpha: 0.2 }), x);
  const conv = (x: tfl.SymbolicTensor, filters: number, kernelSize: number, name: string, extra = {}) =>
    apply(new EqualizedConv2D({ filters, kernelSize, seed: next(), name, ...extra }), x);
  const nf = (stage: number) => stageChannels(spec, stage);
  const R = spec.resolutionLog2;
  const image = tfl.input({ shape, name: 'image' });
  let x = lrelu(conv(image, nf(R - 1), 1, 'from_rgb'));
  for (let log2 = R; log2 >= 3; log2--) {
    const res = 2 ** log2;
    const skip = x;
    x = lrelu(conv(x, nf(log2 - 1), 3, `conv0_${res}`));
    if (spec.blur) x = apply(new Blur2d({ name: `blur_${res}` }), x);
    x = lrelu(conv(x, nf(log2 - 2), 3, `conv1_${res}`));
    x = apply(new Downsample2x({ name: `down_${res}` }), x);
    if (spec.discriminator === 'resnet') {
      const s = apply(new Downsample2x({ name: `skip_down_${res}` }), skip);
      const t = conv(s, nf(log2 - 2), 1, `skip_${res}`, { gain: 1, useBias: false });
      x = apply(new ResidualSum({ name: `residual_${res}` }), [x, t]);
    }
  }
  x = apply(new MinibatchStdDev({ groupSize: spec.mbstdGroup, name: 'minibatch_stddev' }), x);
  x = lrelu(conv(x, nf(1), 3, 'conv_4'));
  x = apply(tfl.layers.flatten(), x);
  x = lrelu(apply(new EqualizedDense({ units: nf(0), seed: next(), name: 'dense0' }), x));
  const logit = apply(new EqualizedDense({ units: 1, gain: 1, seed: next(), name: 'logit' }), x);
  return tfl.model({ inputs: image, outputs: logit, name: 'discriminator' });
}
