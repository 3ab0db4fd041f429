/**
 * Independent references in Python (Debian's python3-torch / python3-scipy under /usr/bin/python3).
 * Tests that need them skip with the reason printed when they are absent.
 */
import { spawnSync } from 'node:child_process';

export const PYTHON = '/usr/bin/python3';

/** `false` when `/usr/bin/python3` can import every module in `modules`, else the reason to skip. */
export function pythonMissing(...modules: string[]): string | false {
  const r = spawnSync(PYTHON, ['-c', `import ${modules.join(', ')}`], { encoding: 'utf8' });
  if (r.error) return `${PYTHON} not found`;
  return r.status === 0
    ? false
    : `${PYTHON} cannot import ${modules.join(', ')} (install Debian python3-${modules[0]})`;
}

/** Runs a Python script that reads JSON on stdin and prints JSON; returns the parsed output. */
export function runPython<T>(script: string, input: unknown): T {
  const r = spawnSync(PYTHON, ['-c', script], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
