/** Shared test helpers: running the CLI as a user would, and temporary folders. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Path of the compiled CLI entry (tests run from dist/test). */
export const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

/** Runs `gankit ARGS…` in a child process (with `env` added to this one's); returns exit code and output. */
export function gankit(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    cwd: opts.cwd,
    env: opts.env && { ...process.env, ...opts.env },
    timeout: 600_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A user error: exit 2, the message matching `message`, no stack frames, and (unless `oneLine` is false)
 * a single `gankit:` line on stderr.
 */
export function assertUserError(
  r: { code: number; stderr: string },
  message: RegExp,
  { oneLine = true }: { oneLine?: boolean } = {},
): void {
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, message);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'a stack trace reached the user');
  if (oneLine) assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
}

/** Asserts a refused command: exit 2, the message matching `why`, no stack trace. */
export function refused(args: string[], why: RegExp): void {
  assertUserError(gankit(args), why, { oneLine: false });
}

/** Folders made by {@link tmpDir} in this test process, removed when it exits. */
const made: string[] = [];
process.on('exit', () => {
  if (process.env.GANKIT_KEEP_TMP) return;
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/**
 * A fresh temporary folder, removed when the test process exits (each test file runs in its own process)
 * so that runs of the suite do not fill /tmp; set GANKIT_KEEP_TMP=1 to keep them for a post-mortem.
 */
export function tmpDir(prefix = 'gankit-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A `model:` YAML section of a StarGAN v2 small enough for plumbing tests (CLI, resume). */
export const TINY_STARGAN_MODEL = `model:
  styleDim: 4
  generator: { filters: 4, maxFilters: 8 }
  mapping: { hidden: 8 }
  styleEncoder: { filters: 4, maxFilters: 8 }
  discriminator: { filters: 4, maxFilters: 8 }
`;
