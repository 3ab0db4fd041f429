/** What the reliability campaigns share: running the CLI in a child process, options, temporary folders. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The compiled CLI (dist/bench/reliability → dist/src/cli/main.js). */
export const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** True when the run was SIGKILLed by {@link runCli}'s `killAfterMs`. */
  killed: boolean;
}

/**
 * Runs `gankit ARGS…` in a child process. With `killAfterMs` it is SIGKILLed that long after its
 * output first matches `killAfterLine` (at once when none is given), unless it ended first.
 */
export function runCli(
  args: string[],
  o: { env?: Record<string, string>; killAfterMs?: number; killAfterLine?: RegExp } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...o.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      if (o.killAfterMs === undefined || timer) return;
      timer = setTimeout(() => {
        killed = child.kill('SIGKILL');
      }, o.killAfterMs);
    };
    child.stdout.on('data', (d) => {
      stdout += d;
      if (!o.killAfterLine || o.killAfterLine.test(stdout)) arm();
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    if (!o.killAfterLine) arm();
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, killed: killed && signal === 'SIGKILL' });
    });
  });
}

/** A fresh temporary folder. */
export function tmpFolder(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** True when the module at `url` is the script node was started with. */
export function isMain(url: string): boolean {
  return process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(url);
}

/** `--name value` pairs of the command line over `defaults` (numbers only; kebab-case → camelCase). */
export function parseOptions<T extends Record<string, number>>(defaults: T): T {
  const out: Record<string, number> = { ...defaults };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
    const value = Number(argv[i + 1]);
    if (!(key in defaults) || !Number.isFinite(value))
      throw new Error(
        `unknown option ${argv[i]} ${argv[i + 1] ?? ''}; options: ${Object.keys(defaults).join(', ')}`,
      );
    out[key] = value;
  }
  return out as T;
}
