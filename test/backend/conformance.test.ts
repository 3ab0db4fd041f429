/**
 * tfjs-core's own backend conformance suite (every `*_test.js` Jasmine spec tfjs-core 4.22 ships, the
 * suite tfjs-node and tfjs-backend-wasm run against their backends) on gankit's `native` and `wasm`
 * backends, through test/conformance/run-specs.ts. Every spec not in test/conformance/exclusions.ts
 * must pass: on native none is excluded; on wasm exactly those that stock tfjs-backend-wasm fails too.
 * Each backend runs in its own process (the suite resets the engine and registers test backends).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { excludedCount } from '../conformance/exclusions.js';
import { skipNative } from './native-helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const runner = path.join(here, '../conformance/run-specs.js');
const hooks = path.join(here, '../conformance/register-hooks.js');

interface Run {
  code: number | null;
  output: string;
}

/** Runs the suite against `backend` in a child process; resolves with its exit code and output. */
function runSuite(backend: 'native' | 'wasm'): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', hooks, runner, '--backend', backend], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** The runner's closing line, `conformance B: P passed, F failed, E excluded (…)`. */
function summary(run: Run): { passed: number; failed: number; excluded: number; line: string } {
  const m = run.output.match(/^conformance \S+: (\d+) passed, (\d+) failed, (\d+) excluded.*$/m);
  assert.ok(m, `the conformance runner printed no summary:\n${run.output.slice(-3000)}`);
  return { passed: Number(m[1]), failed: Number(m[2]), excluded: Number(m[3]), line: m[0] };
}

// Both start at once (one child per core); each test awaits its own.
const runs = {
  native: skipNative ? undefined : runSuite('native'),
  wasm: runSuite('wasm'),
};

for (const backend of ['native', 'wasm'] as const) {
  test(`tfjs-core conformance suite on ${backend}: every spec outside the exclusion list passes`, async (t) => {
    const pending = runs[backend];
    if (pending === undefined) {
      t.skip(`native addon not built: ${skipNative}`);
      return;
    }
    const run = await pending;
    const s = summary(run);
    t.diagnostic(s.line);
    const failures = run.output.split('\n').filter((l) => l.startsWith('FAIL ') || l.startsWith('STALE '));
    assert.deepEqual(
      failures,
      [],
      `${backend}: ${failures.length} unexpected results:\n${failures.join('\n')}`,
    );
    assert.equal(run.code, 0, run.output.slice(-3000));
    assert.equal(s.excluded, excludedCount(backend), 'every exclusion names a spec that exists');
    // The suite really ran: tfjs-core 4.22 has 4,225 specs (a loader failure would load few or none).
    assert.ok(s.passed + s.excluded > 4000, `only ${s.passed} specs passed`);
  });
}
