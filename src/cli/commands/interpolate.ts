/** `gankit interpolate`: a path between latent codes, as a PNG strip, an animated GIF or an APNG. */
import path from 'node:path';
import { encodeApng, encodeGif } from '../../latent/animation.js';
import {
  labelsFileOf,
  latentsFile,
  readLabels,
  readLatents,
  writeLabels,
  writeLatents,
} from '../../latent/files.js';
import { interpolationPath } from '../../latent/interpolate.js';
import { stepDistances } from '../../latent/path-length.js';
import { type GeneratorHandle, oneHotRows, renderLatents, sampleLabels } from '../../latent/render.js';
import { sampleCodes } from '../../latent/sampling.js';
import { encodePng, imageGrid } from '../../report/png.js';
import { UsageError } from '../../util/errors.js';
import { writeFileAtomic } from '../../util/fs.js';
import { intFlag, parseFlags } from '../args.js';
import type { Command } from '../command.js';
import { openRunSpace } from '../run-generator.js';

const FLAGS = {
  run: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  latents: { type: 'string' },
  steps: { type: 'string' },
  slerp: { type: 'boolean' },
  space: { type: 'string' },
  out: { type: 'string' },
  format: { type: 'string' },
  delay: { type: 'string' },
  label: { type: 'string' },
  step: { type: 'string' },
  backend: { type: 'string' },
} as const;

const FORMATS = ['strip', 'gif', 'apng'] as const;
type Format = (typeof FORMATS)[number];

