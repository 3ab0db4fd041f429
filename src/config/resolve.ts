/**
 * Resolution order, later wins: built-in defaults → preset (`--preset`) → config file (`--config`, which may
 * itself name `extends: preset`) → command-line flags. The result is validated into one {@link GanConfig}.
 */
import { DEFAULTS } from './defaults.js';
import { deepMerge, expandExtends, loadPreset, type Plain, readConfigFile } from './presets.js';
import type { GanConfig } from './types.js';
import { validateConfig } from './validate.js';
import { UsageError } from '../util/errors.js';

export interface ResolveInput {
  /** A config resolved earlier (a run's config.json, for --resume): used instead of defaults and preset. */
  base?: Plain;
  preset?: string;
  configFile?: string;
  /** A config file's content already parsed (e.g. a sweep file's config part), applied like `configFile`. */
  config?: Plain;
  /** Flag overrides as a partial config (e.g. `{ train: { steps: 200 } }`). */
  overrides?: Plain;
}

/** Builds and validates the run configuration. */
export function resolveConfig(input: ResolveInput): GanConfig {
  if (!input.base && !input.preset && !input.configFile && !input.config) {
    throw new UsageError("pass --preset NAME or --config FILE.yaml (see 'gankit presets' for the names)");
  }
  let cfg: Plain = structuredClone(input.base ?? (DEFAULTS as unknown as Plain));
  if (input.preset) cfg = deepMerge(cfg, loadPreset(input.preset));
  const content = input.configFile ? readConfigFile(input.configFile) : input.config;
  if (content) {
    const file = expandExtends(content);
    cfg = deepMerge(cfg, file);
    if (!input.preset && file.name === undefined) cfg.name = 'custom';
  }
  if (input.overrides) cfg = deepMerge(cfg, input.overrides);
  validateConfig(cfg);
  return cfg;
}

/** The config sections a resumed run must keep: what its checkpoints' tensors and state were built from. */
const RESUME_FIXED = ['model', 'data', 'loss', 'tricks', 'objective', 'optimizers'] as const;

/**
 * Refuses a config given with `--resume` that changes the architecture of the run in `dir` (`saved`,
 * its config.json); other keys (steps, intervals) may change. The error names the first differing key.
 */
export function requireResumable(saved: GanConfig, next: GanConfig, file: string, dir: string): void {
  for (const key of RESUME_FIXED) {
    const diff = firstDifference(saved[key], next[key], key);
    if (diff)
      throw new UsageError(
        `--resume: ${file} changes '${diff.key}' (the run in ${dir} has ${diff.was}, the file ${diff.now}); a run resumes with the model, data and training scheme its checkpoints were written with. Drop --config, or train this config into a new --out`,
      );
  }
}

/** The first key path at which `a` and `b` differ, with both values as short JSON. */
function firstDifference(
  a: unknown,
  b: unknown,
  key: string,
): { key: string; was: string; now: string } | undefined {
  if (isObject(a) && isObject(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference(a[k], b[k], `${key}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  const was = JSON.stringify(a) ?? 'nothing';
  const now = JSON.stringify(b) ?? 'nothing';
  return was === now ? undefined : { key, was: was.slice(0, 60), now: now.slice(0, 60) };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
