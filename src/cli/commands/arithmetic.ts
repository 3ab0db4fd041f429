/** `gankit arithmetic`: latent vector arithmetic on groups of a run's samples. */
import path from 'node:path';
import { arithmeticRows, resolveGroups } from '../../latent/arithmetic.js';
import { classifyImages } from '../../latent/classify.js';
import { parseExpression } from '../../latent/expression.js';
import { latentsFile, writeLabels, writeLatents } from '../../latent/files.js';
import { inkOf, parseGroup } from '../../latent/groups.js';
import { renderLatents, sampleLabels } from '../../latent/render.js';
import { sampleCodes } from '../../latent/sampling.js';
import { encodePng, imageGrid } from '../../report/png.js';
import { STREAMS } from '../../train/streams.js';
import { UsageError } from '../../util/errors.js';
import { writeFileAtomic } from '../../util/fs.js';
import { Rng } from '../../util/rng.js';
import { intFlag, parseFlags } from '../args.js';
import type { Command } from '../command.js';
import { openRunSpace } from '../run-generator.js';

const FLAGS = {
  run: { type: 'string' },
  expr: { type: 'string' },
  group: { type: 'string', multiple: true },
  pool: { type: 'string' },
  seed: { type: 'string' },
  rows: { type: 'string' },
  label: { type: 'string' },
  space: { type: 'string' },
  out: { type: 'string' },
  step: { type: 'string' },
  backend: { type: 'string' },
} as const;

const arithmetic: Command = {
  summary: 'latent vector arithmetic: mean latents of groups of samples, added and subtracted',
  usage: `usage: gankit arithmetic --run DIR --expr "A - B + C" --group A=FILTERS --group B=… [--pool 2000]
                         [--seed S] [--rows 4] [--label K] [--space z|w|w+] [--out F.png] [--step N]
                         [--backend …]

Draws a pool of --pool samples (the same as 'gankit sample --seed S --n POOL --numbered' numbers them),
forms each group from its filters, and renders the expression on the groups' mean latents. FILTERS:
  class:K        samples the dataset's shipped classifier calls K (a conditional model: its label K)
  ink:high|low   the quarter with the most / least ink (mean distance from the background colour:
                 stroke thickness for digits), after the other filters
  ids:3+17+42    samples by their id in the numbered grid (or just 3,17,42)
e.g. --expr "thick7 - thin7 + thin1" --group thick7=class:7,ink:high --group thin7=class:7,ink:low
     --group thin1=class:1,ink:low
The grid has a column per term (its group's mean image) and the result last; row 1 averages whole
groups, the other --rows random halves of them. Written: F.png, F.latents.npy (rows: each term's mean,
then the result, for row 1) and F.json (groups, members, the classifier's verdict and ink per column).
A conditional model renders with --label K (default: the class of the expression's last group).
On a StyleGAN run the means are taken in w (the default there; F.w-latents.npy) with fixed noise;
--space z averages the z's instead.`,
  async run(argv) {
    const { values: v } = parseFlags('arithmetic', argv, FLAGS);
    const groupArgs = (v.group as unknown as string[] | undefined) ?? [];
    if (!v.expr) throw new UsageError('gankit arithmetic: --expr is required, e.g. --expr "A - B + C"');
    if (groupArgs.length === 0)
      throw new UsageError('gankit arithmetic: define the groups with --group NAME=FILTERS');
    const specs = groupArgs.map(parseGroup);
    const names = specs.map((s) => s.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate) throw new UsageError(`gankit arithmetic: the group ${duplicate} is defined twice`);
    const terms = parseExpression(v.expr as string, names);
    const pool = intFlag('pool', v.pool, 1) ?? 2000;
    const seed = intFlag('seed', v.seed, 0) ?? 0;
    const rows = intFlag('rows', v.rows, 1) ?? 4;
    const out = path.resolve((v.out as string | undefined) ?? 'arithmetic.png');
    const { config, space: g, close } = await openRunSpace('arithmetic', v);
    try {
      const z = sampleCodes(g, seed, pool);
      const poolLabels = sampleLabels(g, pool);
      const images = renderLatents(g, z, poolLabels);
      const verdict = poolLabels ? undefined : await classifyImages(config, images.data, pool, images.shape);
      const classes = poolLabels ?? verdict?.classes;
      const groups = resolveGroups(specs, z, g.latentDim, classes, inkOf(images.data, pool, images.shape));
      const grid = arithmeticRows(terms, groups, z, g.latentDim, rows, new Rng(seed, STREAMS.latentTools));
      const lastClass = groups.find((gr) => gr.spec.name === terms[terms.length - 1].name)!.spec.classIndex;
      const label = intFlag('label', v.label, 0) ?? (g.numClasses ? (lastClass ?? 0) : undefined);
      const flat = grid.flat();
      const zAll = new Float32Array(flat.length * g.latentDim);
      flat.forEach((row, i) => zAll.set(row, i * g.latentDim));
      const rendered = renderLatents(g, zAll, sampleLabels(g, flat.length, label));
      if (label !== undefined) console.log(`conditional run: every column drawn in class ${label}`);
      const columns = terms.length + 1;
      const top = rendered.data.subarray(0, (columns * rendered.data.length) / flat.length);
      const topVerdict = await classifyImages(config, top, columns, rendered.shape);
      const topInk = inkOf(top, columns, rendered.shape);
      const canvas = imageGrid(rendered.data, flat.length, rendered.shape, config.data.range, columns);
      writeFileAtomic(out, encodePng(canvas.width, canvas.height, canvas.rgba));
      const file = latentsFile(out, g.space);
      writeLatents(file, grid[0]);
      if (g.numClasses) writeLabels(file, sampleLabels(g, columns, label)!, g.numClasses);
      const column = (name: string, k: number) => ({
        name,
        class: topVerdict ? topVerdict.classes[k] : null,
        confidence: topVerdict ? Number(topVerdict.confidence[k].toFixed(4)) : null,
        ink: Number(topInk[k].toFixed(4)),
      });
      const report = {
        expression: v.expr,
        space: g.space,
        pool,
        seed,
        groups: groups.map((gr) => ({ name: gr.spec.name, size: gr.members.length, members: gr.members })),
        columns: [...terms.map((t, k) => column(`mean(${t.name})`, k)), column('result', terms.length)],
      };
      const jsonFile = `${out.slice(0, -path.extname(out).length || undefined)}.json`;
      writeFileAtomic(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
      for (const c of report.columns) {
        const cls = c.class === null ? '' : `  class ${c.class} (p=${c.confidence})`;
        console.log(`${c.name.padEnd(16)} ink ${c.ink.toFixed(4)}${cls}`);
      }
      console.log(`arithmetic in ${g.space}: ${out} (${jsonFile}, ${file})`);
      return 0;
    } finally {
      close();
    }
  },
};

export default arithmetic;
