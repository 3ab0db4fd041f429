/** `gankit sample`: a grid of new samples from a run's latest (or chosen) checkpoint. */
import path from 'node:path';
import { writeNpy } from '../../io/npy.js';
import { renderLatents, sampleLabels } from '../../latent/render.js';
import { latentsFile } from '../../latent/files.js';
import { sampleLatents } from '../../latent/sampling.js';
import { drawNumber } from '../../report/numbers.js';
import { encodePng, gridCell, imageGrid } from '../../report/png.js';
import { writeFileAtomic } from '../../util/fs.js';
import { intFlag, numberFlag, parseFlags } from '../args.js';
import type { Command } from '../command.js';
import { openRunGenerator } from '../run-generator.js';

const FLAGS = {
  run: { type: 'string' },
  n: { type: 'string' },
  out: { type: 'string' },
  seed: { type: 'string' },
  step: { type: 'string' },
  label: { type: 'string' },
  numbered: { type: 'boolean' },
  truncation: { type: 'string' },
  backend: { type: 'string' },
} as const;

const sample: Command = {
  summary: "draw a grid of samples from a run's generator",
  usage: `usage: gankit sample --run DIR [--n 64] [--out F.png] [--seed S] [--step N] [--label K] [--numbered]
                     [--truncation T] [--backend …]

Loads the run's latest checkpoint (or --step N), draws --n samples from fresh noise (seeded by --seed,
default 0) and writes a PNG grid (default DIR/sample.png). --label K fixes the class of a conditional model.

  --numbered      print each sample's id (0, 1, …) in its corner; the latent tools take these ids back
                  (gankit arithmetic --group NAME=ids:3+17, with the same --seed)
  --truncation T  redraw every latent coordinate with |z| > T (the truncation trick in z; smaller T:
                  more typical, less diverse samples)
The latents are written beside the grid as F.latents.npy (one row per sample).`,
  async run(argv) {
    const { values: v } = parseFlags('sample', argv, FLAGS);
    const n = intFlag('n', v.n, 1) ?? 64;
    const seed = intFlag('seed', v.seed, 0) ?? 0;
    const { run, config, g } = await openRunGenerator('sample', v);
    const label = intFlag('label', v.label, 0);
    const truncation = numberFlag('truncation', v.truncation);
    const z = sampleLatents(seed, n, g.latentDim, truncation);
    const { data, shape } = renderLatents(g, z, sampleLabels(g, n, label));
    const out = path.resolve((v.out as string | undefined) ?? path.join(run.root, 'sample.png'));
    const grid = imageGrid(data, n, shape, config.data.range);
    if (v.numbered) {
      const columns = Math.ceil(Math.sqrt(n));
      const scale = shape[0] >= 48 ? 2 : 1;
      for (let i = 0; i < n; i++) drawNumber(grid, ...gridCell(i, columns, shape), i, scale);
    }
    writeFileAtomic(out, encodePng(grid.width, grid.height, grid.rgba));
    writeNpy(latentsFile(out), { shape: [n, g.latentDim], data: z });
    g.model.dispose();
    console.log(`samples: ${out} (latents: ${latentsFile(out)})`);
    return 0;
  },
};

export default sample;
