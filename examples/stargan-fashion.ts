/**
 * StarGAN v2 from the library (seed 000): trains `stargan-fashion` (sandal / sneaker / ankle boot; one
 * AdaIN generator for all three domains under a style from the mapping network or the style encoder)
 * and at step 0 and every `every` steps scores it on 300 held-out test images: how often the shipped
 * Fashion-MNIST classifier calls a translation into domain k a k — latent-guided and reference-guided —
 * next to the same figure for the untranslated inputs, the diversity of two styles' outputs for one input,
 * and the cycle error — of the EMA networks (what sampling and `gankit translate` use) and, for the
 * diversity, of the live ones too: early in a run the EMA still holds much of the random initial weights
 * (0.99^100 ≈ 37 % after 100 steps), whose outputs vary with the style far more than a trained
 * generator's. A third argument sets λ_ds (`objective.diversityWeight`; 0 is the no-diversity-loss
 * ablation the README compares against). Ends with the picture inputs × target domains (latent-guided
 * columns, then reference-guided ones under their reference images).
 *   npm run build && nice -n 10 node dist/examples/stargan-fashion.js [steps] [picture.png] [λ_ds]
 */
import {
  createTrainer,
  describeBackend,
  evaluateDomains,
  initBackend,
  resolveConfig,
  type StarGanObjective,
} from '../src/index.js';
import { writeSamplePicture } from '../src/train/run.js';

const steps = Number(process.argv[2] ?? 1000);
const out = process.argv[3] ?? 'stargan-fashion.png';
const diversityWeight = Number(process.argv[4] ?? 1);
const every = Math.max(1, Math.floor(steps / 4));
console.log(describeBackend(await initBackend('auto')));
const config = resolveConfig({
  preset: 'stargan-fashion',
  overrides: { train: { steps }, objective: { diversityWeight } },
});
const trainer = createTrainer(config);
const objective = trainer.objective as StarGanObjective;
const { generator, mapping, style_encoder: styleEncoder } = objective.networks;
const live = { ...objective.domainTranslator, generator, mapping, styleEncoder };
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const report = async (cycleLoss?: number) => {
  const s = await evaluateDomains(config, objective.domainTranslator, 300);
  const l = await evaluateDomains(config, live, 300);
  console.log(
    `step ${trainer.step}${trainer.step ? ` (${(trainer.elapsed / trainer.step).toFixed(2)} s/step, G_latent/cyc ${cycleLoss?.toFixed(3)})` : ''}: ` +
      `classified as the target: latent-guided ${pct(s.acc_latent)}, reference-guided ${pct(s.acc_reference)}, ` +
      `untranslated inputs ${pct(s.acc_input)}; diversity ${s.diversity.toFixed(3)} (reference ${s.diversity_reference.toFixed(3)}; ` +
      `live networks ${l.diversity.toFixed(3)} / ${l.diversity_reference.toFixed(3)}); ` +
      `test cycle error ${s.cycle.toFixed(3)}`,
  );
  console.log(
    `  per target: ${config.data.dataset} ${JSON.stringify(
      Object.fromEntries(
        Object.entries(s)
          .filter(([k]) => /^acc_(latent|input)_/.test(k))
          .map(([k, v]) => [k, Number(v.toFixed(3))]),
      ),
    )}`,
  );
};
await report();
while (trainer.step < steps) {
  const { terms } = trainer.trainStep();
  if (trainer.step % every === 0 || trainer.step === steps) await report(terms['G_latent/cyc']);
}
writeSamplePicture(trainer, out);
console.log(`translations: ${out}`);
trainer.dispose();
