/**
 * Running the benchmark's PyTorch scripts (bench/*.py, source checkout only): the settings each is tried
 * at and one run's JSON result.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** bench/ of the source checkout, from dist/src/bench/. */
export const PYTORCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bench');

/**
 * The settings PyTorch is tried at, every one with OPENBLAS_NUM_THREADS, OMP_NUM_THREADS and torch's
 * threads equal: 1 and 2 threads, and for the scripts that take `--channels-last` also that memory
 * format (oneDNN's preferred layout; PyTorch's default is NCHW). mkldnn is on in every run (PyTorch's
 * default on this build).
 */
export function pytorchSettings(channelsLast: boolean): { key: string; threads: number; args: string[] }[] {
  return [1, 2].flatMap((threads) => [
    { key: String(threads), threads, args: [] },
    ...(channelsLast ? [{ key: `${threads} channels-last`, threads, args: ['--channels-last'] }] : []),
  ]);
}

/** Runs a bench/ PyTorch script at one setting; its last stdout line is JSON. */
export function runPytorchScript(
  script: string,
  args: string[],
  threads: number,
): { ok: true; out: Record<string, number> } | { ok: false; error: string } {
  const res = spawnSync(
    '/usr/bin/python3',
    [path.join(PYTORCH_DIR, script), ...args, '--threads', String(threads)],
    {
      encoding: 'utf8',
      env: { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) },
    },
  );
  if (res.status !== 0)
    return {
      ok: false,
      error: `PyTorch failed: ${(res.stderr || res.error?.message || '').trim().split('\n').pop()}`,
    };
  return { ok: true, out: JSON.parse(res.stdout.trim().split('\n').pop()!) };
}
