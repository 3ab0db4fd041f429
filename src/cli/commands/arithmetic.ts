/** `gankit arithmetic`: latent vector arithmetic on groups of a run's samples. */
import path from 'node:path';
import { arithmeticRows, directionWalk, jitteredNeighbours, resolveGroups } from '../../latent/arithmetic.js';
import { classifyImages } from '../../latent/classify.js';
import { parseExpression } from '../../latent/expression.js';
import { concatRows, latentsFile, writeLabels, writeLatents } from '../../latent/files.js';
import { inkOf, parseGroup } from '../../latent/groups.js';
import { renderLatents, sampleLabels } from '../../latent/render.js';
import { sampleCodes } from '../../latent/sampling.js';
import { encodePng, imageGrid } from '../../report/png.js';
import { STREAMS } from '../../train/streams.js';
import { UsageError } from '../../util/errors.js';
import { writeFileAtomic } from '../../util/fs.js';
import { Rng } from '../../util/rng.js';
import { intFlag, numberFlag, parseFlags } from '../args.js';
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
  neighbours: { type: 'string' },
  jitter: { type: 'string' },
  walk: { type: 'string' },
  'walk-steps': { type: 'string' },
  'walk-to': { type: 'string' },
} as const;

type Space = Awaited<ReturnType<typeof openRunSpace>>;

/**
 * Renders `latents` (one image each, `labels` for a conditional run) as a grid of `columns` into `file`,
 * writes their latents beside it, and returns the classifier's verdict (when the dataset ships one) and
 * each image's ink.
 */
async function renderSheet(
  { config, space: g }: Space,
  latents: Float32Array[],
  labels: Int32Array | undefined,
  columns: number,
  file: string,
): Promise<{ classes?: Int32Array; ink: Float64Array }> {
  const images = renderLatents(g, concatRows(latents), labels);
  const canvas = imageGrid(images.data, latents.length, images.shape, config.data.range, columns);
  writeFileAtomic(file, encodePng(canvas.width, canvas.height, canvas.rgba));
  writeLatents(latentsFile(file, g.space), latents);
  const verdict = await classifyImages(config, images.data, latents.length, images.shape);
  return { classes: verdict?.classes, ink: inkOf(images.data, latents.length, images.shape) };
}

/** A file beside `out` with `suffix` before the extension: arithmetic.png → arithmetic.walk.png. */
function beside(out: string, suffix: string): string {
  const ext = path.extname(out);
  return `${out.slice(0, -ext.length || undefined)}.${suffix}${ext}`;
}

