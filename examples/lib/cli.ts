/**
 * What every example shares on its command line: `--smoke` (a tiny run for the smoke tests), `--out FILE`
 * (its picture) and its own flags, parsed strictly so that a typo is an error, not a silent default.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { describeBackend, initBackend } from '../../src/index.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Flag values by name; `smoke` and `out` are every example's. */
export type ExampleFlags = { smoke?: boolean; out?: string } & Record<string, string | boolean | undefined>;

/** Parses the example's flags (plus `--smoke`, `--out`); bad flags print the usage and exit 2. */
export function exampleArgs(usage: string, options: Options): ExampleFlags {
  try {
    return parseArgs({
      options: { ...options, smoke: { type: 'boolean' }, out: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }).values as ExampleFlags;
  } catch (e) {
    console.error(`${(e as Error).message}\nusage: ${usage}`);
    process.exit(2);
  }
}

/** A positive integer flag, or exit 2 naming it. */
export function intArg(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a non-negative integer, got '${value}'`);
    process.exit(2);
  }
  return n;
}

/** One of `choices`, or exit 2 listing them. */
export function choiceArg<T extends string>(name: string, value: unknown, choices: readonly T[]): T {
  if (value === undefined) return choices[0];
  if (!choices.includes(value as T)) {
    console.error(`--${name} must be one of ${choices.join(', ')}, got '${value}'`);
    process.exit(2);
  }
  return value as T;
}

/** Starts the fastest backend and prints which. */
export async function startBackend(): Promise<void> {
  console.log(describeBackend(await initBackend('auto')));
}

/** Seconds since `t0` (performance.now()), one decimal. */
export function secondsSince(t0: number): string {
  return ((performance.now() - t0) / 1000).toFixed(1);
}

/** The log line of docs/architecture.md's contract, as seed 000's loop prints it. */
export function stepLine(step: number, dLoss: number, gLoss: number): string {
  return `STEP=${String(step).padStart(5, '0')}, d_loss=${dLoss.toFixed(5)}, g_loss=${gLoss.toFixed(5)}`;
}
