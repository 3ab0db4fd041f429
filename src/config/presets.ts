/**
 * Presets are YAML files in the package's `presets/` folder: data, never code paths. A preset may
 * `extends: other-preset` and override any part of it; the result is merged over {@link DEFAULTS}.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { InputError, UsageError } from '../util/errors.js';

/** The package's presets folder (dist/src/config → package root). */
export const PRESETS_DIR = fileURLToPath(new URL('../../../presets/', import.meta.url));

export type Plain = Record<string, unknown>;

/** Names of all presets, sorted. */
export function presetNames(): string[] {
  return readdirSync(PRESETS_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** Parses a YAML or JSON config file into a plain object. */
export function readConfigFile(file: string): Plain {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError(file, 'config file not found or unreadable');
  }
  return parseConfigText(text, file);
}

/**
 * Parses config text (JSON for a `.json` file name, else YAML) into a plain object. YAML is read as
 * data only: the `yaml` package knows no tags that build code or objects, and keys that would reach an
 * object's prototype are refused.
 */
export function parseConfigText(text: string, file: string): Plain {
  let value: unknown;
  try {
    value = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new InputError(
      file,
      `invalid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InputError(file, 'must contain a mapping (key: value pairs)');
  const unsafe = prototypeKey(value);
  if (unsafe) throw new InputError(file, `the key '${unsafe}' is not allowed in a config`);
  return value as Plain;
}

/** YAML to plain data; a warning (an unknown tag such as `!!js/function`) is an error, not ignored. */
function parseYaml(text: string): unknown {
  const doc = YAML.parseDocument(text, { logLevel: 'silent' });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) throw problem;
  return doc.toJS();
}

/** A key path that would write an object's prototype (`__proto__`, `constructor`, `prototype`). */
function prototypeKey(v: unknown, at = ''): string | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  for (const [k, x] of Object.entries(v)) {
    const here = at ? `${at}.${k}` : k;
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') return here;
    const deeper = prototypeKey(x, here);
    if (deeper) return deeper;
  }
  return undefined;
}

/** Deep-merges `over` onto `base` (objects merge, everything else replaces). */
export function deepMerge(base: Plain, over: Plain): Plain {
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlain(b) && isPlain(v) ? deepMerge(b, v) : v;
  }
  return out;
}

function isPlain(v: unknown): v is Plain {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Expands `extends:` chains of a config object (from a preset or a user file). */
export function expandExtends(cfg: Plain, seen: string[] = []): Plain {
  const parent = cfg.extends;
  if (parent === undefined) return cfg;
  if (typeof parent !== 'string')
    throw new UsageError(`config: 'extends' must be a preset name, got ${JSON.stringify(parent)}`);
  if (seen.includes(parent))
    throw new UsageError(`config: preset inheritance loop: ${[...seen, parent].join(' → ')}`);
  const { extends: _, ...rest } = cfg;
  return deepMerge(expandExtends(loadPresetRaw(parent), [...seen, parent]), rest);
}

/** A preset's own file content (before `extends` is expanded). */
function loadPresetRaw(name: string): Plain {
  const file = path.join(PRESETS_DIR, `${name}.yaml`);
  if (!existsSync(file)) {
    throw new UsageError(
      `unknown preset '${name}'. Valid presets: ${presetNames().join(', ')} (see 'gankit presets')`,
    );
  }
  return readConfigFile(file);
}

/** A preset with its `extends` chain expanded (not yet merged over defaults). */
export function loadPreset(name: string): Plain {
  return { name, ...expandExtends(loadPresetRaw(name), [name]) };
}
