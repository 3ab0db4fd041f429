/**
 * StarGAN v2 does its job, measured on held-out Fashion-MNIST test images with figures an untrained or
 * broken model fails (src/train/domain-eval.ts): after 100 steps of `stargan-fashion`, the shipped
 * classifier calls translations into a domain members of that domain far more often than it does the
 * untranslated inputs (of the other two domains), latent- and reference-guided alike; two styles give one
 * input clearly different outputs; the cycle loss falls. (At step 0 the untrained generator's outputs are
 * style-dependent noise of a large amplitude — diversity ≈ 0.9 in the same units — so diversity is
 * checked against 0, what a generator that ignores its style scores, not against step 0.) The figures of a
 * longer run are in the README (examples/stargan-fashion.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initBackend } from '../../src/backend/index.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { evaluateDomains } from '../../src/train/domain-eval.js';
import { createTrainer } from '../../src/train/run.js';

await initBackend('auto');

test('stargan-fashion, 100 steps: translations classified as the target domain, diverse styles, cycle loss falls', async (t) => {
  const config = resolveConfig({
    preset: 'stargan-fashion',
    overrides: { data: { limit: 600 }, train: { steps: 100 } },
  });
  const trainer = createTrainer(config);
  try {
    const before = await evaluateDomains(config, trainer.objective.domainTranslator!, 150);
    const cycle: number[] = [];
    while (trainer.step < config.train.steps) cycle.push(trainer.trainStep().terms['G_latent/cyc']);
    const s = await evaluateDomains(config, trainer.objective.domainTranslator!, 150);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const [first, last] = [mean(cycle.slice(0, 10)), mean(cycle.slice(-10))];
    t.diagnostic(JSON.stringify({ before, after: s, cycle: [first, last] }));
    assert.ok(s.acc_input < 0.1, `untranslated inputs called the target ${s.acc_input}`);
    for (const guide of ['acc_latent', 'acc_reference'] as const) {
      assert.ok(
        s[guide] > 0.35 && s[guide] > 4 * s.acc_input,
        `${guide} ${s[guide]} vs inputs ${s.acc_input}`,
      );
      assert.ok(s[guide] > before[guide] + 0.2, `${guide} ${before[guide]} at step 0 → ${s[guide]}`);
    }
    assert.ok(
      s.diversity > 0.1 && s.diversity_reference > 0.05,
      `diversity ${s.diversity}, ${s.diversity_reference}`,
    );
    assert.ok(last < 0.7 * first, `cycle loss ${first} → ${last}`);
  } finally {
    trainer.dispose();
  }
});
