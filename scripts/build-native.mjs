#!/usr/bin/env node
/**
 * npm `install` hook: builds the optional native addon (native/, oneDNN + N-API) with node-gyp.
 * The addon is optional, like sharp's or esbuild's binaries: when the build fails (no compiler, no
 * oneDNN headers, no Node headers) installation still succeeds and gankit runs on wasm; one line says why.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nativeDir = path.join(root, 'native');

/** node-gyp's entry script: npm tells lifecycle scripts where its bundled copy is; else resolve it. */
function findNodeGyp() {
  const fromNpm = process.env.npm_config_node_gyp;
  if (fromNpm && existsSync(fromNpm)) return fromNpm;
  const require = createRequire(import.meta.url);
  const candidates = [root];
  if (process.env.npm_execpath) candidates.push(path.dirname(process.env.npm_execpath));
  // Run by hand (outside npm): npm's own copy beside the node binary.
  candidates.push(path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm'));
  for (const from of candidates) {
    try {
      return require.resolve('node-gyp/bin/node-gyp.js', { paths: [from, path.join(from, '..'), path.join(from, 'node_modules')] });
    } catch {
      // try the next location
    }
  }
  return undefined;
}

function fail(why) {
  console.log(`gankit: native addon not built (${why}); gankit will run on the wasm backend.`);
  process.exit(0);
}

if (process.env.GANKIT_SKIP_NATIVE === '1') fail('GANKIT_SKIP_NATIVE=1');
const gyp = findNodeGyp();
if (!gyp) fail('node-gyp not found');
const res = spawnSync(process.execPath, [gyp, 'rebuild'], {
  cwd: nativeDir,
  encoding: 'utf8',
  maxBuffer: 64 * 2 ** 20, // compiler output can be long; the default 1 MB would kill the build
});
if (res.status !== 0) {
  const lines = `${res.stderr ?? ''}${res.stdout ?? ''}`.split('\n').filter((l) => /error/i.test(l));
  fail(lines[0]?.trim().slice(0, 200) || `node-gyp exited with ${res.status}`);
}
console.log('gankit: native addon built (oneDNN backend available).');
