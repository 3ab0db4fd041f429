/**
 * Minimax vs non-saturating generator losses near D(G(z)) = 0 (seeds 001 and 003): early in training D
 * easily rejects fakes, D(G(z)) ≈ 0. The minimax generator minimises log(1 − D(G(z))), whose gradient with
 * respect to D's logit l is −σ(l) = −D: it vanishes exactly where the generator is worst. The
 * non-saturating generator maximises log D(G(z)) instead, gradient −(1 − D) → −1 there. Printed: gankit's
 * two loss functions (`minimax`, `non-saturating`) differentiated by tfjs autograd at several values of
 * D(G(z)), next to those closed forms.
 *   npm run example -- generator-gradients [--smoke]
 */
import * as tf from '@tensorflow/tfjs-core';
import { makeLoss } from '../src/index.js';
import { exampleArgs, startBackend } from './lib/cli.js';

exampleArgs('generator-gradients [--smoke]', {});
await startBackend();
const dValues = [1e-4, 1e-3, 1e-2, 0.1, 0.5, 0.9, 0.99];
const logits = tf.tensor1d(dValues.map((d) => Math.log(d / (1 - d))));
const n = dValues.length;
const minimax = makeLoss('minimax');
const nonSaturating = makeLoss('non-saturating');
// The losses average over the batch; × n gives each sample's own gradient.
const perSample = (loss: typeof minimax) =>
  Array.from(tf.mul(tf.grad((l: tf.Tensor) => loss.generator(l))(logits), n).dataSync());
const gMinimax = perSample(minimax);
const gNonSat = perSample(nonSaturating);
console.log(
  'D(G(z))   minimax ∂/∂l log(1−D)   closed form −D   non-saturating ∂/∂l −log D   closed form −(1−D)',
);
let worst = 0;
dValues.forEach((d, i) => {
  worst = Math.max(worst, Math.abs(gMinimax[i] + d), Math.abs(gNonSat[i] + (1 - d)));
  console.log(
    `${String(d).padEnd(9)} ${gMinimax[i].toExponential(4).padStart(22)} ${(-d).toExponential(4).padStart(16)} ${gNonSat[i].toExponential(4).padStart(28)} ${(-(1 - d)).toExponential(4).padStart(20)}`,
  );
});
const ratio = gNonSat[0] / gMinimax[0];
console.log(`autograd vs closed forms: max difference ${worst.toExponential(1)}`);
console.log(`at D(G(z)) = 1e-4 the non-saturating gradient is ${ratio.toFixed(0)}× the minimax one`);