/** The output format: --format, else from the extension (.gif, .apng; .png is a strip). */
function outputFormat(out: string, flag: string | undefined): Format {
  if (flag !== undefined) {
    if (!(FORMATS as readonly string[]).includes(flag)) {
      throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got '${flag}'`);
    }
    return flag as Format;
  }
  const ext = path.extname(out).toLowerCase();
  if (ext === '.gif') return 'gif';
  if (ext === '.apng') return 'apng';
  if (ext === '.png') return 'strip';
  throw new UsageError(`--out ${out}: use .png (a strip), .gif or .apng, or say --format strip|gif|apng`);
}

const interpolate: Command = {
  summary: 'walk between latent codes of a run (linear or spherical) as a strip, GIF or APNG',
  usage: `usage: gankit interpolate --run DIR (--from SEED --to SEED | --latents F.npy) [--steps 10] [--slerp]
                          [--space z|w|w+] [--out strip.png|anim.gif|anim.apng] [--format strip|gif|apng]
                          [--delay MS] [--label K] [--step N] [--backend …]

Renders the path between two latents — sample 0 of 'gankit sample --seed FROM' and of '--seed TO' — or
through every row of F.npy (as written by gankit sample, arithmetic or invert), --steps images per
segment (endpoints included). --slerp follows the great circle (the latents' norms stay in the dense
shell of the Gaussian) instead of the straight line. The latents of the path are written beside the
output as OUT.latents.npy (OUT.w-latents.npy in w). On a conditional model --label K fixes the class;
without it the keys of --latents F.npy keep the classes in F.labels.npy (written by gankit sample),
blended linearly between keys of different classes, else class 0 (sample 0's class); the path's labels
are written as OUT.labels.npy. Printed: the RMS pixel change per step, and how even it is (std/mean over the steps).

--space (StyleGAN runs): w (the default there, as the paper) walks straight between the samples' w =
f(z) and renders with fixed noise; z walks in z. A --latents file named *.w-latents.npy or
*.wplus-latents.npy is read in its own space. --slerp applies in z only.`,
  async run(argv) {
    const { values: v } = parseFlags('interpolate', argv, FLAGS);
    const steps = intFlag('steps', v.steps, 2) ?? 10;
    const delay = intFlag('delay', v.delay, 10) ?? 120;
    const fromSeed = intFlag('from', v.from, 0);
    const toSeed = intFlag('to', v.to, 0);
    const bySeeds = fromSeed !== undefined || toSeed !== undefined;
    if (
      bySeeds === (v.latents !== undefined) ||
      (bySeeds && (fromSeed === undefined || toSeed === undefined))
    ) {
      throw new UsageError('gankit interpolate: pass either --from SEED --to SEED, or --latents F.npy');
    }
    const out = path.resolve((v.out as string | undefined) ?? 'interpolation.png');
    const format = outputFormat(out, v.format as string | undefined);
    const latents = v.latents === undefined ? undefined : path.resolve(v.latents as string);
    const { config, space: g, close } = await openRunSpace('interpolate', v, latents);
    try {
      if (v.slerp && g.space !== 'z') {
        throw new UsageError(
          `--slerp follows a great circle of Gaussian z; in ${g.space} the path is straight (lerp, as Karras et al. 2019) — drop --slerp or pass --space z`,
        );
      }
      const keys = bySeeds
        ? [sampleCodes(g, fromSeed!, 1), sampleCodes(g, toSeed!, 1)]
        : readLatents(latents!, g.latentDim, g.space);
      if (keys.length < 2) {
        throw new UsageError(`${v.latents} holds ${keys.length} latent; a path needs two or more rows`);
      }
      const frames = interpolationPath(keys, steps, v.slerp === true);
      const z = new Float32Array(frames.length * g.latentDim);
      frames.forEach((f, i) => z.set(f, i * g.latentDim));
      const labels = pathLabels(g, keys.length, steps, intFlag('label', v.label, 0), latents);
      const { data, shape } = renderLatents(g, z, labels ?? sampleLabels(g, frames.length));
      const size = shape[0] * shape[1] * shape[2];
      let bytes: Uint8Array;
      if (format === 'strip') {
        const grid = imageGrid(data, frames.length, shape, config.data.range, Math.min(frames.length, steps));
        bytes = encodePng(grid.width, grid.height, grid.rgba);
      } else {
        const canvases = frames.map((_, i) =>
          imageGrid(data.subarray(i * size, (i + 1) * size), 1, shape, config.data.range),
        );
        // Back and forth, so the loop has no jump.
        const loop = [...canvases, ...canvases.slice(1, -1).reverse()];
        bytes = format === 'gif' ? encodeGif(loop, delay) : encodeApng(loop, delay);
      }
      writeFileAtomic(out, bytes);
      const file = latentsFile(out, g.space);
      writeLatents(file, frames);
      if (labels) writeLabels(file, labels, g.numClasses!);
      const change = stepDistances(data, frames.length);
      console.log(
        `steps in ${g.space}: RMS pixel change ${change.mean.toFixed(4)} per step, unevenness (std/mean) ${change.cv.toFixed(3)}`,
      );
      console.log(`interpolation: ${out} (${frames.length} images, ${format}; latents: ${file})`);
      return 0;
    } finally {
      close();
    }
  },
};

/**
 * The label input along a conditional run's path (undefined on an unconditional one), as rows of class
 * weights: class K throughout with --label K; else the keys' own labels from the labels file beside
 * `latents` (as gankit sample writes it), blended linearly between keys of different classes so every
 * key is drawn exactly as it was sampled; else class 0 — the class of sample 0 of a --from/--to seed.
 */
function pathLabels(
  g: GeneratorHandle,
  keyCount: number,
  steps: number,
  label: number | undefined,
  latents: string | undefined,
): Float32Array | undefined {
  if (!g.numClasses) {
    sampleLabels(g, 0, label); // refuses --label on an unconditional run
    return undefined;
  }
  const k = g.numClasses;
  const stored = label === undefined && latents ? readLabels(latents, keyCount, k) : undefined;
  const keys = stored
    ? Array.from({ length: keyCount }, (_, i) => stored.subarray(i * k, (i + 1) * k))
    : Array.from({ length: keyCount }, () => oneHotRows(sampleLabels(g, 1, label ?? 0)!, k));
  const frames = interpolationPath(keys, steps, false);
  console.log(
    stored
      ? `conditional run: the keys' labels from ${labelsFileOf(latents!)}, blended linearly between classes`
      : `conditional run: class ${label ?? 0} fixed along the path${label === undefined ? ' (--label K to choose)' : ''}`,
  );
  const rows = new Float32Array(frames.length * k);
  frames.forEach((f, i) => rows.set(f, i * k));
  return rows;
}

export default interpolate;