const arithmetic: Command = {
  summary: 'latent vector arithmetic: mean latents of groups of samples, added and subtracted',
  usage: `usage: gankit arithmetic --run DIR --expr "A - B + C" --group A=FILTERS --group B=… [--pool 2000]
                         [--seed S] [--rows 4] [--label K] [--space z|w|w+] [--out F.png] [--step N]
                         [--neighbours 8 [--jitter 0.25]] [--walk N [--walk-steps 5] [--walk-to 1]]
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
With --neighbours N (the DCGAN paper's figure 7: N = 8, --jitter 0.25) F.neighbours.png shows the result
in the middle of N neighbours, each the result plus uniform noise in [−jitter, jitter] per coordinate,
and the classifier says how many keep the result's class. With --walk N (its figure 8, the "turn"
vector) the expression is a direction, e.g. "thick7 - thin7": F.walk.png moves the pool's first N
samples along it, one row each, α = 0 … --walk-to (default 1) in --walk-steps (default 5) columns,
printing the mean ink per column (F.json has every cell's class). Both write their latents beside
the picture.
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
    const neighbourCount = intFlag('neighbours', v.neighbours, 0) ?? 0;
    const jitter = numberFlag('jitter', v.jitter) ?? 0.25;
    if (!(jitter > 0)) throw new UsageError(`--jitter must be a positive number, got ${jitter}`);
    const walkCount = intFlag('walk', v.walk, 0) ?? 0;
    const walkSteps = intFlag('walk-steps', v['walk-steps'], 2) ?? 5;
    const walkTo = numberFlag('walk-to', v['walk-to']) ?? 1;
    if (walkCount > pool)
      throw new UsageError(`--walk ${walkCount} needs a pool of at least that many samples (--pool ${pool})`);
    const opened = await openRunSpace('arithmetic', v);
    const { config, space: g, close } = opened;
    try {
      const z = sampleCodes(g, seed, pool);
      const poolLabels = sampleLabels(g, pool);
      const images = renderLatents(g, z, poolLabels);
      const verdict = poolLabels ? undefined : await classifyImages(config, images.data, pool, images.shape);
      const classes = poolLabels ?? verdict?.classes;
      const groups = resolveGroups(specs, z, g.latentDim, classes, inkOf(images.data, pool, images.shape));
      const rng = new Rng(seed, STREAMS.latentTools);
      const grid = arithmeticRows(terms, groups, z, g.latentDim, rows, rng);
      const lastClass = groups.find((gr) => gr.spec.name === terms[terms.length - 1].name)!.spec.classIndex;
      const label = intFlag('label', v.label, 0) ?? (g.numClasses ? (lastClass ?? 0) : undefined);
      const flat = grid.flat();
      const rendered = renderLatents(g, concatRows(flat), sampleLabels(g, flat.length, label));
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
      const report: { columns: ReturnType<typeof column>[]; [part: string]: unknown } = {
        expression: v.expr,
        space: g.space,
        pool,
        seed,
        groups: groups.map((gr) => ({ name: gr.spec.name, size: gr.members.length, members: gr.members })),
        columns: [...terms.map((t, k) => column(`mean(${t.name})`, k)), column('result', terms.length)],
      };
      const jsonFile = `${out.slice(0, -path.extname(out).length || undefined)}.json`;
      for (const c of report.columns) {
        const cls = c.class === null ? '' : `  class ${c.class} (p=${c.confidence})`;
        console.log(`${c.name.padEnd(16)} ink ${c.ink.toFixed(4)}${cls}`);
      }
      console.log(`arithmetic in ${g.space}: ${out} (${jsonFile}, ${file})`);
      const result = grid[0][terms.length];
      if (neighbourCount > 0) {
        const around = jitteredNeighbours(result, neighbourCount, jitter, rng);
        const middle = Math.floor(neighbourCount / 2);
        const sheet = [...around.slice(0, middle), result, ...around.slice(middle)];
        const file = beside(out, 'neighbours');
        const { classes, ink } = await renderSheet(
          opened,
          sheet,
          sampleLabels(g, sheet.length, label),
          Math.ceil(Math.sqrt(sheet.length)),
          file,
        );
        const kept = classes
          ? sheet.filter((_, k) => k !== middle && classes[k] === classes[middle]).length
          : undefined;
        report.neighbours = {
          count: neighbourCount,
          jitter,
          resultIndex: middle,
          classes: classes ? Array.from(classes) : null,
          ink: Array.from(ink, (x) => Number(x.toFixed(4))),
        };
        const others = Array.from(ink).filter((_, k) => k !== middle);
        const kind =
          kept === undefined ? '' : `${kept}/${neighbourCount} keep the result's class ${classes![middle]}; `;
        console.log(
          `neighbours (${neighbourCount}, uniform ±${jitter}): ${kind}ink ${Math.min(...others).toFixed(4)}–${Math.max(...others).toFixed(4)} around the result's ${ink[middle].toFixed(4)}: ${file}`,
        );
      }
      if (walkCount > 0) {
        const alphas = Array.from({ length: walkSteps }, (_, k) => (walkTo * k) / (walkSteps - 1));
        // The expression's value, used as a direction.
        const rowsOut = directionWalk(z.subarray(0, walkCount * g.latentDim), result, alphas);
        const labels =
          poolLabels && Int32Array.from(rowsOut.flatMap((row, r) => row.map(() => poolLabels[r])));
        const file = beside(out, 'walk');
        const { classes, ink } = await renderSheet(opened, rowsOut.flat(), labels, walkSteps, file);
        const perColumn = alphas.map(
          (_, c) => rowsOut.reduce((sum, _row, r) => sum + ink[r * walkSteps + c], 0) / walkCount,
        );
        report.walk = {
          samples: walkCount,
          alphas,
          meanInk: perColumn.map((x) => Number(x.toFixed(4))),
          classes: classes ? Array.from(classes) : null,
        };
        console.log(
          `walk of samples 0–${walkCount - 1} along ${v.expr}, α = 0 … ${walkTo}: mean ink ${perColumn.map((x) => x.toFixed(4)).join(', ')}: ${file}`,
        );
      }
      writeFileAtomic(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
      return 0;
    } finally {
      close();
    }
  },
};

export default arithmetic;
