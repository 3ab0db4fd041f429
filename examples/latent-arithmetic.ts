/**
 * Latent arithmetic on digits, seed 003's "man with glasses − man + woman" in MNIST terms: thick 7 −
 * thin 7 + thin 1 should be a thick 1. Groups are chosen by the shipped classifier and by ink (stroke
 * thickness); the verdict and ink of the result are printed. CLI: `gankit arithmetic --run DIR --expr
 * "thick7 - thin7 + thin1" --group thick7=class:7,ink:high --group thin7=class:7,ink:low --group
 * thin1=class:1,ink:low`.
 *   npm run build && node dist/examples/latent-arithmetic.js RUN_DIR (a run on mnist)
 */
import {
  arithmeticLatent,
  classifyImages,
  initBackend,
  inkOf,
  loadRunGenerator,
  parseExpression,
  parseGroup,
  renderLatents,
  resolveGroups,
  sampleLatents,
} from '../src/index.js';

const runDir = process.argv[2];
if (!runDir) throw new Error('usage: latent-arithmetic.js RUN_DIR');
await initBackend('auto');
const { config, g } = loadRunGenerator(runDir);
const pool = 3000;
const z = sampleLatents(0, pool, g.latentDim);
const images = renderLatents(g, z);
const verdict = await classifyImages(config, images.data, pool, images.shape);
if (!verdict) throw new Error('this example needs a run on mnist (its classifier picks the groups)');
const specs = ['thick7=class:7,ink:high', 'thin7=class:7,ink:low', 'thin1=class:1,ink:low'].map(parseGroup);
const groups = resolveGroups(specs, z, g.latentDim, verdict.classes, inkOf(images.data, pool, images.shape));
const terms = parseExpression(
  'thick7 - thin7 + thin1',
  specs.map((s) => s.name),
);
const latents = [...groups.map((gr) => gr.mean), arithmeticLatent(terms, groups)];
const flat = new Float32Array(latents.length * g.latentDim);
latents.forEach((l, i) => flat.set(l, i * g.latentDim));
const out = renderLatents(g, flat);
const outVerdict = (await classifyImages(config, out.data, latents.length, out.shape))!;
const ink = inkOf(out.data, latents.length, out.shape);
['mean(thick7)', 'mean(thin7)', 'mean(thin1)', 'thick7 − thin7 + thin1'].forEach((name, i) => {
  const size = i < groups.length ? ` (${groups[i].members.length} samples)` : '';
  console.log(
    `${name.padEnd(24)} class ${outVerdict.classes[i]} (p=${outVerdict.confidence[i].toFixed(2)}), ink ${ink[i].toFixed(3)}${size}`,
  );
});
