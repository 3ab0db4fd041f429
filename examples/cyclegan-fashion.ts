/**
 * CycleGAN from the library (seeds 001 and 003): trains `cyclegan-fashion` (sneakers ↔ ankle boots,
 * unpaired; two ResNet generators, two PatchGANs, LSGAN + cycle + identity, pools of past fakes) and
 * every `every` steps asks the shipped Fashion-MNIST classifier how often it calls 1,000 translated test
 * sneakers ankle boots (and translated boots sneakers), next to the same figure for the untranslated
 * images. Ends with the picture a | G_AB(a) | G_BA(G_AB(a)) | b | G_BA(b) | G_AB(G_BA(b)).
 *   npm run example -- cyclegan-fashion [--steps N] [--out picture.png] [--smoke]
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

const args = exampleArgs('cyclegan-fashion [--steps N] [--out picture.png] [--smoke]', {
  steps: { type: 'string' },
});
const steps = intArg('steps', args.steps, args.smoke ? 2 : 1000);
const out = args.out ?? 'cyclegan-fashion.png';
const n = args.smoke ? 50 : 1000;
const every = Math.max(1, Math.floor(steps / 4));
console.log(describeBackend(await initBackend('auto')));
const config = resolveConfig({
  preset: 'cyclegan-fashion',
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
    const cycle = terms['G/cycle_A'] + terms['G/cycle_B'];
    console.log(
      `step ${trainer.step} (${(trainer.elapsed / trainer.step).toFixed(2)} s/step, cycle ${cycle.toFixed(3)}): ` +
        `sneakers called boots ${(100 * s.label_accuracy).toFixed(1)}% (untranslated ${(100 * s.label_accuracy_input).toFixed(1)}%), ` +
        `boots called sneakers ${(100 * s.label_accuracy_BA).toFixed(1)}% (untranslated ${(100 * s.label_accuracy_input_BA).toFixed(1)}%)`,
    );
  }
}
writeSamplePicture(trainer, out);
console.log(`translations: ${out}`);
trainer.dispose();
