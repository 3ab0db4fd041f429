/**
 * Flag parsing shared by the sub-commands: node's `parseArgs` in strict mode, with its errors turned
 * into one actionable paragraph (what was wrong, the valid flags) and exit code 2.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { InputError, UsageError } from '../util/errors.js';

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;

/** Parses `argv` against `options`; unknown flags and missing values become a {@link UsageError}. */
export function parseFlags<T extends FlagSpec>(
  command: string,
  argv: string[],
  options: T,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (err) {
    const valid = Object.keys(options)
      .map((k) => `--${k}`)
      .join(', ');
    throw new UsageError(
      `gankit ${command}: ${(err as Error).message.replace(/\. To specify.*$/s, '')}. Valid flags: ${valid}. ` +
        `Run 'gankit ${command} --help' for details.`,
    );
  }
}

/** Reads an integer flag; `undefined` when absent, a {@link UsageError} when malformed or below `min`. */
export function intFlag(name: string, value: string | boolean | undefined, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(n) || n < min) {
    throw new UsageError(`--${name} must be an integer >= ${min}, got '${String(value)}'`);
  }
  return n;
}

/** Reads a finite number flag; `undefined` when absent, a {@link UsageError} when not a number. */
export function numberFlag(name: string, value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(n)) {
    throw new UsageError(`--${name} must be a number, got '${String(value)}'`);
  }
  return n;
}

/**
 * Reads a flag holding two numbers `A,B` (a value range or an image size); `undefined` when absent, a
 * {@link UsageError} when malformed. `check` says what else the pair must satisfy, e.g. `A < B`.
 */
export function pairFlag(
  name: string,
  value: string | boolean | undefined,
  check: { test: (a: number, b: number) => boolean; want: string },
): [number, number] | undefined {
  if (value === undefined) return undefined;
  const parts = typeof value === 'string' ? value.split(',').map(Number) : [];
  if (parts.length !== 2 || !parts.every(Number.isFinite) || !check.test(parts[0], parts[1])) {
    throw new UsageError(`--${name} must be ${check.want}, got '${String(value)}'`);
  }
  return [parts[0], parts[1]];
}

/**
 * The folder a `--runs DIR` flag names (default `runs/`), resolved; a missing one is an
 * {@link InputError} naming it, with `hint` saying which folder is meant.
 */
export function runsFolderFlag(value: string | boolean | undefined, hint: string): string {
  const dir = path.resolve(typeof value === 'string' ? value : 'runs');
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {}
  if (!isDir) throw new InputError(dir, 'no such folder', `Pass --runs DIR, ${hint}`);
  return dir;
}
