/**
 * Property-based fuzzing of gankit's input parsers (issue 17) with fast-check: mutated IDX, PNG, JPEG,
 * `.npy`, checkpoint manifests and YAML configs. The property for every input: the parser returns, or
 * throws a GankitError (the CLI's one-line exit 2), within a time limit — never another exception (a
 * crash the user would see as a stack trace) and never a hang.
 *
 *   node dist/bench/reliability/fuzz.js [--runs 20000] [--seed 1]    (runs per target; prints the figures)
 */
import fc from 'fast-check';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import YAML from 'yaml';
import { DEFAULTS } from '../../src/config/defaults.js';
import {
  deepMerge,
  expandExtends,
  loadPreset,
  parseConfigText,
  type Plain,
} from '../../src/config/presets.js';
import { validateConfig } from '../../src/config/validate.js';
import { decodeImageBytes, headerSize } from '../../src/data/image-folder.js';
import { parseIdx } from '../../src/data/idx.js';
import { encodeNpy, parseNpy } from '../../src/io/npy.js';
import { parseManifest } from '../../src/train/checkpoint.js';
import { GankitError } from '../../src/util/errors.js';
import { isMain, parseOptions } from './common.js';

/** One parser under test: valid seed inputs to mutate and the call that must not crash. */
interface Target {
  name: string;
  seeds: Uint8Array[];
  parse: (bytes: Uint8Array) => void;
}

const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

function idxSeed(): Uint8Array {
  // A 3×2×2 uint8 array: magic 0 0 0x08 3, three big-endian dimensions, 12 values.
  const b = new Uint8Array(4 + 12 + 12);
  b.set([0, 0, 0x08, 3]);
  const v = new DataView(b.buffer);
  [3, 2, 2].forEach((d, i) => v.setUint32(4 + 4 * i, d));
  for (let i = 0; i < 12; i++) b[16 + i] = i * 20;
  return b;
}

function pngSeed(color: boolean): Uint8Array {
  const png = new PNG({ width: 5, height: 3, colorType: color ? 6 : 0 });
  for (let i = 0; i < png.data.length; i++) png.data[i] = (i * 37) & 255;
  return new Uint8Array(PNG.sync.write(png, color ? {} : { colorType: 0 }));
}

function jpegSeed(): Uint8Array {
  const data = Buffer.alloc(8 * 6 * 4);
  for (let i = 0; i < data.length; i++) data[i] = (i * 53) & 255;
  return new Uint8Array(jpeg.encode({ data, width: 8, height: 6 }, 80).data);
}

function manifestSeed(): Uint8Array {
  const m = {
    format: 'gankit-checkpoint',
    version: 1,
    step: 10,
    bytes: 40,
    sha256: 'a'.repeat(64),
    state: { data: { epoch: 0, index: 3 }, elapsed: 1.5, lrScale: 1, objective: {} },
    tensors: {
      generator: [
        { name: 'dense_Dense1/kernel', shape: [2, 4], dtype: 'float32', offset: 0, length: 8 },
        { name: 'dense_Dense1/bias', shape: [2], dtype: 'float32', offset: 32, length: 2 },
      ],
    },
  };
  return Buffer.from(JSON.stringify(m, null, 1));
}

/** A full config: every leaf of the gan-mnist and pix2pix presets is somewhere to mutate. */
function configSeeds(): Uint8Array[] {
  return ['gan-mnist', 'pix2pix-edges', 'toy-ring-wgan-gp'].map((p) =>
    Buffer.from(YAML.stringify(expandExtends(loadPreset(p)))),
  );
}

/** Parses a YAML config the way `gankit train --config` does, up to the validated GanConfig. */
function parseConfig(bytes: Uint8Array): void {
  const file = expandExtends(parseConfigText(text(bytes), 'fuzz.yaml'));
  validateConfig(deepMerge(structuredClone(DEFAULTS as unknown as Plain), file));
}

/** The parsers of issue 17's list. */
export const TARGETS: Target[] = [
  { name: 'IDX', seeds: [idxSeed()], parse: (b) => void parseIdx(b, 'fuzz.idx') },
  {
    name: 'PNG',
    seeds: [pngSeed(true), pngSeed(false)],
    parse: (b) => {
      headerSize(b);
      const img = decodeImageBytes(b, 'fuzz.png');
      if (img.rgba.length !== img.width * img.height * 4) throw new Error('PNG decoded to a wrong size');
    },
  },
  {
    name: 'JPEG',
    seeds: [jpegSeed()],
    parse: (b) => {
      headerSize(b);
      const img = decodeImageBytes(b, 'fuzz.jpg');
      if (img.rgba.length !== img.width * img.height * 4) throw new Error('JPEG decoded to a wrong size');
    },
  },
  {
    name: '.npy',
    seeds: [
      encodeNpy({ shape: [3, 2], data: new Float32Array([1, 2, 3, 4, 5, 6]) }),
      encodeNpy({ shape: [4], data: new Float64Array([1, -2, 0.5, 8]) }),
    ],
    parse: (b) => void parseNpy(b, 'fuzz.npy'),
  },
  {
    name: 'checkpoint manifest',
    seeds: [manifestSeed()],
    parse: (b) => void parseManifest(text(b), 'manifest.json'),
  },
  { name: 'YAML config', seeds: configSeeds(), parse: parseConfig },
];

