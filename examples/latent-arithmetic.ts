/**
 * Latent arithmetic on digits, seed 003's "man with glasses − man + woman" in MNIST terms: thick 7 −
 * thin 7 + thin 1 should be a thick 1. Groups are chosen by the shipped classifier and by ink (stroke
 * thickness); the verdict and ink of the result are printed. CLI: `gankit arithmetic --run DIR --expr
 * "thick7 - thin7 + thin1" --group thick7=class:7,ink:high --group thin7=class:7,ink:low --group
 * thin1=class:1,ink:low`. Then the DCGAN paper's figures 7 and 8: 8 jittered neighbours of the result
 * (do they keep its class?) and thick7 − thin7 as a direction added to other samples (does ink rise?),
 * `--neighbours 8` and `--walk N` on the CLI.
 *   npm run example -- latent-arithmetic [--run DIR (a run on mnist) | --steps N]
 */
import {
  arithmeticLatent,
  classifyImages,
  concatRows,
  directionWalk,
  jitteredNeighbours,
  Rng,
  inkOf,
  parseExpression,
  parseGroup,
  renderLatents,
  resolveGroups,
  sampleLatents,
} from '../src/index.js';
import { exampleArgs, startBackend } from './lib/cli.js';
import { exampleGenerator, LATENT_FLAGS } from './lib/latent-run.js';

const flags = exampleArgs('latent-arithmetic [--run DIR | --steps N]', LATENT_FLAGS);
await startBackend();
const { config, g } = exampleGenerator(flags);
const pool = flags.smoke ? 400 : 3000;
const z = sampleLatents(0, pool, g.latentDim);
const images = renderLatents(g, z);
const verdict = await classifyImages(config, images.data, pool, images.shape);
if (!verdict) throw new Error('this example needs a run on mnist (its classifier picks the groups)');
// A 20-step smoke run draws too few clear 7s and 1s for the class groups; it uses ink and ids alone.
const groupArgs = flags.smoke
  ? ['thick7=ink:high', 'thin7=ink:low', 'thin1=ids:0+1+2']
  : ['thick7=class:7,ink:high', 'thin7=class:7,ink:low', 'thin1=class:1,ink:low'];
const specs = groupArgs.map(parseGroup);
const groups = resolveGroups(specs, z, g.latentDim, verdict.classes, inkOf(images.data, pool, images.shape));
const terms = parseExpression(
  'thick7 - thin7 + thin1',
  specs.map((s) => s.name),
);
const latents = [...groups.map((gr) => gr.mean), arithmeticLatent(terms, groups)];
const out = renderLatents(g, concatRows(latents));
const outVerdict = (await classifyImages(config, out.data, latents.length, out.shape))!;
const ink = inkOf(out.data, latents.length, out.shape);
['mean(thick7)', 'mean(thin7)', 'mean(thin1)', 'thick7 − thin7 + thin1'].forEach((name, i) => {
  const size = i < groups.length ? ` (${groups[i].members.length} samples)` : '';
  console.log(
    `${name.padEnd(24)} class ${outVerdict.classes[i]} (p=${outVerdict.confidence[i].toFixed(2)}), ink ${ink[i].toFixed(3)}${size}`,
  );
});

// The DCGAN paper's figure 7: is the result a region or a point? 8 neighbours, uniform ±0.25 per coordinate.
const result = latents[latents.length - 1];
const around = jitteredNeighbours(result, 8, 0.25, new Rng(1));
const aroundImages = renderLatents(g, concatRows(around));
const aroundVerdict = (await classifyImages(config, aroundImages.data, 8, aroundImages.shape))!;
const same = aroundVerdict.classes.filter((c) => c === outVerdict.classes[latents.length - 1]).length;
console.log(
  `8 neighbours of the result (uniform ±0.25): ${same}/8 keep its class ${outVerdict.classes[latents.length - 1]}`,
);

// Its figure 8: thick7 − thin7 as a direction, added to 16 samples outside the groups — strokes thicken.
const direction = arithmeticLatent(parseExpression('thick7 - thin7', ['thick7', 'thin7']), groups);
const alphas = [0, 0.5, 1, 1.5];
const walk = directionWalk(z.subarray(0, 16 * g.latentDim), direction, alphas).flat();
const walkImages = renderLatents(g, concatRows(walk));
const walkInk = inkOf(walkImages.data, walk.length, walkImages.shape);
const meanInk = alphas.map((_, c) => {
  let s = 0;
  for (let r = 0; r < 16; r++) s += walkInk[r * alphas.length + c];
  return s / 16;
});
console.log(
  `16 samples + α·(thick7 − thin7), α = ${alphas.join(', ')}: mean ink ${meanInk.map((x) => x.toFixed(3)).join(', ')}`,
);
