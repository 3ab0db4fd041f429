/**
 * Runs a reference computation in Python (PyTorch / NumPy / SciPy) so that tests compare gankit against an
 * independent implementation. Debian installs torch under /usr/bin/python3 only, so that exact
 * interpreter is used. When it or a module is missing the caller skips with the returned reason.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const PYTHON = '/usr/bin/python3';

export type PythonResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * Runs `script` with `input` as JSON on stdin; the script prints one JSON document on stdout.
 * @param modules modules whose absence means "skip", not "fail".
 */
export function runPython<T>(script: string, input: unknown, modules: readonly string[]): PythonResult<T> {
  if (!existsSync(PYTHON)) return { ok: false, reason: `${PYTHON} not found` };
  // One interpreter start (importing torch takes seconds): the prologue reports missing modules as a skip.
  const prologue = [
    'import json, sys',
    'try:',
    ...modules.map((m) => `    import ${m}`),
    'except ImportError as e:',
    '    print(json.dumps({"__skip__": str(e)})); sys.exit(0)',
  ].join('\n');
  const run = spawnSync(PYTHON, ['-c', `${prologue}\n${script}`], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
  });
  // A failing reference script is a bug in the test, not a reason to skip.
  if (run.status !== 0) throw new Error(`python reference failed:\n${run.stderr}`);
  const out = JSON.parse(run.stdout) as T & { __skip__?: string };
  if (out.__skip__) return { ok: false, reason: `${PYTHON} lacks a module: ${out.__skip__}` };
  return { ok: true, value: out };
}

/** Asserts |actual − expected| ≤ atol + rtol·|expected| elementwise, with a message naming `what`. */
export function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  what: string,
  atol = 1e-5,
  rtol = 1e-4,
): void {
  if (actual.length !== expected.length) {
    throw new Error(`${what}: length ${actual.length} ≠ ${expected.length}`);
  }
  for (let i = 0; i < actual.length; i++) {
    const err = Math.abs(actual[i] - expected[i]);
    if (!(err <= atol + rtol * Math.abs(expected[i]))) {
      throw new Error(`${what}[${i}]: got ${actual[i]}, expected ${expected[i]} (|err| ${err})`);
    }
  }
}