/**
 * Mutations of a seed: byte flips, overwrites with interesting values, insertions, deletions,
 * truncation and extension — a few at a time, as damaged files have them.
 */
function mutated(seeds: Uint8Array[]): fc.Arbitrary<Uint8Array> {
  const edit = fc.record({
    kind: fc.constantFrom('flip', 'set', 'insert', 'delete', 'truncate', 'append'),
    at: fc.nat(),
    byte: fc.oneof(
      fc.integer({ min: 0, max: 255 }),
      fc.constantFrom(0, 0xff, 0x7f, 0x80, 0x30, 0x39, 0x2d, 0x22),
    ),
    n: fc.integer({ min: 1, max: 16 }),
  });
  return fc
    .tuple(fc.integer({ min: 0, max: seeds.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 6 }))
    .map(([s, edits]) => {
      let b = Array.from(seeds[s]);
      for (const e of edits) {
        const i = b.length ? e.at % b.length : 0;
        if (e.kind === 'flip') b[i] ^= 1 << (e.byte & 7);
        else if (e.kind === 'set') b[i] = e.byte;
        else if (e.kind === 'insert') b.splice(i, 0, ...new Array(e.n).fill(e.byte));
        else if (e.kind === 'delete') b.splice(i, e.n);
        else if (e.kind === 'truncate') b = b.slice(0, i);
        else b.push(...new Array(e.n).fill(e.byte));
      }
      return Uint8Array.from(b);
    });
}

/** Config mutations at the level of meaning: a leaf replaced by any JSON value, or an unknown key added. */
function mutatedConfig(): fc.Arbitrary<Uint8Array> {
  const seeds = configSeeds().map((b) => YAML.parse(text(b)) as Plain);
  return fc
    .tuple(
      fc.integer({ min: 0, max: seeds.length - 1 }),
      fc.nat(),
      fc.jsonValue({ maxDepth: 2 }),
      fc.boolean(),
    )
    .map(([s, pick, value, addKey]) => {
      const cfg = structuredClone(seeds[s]);
      const leaves: [Plain, string][] = [];
      const walk = (o: Plain) => {
        for (const [k, v] of Object.entries(o)) {
          leaves.push([o, k]);
          if (typeof v === 'object' && v !== null && !Array.isArray(v)) walk(v as Plain);
        }
      };
      walk(cfg);
      const [obj, key] = leaves[pick % leaves.length];
      obj[addKey ? `${key}_x` : key] = value;
      return Buffer.from(YAML.stringify(cfg));
    });
}

export interface FuzzFigures {
  target: string;
  cases: number;
  /** Inputs the parser accepted (the rest were GankitErrors). */
  accepted: number;
  slowestMs: number;
  /** The first input that crashed or hung, with the error; undefined when none did. */
  failure?: string;
}

/** Fuzzes every target with `runs` inputs; a case slower than `maxMs` counts as a hang. */
export function fuzzParsers(runs: number, seed: number, maxMs = 10_000): FuzzFigures[] {
  return TARGETS.map((t) => {
    const f: FuzzFigures = { target: t.name, cases: 0, accepted: 0, slowestMs: 0 };
    const inputs = t.name === 'YAML config' ? fc.oneof(mutated(t.seeds), mutatedConfig()) : mutated(t.seeds);
    const result = fc.check(
      fc.property(inputs, (bytes) => {
        f.cases++;
        const t0 = performance.now();
        let error: unknown;
        try {
          t.parse(bytes);
          f.accepted++;
        } catch (err) {
          error = err;
        }
        const ms = performance.now() - t0;
        f.slowestMs = Math.max(f.slowestMs, ms);
        if (error !== undefined && !(error instanceof GankitError)) throw error;
        if (ms > maxMs) throw new Error(`took ${ms.toFixed(0)} ms (a hang)`);
      }),
      { numRuns: runs, seed },
    );
    if (result.failed)
      f.failure = `${String((result.errorInstance as Error)?.stack ?? result.errorInstance)
        .split('\n')
        .slice(0, 4)
        .join(' | ')} on ${Buffer.from(result.counterexample![0] as Uint8Array)
        .toString('base64')
        .slice(0, 400)}`;
    return f;
  });
}

/** One line per target. */
export function formatFuzzFigures(figures: FuzzFigures[]): string {
  return figures
    .map(
      (f) =>
        `${f.target}: ${f.cases} inputs, ${f.accepted} accepted, ${f.cases - f.accepted} clear errors, slowest ${f.slowestMs.toFixed(1)} ms, ${f.failure ? `FAILED: ${f.failure}` : 'no crash, no hang'}`,
    )
    .join('\n');
}

if (isMain(import.meta.url)) {
  const o = parseOptions({ runs: 20000, seed: 1 });
  const figures = fuzzParsers(o.runs, o.seed);
  console.log(formatFuzzFigures(figures));
  process.exitCode = figures.some((f) => f.failure) ? 1 : 0;
}
