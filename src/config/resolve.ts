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
