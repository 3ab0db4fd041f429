/**
 * Runs tfjs-core's backend conformance suite (every `*_test.js` Jasmine spec file shipped in
 * node_modules/@tensorflow/tfjs-core/dist) against one backend, the way tfjs-node's and
 * tfjs-backend-wasm's own test runners do: `jasmine_util.setTestEnvs` names the backend, each spec
 * whose name contains an entry of the exclusion list (`exclusions.ts`) is skipped, the rest run.
 *
 * Usage (from the repository root, after `npm run build`):
 *   node --import ./dist/test/conformance/register-hooks.js dist/test/conformance/run-specs.js \
 *     --backend native|wasm|wasm-stock [--filter REGEX] [--json FILE] [--no-exclusions]
 * `wasm-stock` is tfjs-backend-wasm without gankit's kernels (how the wasm exclusions were measured).
 * Prints one line per failure and a closing summary; writes every spec's status to --json FILE.
 * Exit code 1 when a spec that is not excluded fails.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
// Gradients and chained ops, as tfjs-node's run_tests imports them (tfjs-core's ES-module index
// registers neither).
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import * as jasmineUtil from '@tensorflow/tfjs-core/dist/jasmine_util.js';
import { backendLoaders } from '../../src/backend/loaders.js';
import { type ConformanceBackend, EXCLUSIONS, exclusionFor } from './exclusions.js';

const require = createRequire(import.meta.url);

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string' },
    filter: { type: 'string' },
    json: { type: 'string' },
    'no-exclusions': { type: 'boolean', default: false },
  },
});
const backend = args.backend as ConformanceBackend;
if (!['native', 'wasm', 'wasm-stock'].includes(backend)) {
  console.error('run-specs: --backend must be native, wasm or wasm-stock');
  process.exit(2);
}

/** Registers the backend under test; `wasm-stock` skips gankit's kernel registrations. */
async function loadBackend(): Promise<string> {
  if (backend === 'wasm-stock') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(`${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}${path.sep}`);
    return 'wasm';
  }
  const loaded = await backendLoaders[backend]();
  if (!loaded.ok) {
    console.error(`run-specs: backend ${backend} cannot start: ${loaded.reason}`);
    process.exit(2);
  }
  return backend;
}

const backendName = await loadBackend();
const envName = `test-${backendName}`;
jasmineUtil.setTestEnvs([{ name: envName, backendName, flags: {}, isDataSync: true }]);

const specDir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-core/package.json')), 'dist');
const specFiles = readdirSync(specDir, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('_test.js'))
  .sort();

interface SpecResult {
  fullName: string;
  status: string;
  failedExpectations: { message: string }[];
}

const Jasmine = require('jasmine');
const runner = new Jasmine({ projectBaseDir: specDir });
runner.exitOnCompletion = false;
runner.loadConfig({ spec_dir: '.', spec_files: specFiles, jsLoader: 'import', random: false });
const grep = args.filter ? new RegExp(args.filter) : undefined;
const excludedNames: string[] = [];
runner.env.configure({
  specFilter: (spec: { getFullName(): string }) => {
    const name = spec.getFullName();
    if (grep && !grep.test(name)) return false;
    if (!args['no-exclusions'] && exclusionFor(backend, name, envName) !== undefined) {
      excludedNames.push(name);
      return false;
    }
    return true;
  },
});
const results: SpecResult[] = [];
runner.clearReporters();
runner.addReporter({
  specDone: (r: SpecResult) => {
    results.push({ fullName: r.fullName, status: r.status, failedExpectations: r.failedExpectations });
  },
  suiteDone: (r: SpecResult) => {
    // A failing beforeAll/afterAll (e.g. the backend does not start) fails the suite, not a spec.
    if (r.status === 'failed') results.push({ ...r, fullName: `[suite] ${r.fullName}` });
  },
});

/** Spec names of the exclusion list that no loaded spec had. */
function staleExclusions(excluded: Set<string>): string[] {
  return EXCLUSIONS[backend].flatMap((e) =>
    e.specs.map((spec) => `${e.suite} ${envName} {} ${spec}`).filter((name) => !excluded.has(name)),
  );
}

const started = performance.now();
const overall = await runner.execute();
const failed = results.filter((r) => r.status === 'failed');
const passed = results.filter((r) => r.status === 'passed').length;
for (const f of failed) {
  const why = f.failedExpectations.map((e) => e.message.split('\n')[0].slice(0, 240)).join(' | ');
  console.log(`FAIL ${f.fullName} :: ${why}`);
}
if (overall.incompleteReason) console.log(`jasmine: ${overall.incompleteReason}`);
// Entries that matched no spec (renamed or removed upstream) would hide nothing and mislead.
const stale = grep || args['no-exclusions'] ? [] : staleExclusions(new Set(excludedNames));
for (const name of stale) console.log(`STALE exclusion (no such spec): ${name}`);
if (args.json)
  writeFileSync(args.json, JSON.stringify({ backend, results, excluded: excludedNames }, null, 1));
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `conformance ${backend}: ${passed} passed, ${failed.length} failed, ${excludedNames.length} excluded ` +
    `(${specFiles.length} spec files, ${seconds} s)`,
);
process.exit(failed.length > 0 || stale.length > 0 ? 1 : 0);
