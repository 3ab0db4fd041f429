/**
 * pix2pix from the library (seed 003, "an image-conditional GAN"): trains `pix2pix-edges` (outlines of
 * MNIST digits → the digits; U-Net G, PatchGAN D on (outline, digit) pairs, cGAN + 100·L1) and every
 * `every` steps scores the translator on 1,000 test outlines: L1 to the true digit next to two useless
 * baselines (copying the outline, drawing the mean digit), and how often the shipped MNIST classifier
 * reads the source digit in the output (chance 10 %). Ends with the picture of input | output | target.
 *   npm run example -- pix2pix-edges [--steps N] [--out picture.png] [--smoke]
 */
import {
  createTrainer,
  describeBackend,
  evaluateTranslation,
  initBackend,
  resolveConfig,
} from '../src/index.js';
import { writeSamplePicture } from '../src/train/run.js';
import { exampleArgs, intArg } from './lib/cli.js';

const args = exampleArgs('pix2pix-edges [--steps N] [--out picture.png] [--smoke]', {
  steps: { type: 'string' },
});
const steps = intArg('steps', args.steps, args.smoke ? 2 : 1500);
const out = args.out ?? 'pix2pix-edges.png';
const n = args.smoke ? 50 : 1000;
const every = Math.max(1, Math.floor(steps / 3));
console.log(describeBackend(await initBackend('auto')));
const config = resolveConfig({
  preset: 'pix2pix-edges',
  overrides: {
    train: { steps, ...(args.smoke ? { batchSize: 2 } : {}) },
    data: args.smoke ? { limit: 64 } : {},
  },
});
const trainer = createTrainer(config);
while (trainer.step < steps) {
  const { terms } = trainer.trainStep();
  if (trainer.step % every === 0 || trainer.step === steps) {
    const s = await evaluateTranslation(config, trainer.objective.translators!, n);
    console.log(
      `step ${trainer.step} (${(trainer.elapsed / trainer.step).toFixed(3)} s/step, G/l1 ${terms['G/l1'].toFixed(2)}): ` +
        `test L1 ${s.l1.toFixed(3)} (copy the outline ${s.l1_input.toFixed(3)}, mean digit ${s.l1_mean.toFixed(3)}), ` +
        `digit recognised in ${(100 * s.label_accuracy).toFixed(1)}% of outputs (${(100 * s.label_accuracy_input).toFixed(1)}% of bare outlines)`,
    );
  }
}
writeSamplePicture(trainer, out);
console.log(`input | output | target: ${out}`);
trainer.dispose();
