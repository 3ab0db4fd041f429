/**
 * The browser entry point (src/browser.ts) reaches no Node built-in and no native addon: every module
 * in its static and dynamic import graph is read, and each specifier must be relative (followed), a
 * tfjs package (browser-safe) or nothing else. Runs on the compiled JS in dist/src.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('../../src/browser.js', import.meta.url));
const ALLOWED_PACKAGES = new Set(['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers']);
// Statements `import … from 'x'`, `export … from 'x'`, `import 'x'` and calls `import('x')`; comments
// are stripped first.
const SPECIFIER =
  /^\s*import\s*['"]([^'"]+)['"]|^\s*(?:import|export)\b[^;]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]/gm;

/** Every module reachable from `entry`, and what in them a browser could not load. */
function importGraph(entry: string): { modules: Set<string>; problems: string[] } {
  const modules = new Set<string>();
  const problems: string[] = [];
  const visit = (file: string) => {
    if (modules.has(file)) return;
    modules.add(file);
    const from = path.relative(path.dirname(ENTRY), file);
    const source = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
    for (const [, bare, named, call] of source.matchAll(SPECIFIER)) {
      const spec = bare ?? named ?? call;
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec));
      else if (spec.startsWith('node:') || builtinModules.includes(spec))
        problems.push(`${from} imports Node's ${spec}`);
      else if (!ALLOWED_PACKAGES.has(spec))
        problems.push(`${from} imports '${spec}', not known to be browser-safe`);
    }
    for (const marker of ['createRequire', 'process.', '__dirname', 'import.meta.url'])
      if (source.includes(marker)) problems.push(`${from} uses ${marker}, which a browser lacks`);
  };
  visit(entry);
  return { modules, problems };
}

test('the browser entry point imports no Node built-in, addon or other package', () => {
  const { modules, problems } = importGraph(ENTRY);
  assert.ok(modules.size > 30, `walked ${modules.size} modules (the trainer, losses, models, toys…)`);
  assert.deepEqual(problems, []);
});

test('the walk finds the Node imports of the full library entry', () => {
  const { problems } = importGraph(fileURLToPath(new URL('../../src/index.js', import.meta.url)));
  assert.ok(
    problems.some((p) => p.includes("imports Node's node:fs")),
    problems.join('\n'),
  );
});
