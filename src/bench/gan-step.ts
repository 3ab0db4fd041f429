/**
 * One GAN training step as the seeds run it: D on `batch` real + `batch` fake with BCE on logits, then
 * G on `batch` fresh codes, with tfjs's optimizers: the native-vs-cpu DCGAN parity test's step.
 */
import * as tf from '@tensorflow/tfjs-core';
import { nonSaturatingLoss } from '../losses/bce.js';
import type { GanNetworks } from '../models/types.js';

export interface GanStep {
  /** Runs one step on `real` and the two noise batches; returns [d_loss, g_loss] (read back). */
  run(real: tf.Tensor, zD: tf.Tensor, zG: tf.Tensor): [number, number];
}

/** A step closure with its own optimizers (`adam` lr 2e-4 β1 0.5 as in DCGAN, or `rmsprop`). */
export function makeGanStep(net: GanNetworks, optimizer: 'adam' | 'rmsprop' = 'adam'): GanStep {
  const make = () => (optimizer === 'adam' ? tf.train.adam(2e-4, 0.5) : tf.train.rmsprop(1e-3));
  const dOpt = make();
  const gOpt = make();
  const loss = nonSaturatingLoss();
  const dVars = net.discriminator.trainableWeights.map((w) => w.read() as tf.Variable);
  const gVars = net.generator.trainableWeights.map((w) => w.read() as tf.Variable);
  return {
    run(real, zD, zG) {
      const dLoss = dOpt.minimize(
        () => {
          const fake = net.generator.apply(zD, { training: true }) as tf.Tensor;
          const dReal = net.discriminator.apply(real, { training: true }) as tf.Tensor;
          const dFake = net.discriminator.apply(fake, { training: true }) as tf.Tensor;
          return loss.discriminator(dReal, dFake);
        },
        true,
        dVars,
      )!;
      const gLoss = gOpt.minimize(
        () => {
          const fake = net.generator.apply(zG, { training: true }) as tf.Tensor;
          return loss.generator(net.discriminator.apply(fake, { training: true }) as tf.Tensor);
        },
        true,
        gVars,
      )!;
      const out: [number, number] = [dLoss.dataSync()[0], gLoss.dataSync()[0]];
      dLoss.dispose();
      gLoss.dispose();
      return out;
    },
  };
}
