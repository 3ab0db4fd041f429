/**
 * What the image-to-image networks (pix2pix's U-Net and PatchGAN, CycleGAN's ResNet generator) share:
 * their common options and the convolution layers they are built from, all initialised as the official
 * code does (junyanz/pytorch-CycleGAN-and-pix2pix `init_weights`: kernels N(0, 0.02), biases 0).
 */
import * as tfl from '@tensorflow/tfjs-layers';
import type { NormKind } from '../nn/norm.js';
import { gaussianInit } from './init.js';
import type { ImageShape } from './types.js';

/** Options every image-to-image network takes. */
export interface ImageToImageOptions {
  /** Input image [height, width, channels] (NHWC without N; pixels in [−1, 1]). */
  imageShape: ImageShape;
  /** Base number of filters: the official `ngf` / `ndf` (default 64). */
  filters?: number;
  /** Normalisation after the convolutions (defaults: pix2pix `batch`, CycleGAN `instance`). */
  norm?: NormKind;
  /** Seed of every initializer and dropout stream (default 0). */
  seed?: number;
  /** Model name; layer names are prefixed with it. */
  name?: string;
}

/** A positive integer option, or a RangeError naming it. */
export function positiveInt(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${what} must be a positive integer, got ${value}`);
  return value;
}

/** Options of one convolution in {@link conv} / {@link convTranspose}. */
export interface ConvSpec {
  filters: number;
  kernelSize: number;
  strides?: number;
  padding?: 'same' | 'valid';
  useBias: boolean;
  name: string;
}

/** A Conv2D with the official N(0, 0.02) kernel init and zero bias. */
export function conv(spec: ConvSpec, next: () => number): tfl.layers.Layer {
  return tfl.layers.conv2d({
    ...spec,
    padding: spec.padding ?? 'valid',
    kernelInitializer: gaussianInit(next),
  });
}

/** A Conv2DTranspose with the official N(0, 0.02) kernel init and zero bias. */
export function convTranspose(spec: ConvSpec, next: () => number): tfl.layers.Layer {
  return tfl.layers.conv2dTranspose({
    ...spec,
    padding: spec.padding ?? 'valid',
    kernelInitializer: gaussianInit(next),
  });
}
