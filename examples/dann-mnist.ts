/**
 * Domain-adversarial training from the library (Ganin & Lempitsky 2015, seed 004): trains `dann-mnist`
 * (labelled MNIST → unlabelled mnistm-emoji, the paper's MNIST network, gradient reversal with
 * λ = 2/(1+exp(−10p)) − 1, plain SGD at lr 0.05/(1+10p)^0.75) with its source-only baseline
 * beside it (same networks, initial weights, batches and budget, λ = 0), and every `every` steps scores
 * both on the full target and source test sets (10,000 images each). Ends with the picture of fixed
 * source | target pairs.
 *   npm run build && nice -n 10 node dist/examples/dann-mnist.js [steps] [picture.png]
 */
import { describeBackend, initBackend, resolveConfig } from '../src/index.js';
import type { DannObjective } from '../src/train/objectives/dann.js';
import { createTrainer, writeSamplePicture } from '../src/train/run.js';

const steps = Number(process.argv[2] ?? 3000);
const out = process.argv[3] ?? 'dann-mnist.png';
const every = Math.max(1, Math.floor(steps / 4));
console.log(describeBackend(await initBackend('auto')));
const config = resolveConfig({ preset: 'dann-mnist', overrides: { train: { steps } } });
const trainer = createTrainer(config);
const dann = trainer.objective as DannObjective;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
while (trainer.step < steps) {
  const { terms } = trainer.trainStep();
  if (trainer.step % every === 0 || trainer.step === steps) {
    const s = await dann.evaluate(10000);
    console.log(
      `step ${trainer.step} (${(trainer.elapsed / trainer.step).toFixed(3)} s/step, λ ${dann.lambda(trainer.step).toFixed(3)}, ` +
        `domain loss ${terms['DANN/domain'].toFixed(3)}): target accuracy DANN ${pct(s['target_acc:dann'])}, ` +
        `source-only ${pct(s['target_acc:source_only'])}; source accuracy DANN ${pct(s['source_acc:dann'])}, ` +
        `source-only ${pct(s['source_acc:source_only'])}; DANN's domain classifier on held-out source | target ` +
        `features ${pct(s['domain_acc:dann'])} (50% = confused); a linear domain probe on DANN's features ` +
        `${pct(s['domain_probe:dann'])}, on source-only's ${pct(s['domain_probe:source_only'])}`,
    );
  }
}
writeSamplePicture(trainer, out);
console.log(`source | target pairs: ${out}`);
trainer.dispose();
