/**
 * Weight initialisation shared by the convolutional families. One run seed gives every layer its own
 * initializer seed (so weights are reproducible, yet no two layers draw the same numbers), and the
 * N(μ, 0.02) Gaussian that DCGAN (Radford et al. 2015) and pix2pix / CycleGAN
 * (junyanz/pytorch-CycleGAN-and-pix2pix `init_weights(init_type='normal', init_gain=0.02)`) use.
 */
import * as tfl from '@tensorflow/tfjs-layers';

/** Derives a distinct initializer seed per layer so weights are reproducible from one run seed. */
export function seeds(base: number): () => number {
  let i = 0;
  return () => (base * 1000003 + ++i * 7919) % 2147483647;
}

/**
 * N(mean, 0.02²) with the next seed of `next`: mean 0 for convolution kernels, mean 1 for batch-norm
 * scales (the official code's `init.normal_(m.weight, 1.0, 0.02)`).
 */
export function gaussianInit(next: () => number, mean = 0) {
  return tfl.initializers.randomNormal({ mean, stddev: 0.02, seed: next() });
}

/**
 * He (Kaiming) normal: N(0, 2 / fan_in), as torch's `kaiming_normal_(mode='fan_in',
 * nonlinearity='relu')` — the initialisation of every StarGAN v2 layer (clovaai/stargan-v2
 * `utils.he_init`; biases 0). Plain, not truncated (tfjs's heNormal truncates at 2σ).
 */
export function heNormalInit(next: () => number, fanIn: number) {
  return tfl.initializers.randomNormal({ mean: 0, stddev: Math.sqrt(2 / fanIn), seed: next() });
}
