/**
 * The small fully-connected GAN of the benchmark's MLP row (and of bench/pytorch_dcgan.py's `mlp`):
 * G 100 → 256 → 512 → 784 (LeakyReLU 0.2, tanh), D 784 → 512 → 256 → 1 logit (LeakyReLU 0.2).
 */
import * as tfl from '@tensorflow/tfjs-layers';
import type { GanNetworks } from '../models/types.js';

export function buildMlpGan(seed: number): GanNetworks {
  let i = 0;
  const init = () => tfl.initializers.glorotUniform({ seed: seed * 1009 + ++i });
  const dense = (units: number, extra: Record<string, unknown> = {}) =>
    tfl.layers.dense({ units, kernelInitializer: init(), ...extra });
  const lrelu = () => tfl.layers.leakyReLU({ alpha: 0.2 });
  const generator = tfl.sequential({
    layers: [
      dense(256, { inputShape: [100] }),
      lrelu(),
      dense(512),
      lrelu(),
      dense(784, { activation: 'tanh' }),
    ],
  });
  const discriminator = tfl.sequential({
    layers: [dense(512, { inputShape: [784] }), lrelu(), dense(256), lrelu(), dense(1)],
  });
  return { generator, discriminator, latentDim: 100, imageShape: [784, 1, 1] };
}
