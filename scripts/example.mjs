#!/usr/bin/env node
// `npm run example -- NAME [flags]`: runs examples/NAME.ts's compiled file (dist/examples/NAME.js) with the
// flags, building first when a TypeScript source is newer than the compiled file (or it is missing).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const names = readdirSync(path.join(root, 'examples'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .sort();
const [name, ...flags] = process.argv.slice(2);
if (!name || !names.includes(name)) {
  console.error(
    `${name ? `unknown example '${name}'. ` : ''}usage: npm run example -- NAME [flags]   (--smoke for a tiny run)\n` +
      `examples: ${names.join(', ')}`,
  );
  process.exit(2);
}

/** Newest modification time (ms) of the .ts files under `dir`. */
function newestSource(dir) {
  let newest = 0;
  for (const f of readdirSync(dir, { recursive: true }).map(String)) {
    if (f.endsWith('.ts') && !f.includes('node_modules'))
      newest = Math.max(newest, statSync(path.join(dir, f)).mtimeMs);
  }
  return newest;
}

const compiled = path.join(root, 'dist', 'examples', `${name}.js`);
const sources = Math.max(...['src', 'examples'].map((d) => newestSource(path.join(root, d))));
if (!existsSync(compiled) || statSync(compiled).mtimeMs < sources) {
  console.error('building (a source is newer than dist/)…');
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const b = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.json')], { stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const r = spawnSync(process.execPath, [compiled, ...flags], { stdio: 'inherit' });
process.exit(r.status ?? 1);
