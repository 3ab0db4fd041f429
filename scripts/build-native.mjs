#!/usr/bin/env node
/**
 * npm `install` hook: builds gankit's two optional native addons with node-gyp, each on its own, so a
 * machine that lacks one library still gets the other:
 * - native/ (oneDNN + N-API): the `native` tfjs backend; without it gankit trains on wasm;
 * - native/linalg/ (OpenBLAS + N-API): float64 BLAS/LAPACK for FID and KID; without it they run in JS.
 * Both are optional, like sharp's or esbuild's binaries: when a build fails (no compiler, no oneDNN or
 * OpenBLAS headers, no Node headers) installation still succeeds; one line per addon says what happened.
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

/** The addons: folder, what a successful build gives, what runs without it. */
const ADDONS = [
  { dir: 'native', name: 'native addon', gives: 'oneDNN backend available', without: 'gankit will run on the wasm backend' },
  {
    dir: path.join('native', 'linalg'),
    name: 'linalg addon',
    gives: 'OpenBLAS float64 path for FID and KID',
    without: 'FID and KID will use the JavaScript path',
  },
];

/** Builds one addon; prints one line either way (a failure never fails the install). */
function build(gyp, addon) {
  const notBuilt = (why) => console.log(`gankit: ${addon.name} not built (${why}); ${addon.without}.`);
  if (!gyp) return notBuilt('node-gyp not found');
  const res = spawnSync(process.execPath, [gyp, 'rebuild'], {
    cwd: path.join(root, addon.dir),
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20, // compiler output can be long; the default 1 MB would kill the build
  });
  if (res.status !== 0) {
    const lines = `${res.stderr ?? ''}${res.stdout ?? ''}`.split('\n').filter((l) => /error/i.test(l));
    return notBuilt(lines[0]?.trim().slice(0, 200) || `node-gyp exited with ${res.status}`);
  }
  console.log(`gankit: ${addon.name} built (${addon.gives}).`);
}

const skip = process.env.GANKIT_SKIP_NATIVE === '1';
const gyp = skip ? undefined : findNodeGyp();
for (const addon of ADDONS) {
  if (skip) console.log(`gankit: ${addon.name} not built (GANKIT_SKIP_NATIVE=1); ${addon.without}.`);
  else build(gyp, addon);
}
