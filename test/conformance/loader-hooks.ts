/**
 * Node module hooks (registered by `register-hooks.ts`) that let tfjs-core's own Jasmine specs run in
 * Node against gankit's backends. The npm copies of tfjs-core, tfjs-backend-cpu and tfjs-backend-wasm
 * ship their per-file ES-module build (`dist/**`) with extension-less relative imports ('./engine',
 * '..', a directory meaning its index.js) in a package without `"type": "module"`, and some of those
 * files call `require` or `import * as seedrandom` (a CommonJS module whose functions the ES-module
 * namespace does not expose). These hooks:
 * - resolve the bare package names to that ES-module build, so the specs, gankit and the cpu fallback
 *   share ONE tfjs-core instance (the packages' `main` is a CommonJS bundle with its own engine and
 *   kernel registry: two copies would not see each other's backends);
 * - resolve extension-less relative imports inside those folders to `X.js` or `X/index.js`;
 * - load those files as ES modules, giving the ones that call `require` a `createRequire` shim.
 * Everything else (gankit's dist, the emscripten glue in `wasm-out/`, other packages) loads as usual.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Where `node_modules/@tensorflow` is, from dist/test/conformance/. */
const TF_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../node_modules/@tensorflow',
);
/** The packages whose per-file ES-module build replaces their CommonJS bundle. */
const ESM_PACKAGES = ['tfjs-core', 'tfjs-backend-cpu', 'tfjs-backend-wasm'];
const ESM_DIRS = ESM_PACKAGES.map((p) => path.join(TF_DIR, p, 'dist') + path.sep);

interface ResolveContext {
  parentURL?: string;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<{ url: string }>;
type NextLoad = (url: string, context: object) => Promise<{ format?: string; source?: unknown }>;

function isFile(p: string): boolean {
  return existsSync(p) && statSync(p).isFile();
}

/** `p` as written if it is a file, else `p.js`, else `p/index.js`; undefined when none exists. */
function completeFile(p: string): string | undefined {
  return [p, `${p}.js`, path.join(p, 'index.js')].find(isFile);
}

function inEsmBuild(file: string): boolean {
  return ESM_DIRS.some((d) => file.startsWith(d));
}

/** The file a specifier names when it is one of ours to resolve, else undefined. */
function esmTarget(specifier: string, parentURL: string | undefined): string | undefined {
  for (const p of ESM_PACKAGES) {
    const name = `@tensorflow/${p}`;
    if (specifier === name) return path.join(TF_DIR, p, 'dist', 'index.js');
    if (specifier.startsWith(`${name}/dist/`))
      return completeFile(path.join(TF_DIR, p, specifier.slice(name.length + 1)));
  }
  if (
    parentURL?.startsWith('file:') &&
    (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..')
  ) {
    const parent = fileURLToPath(parentURL);
    if (!inEsmBuild(parent)) return undefined;
    const target = completeFile(path.resolve(path.dirname(parent), specifier));
    return target && inEsmBuild(target) ? target : undefined;
  }
  return undefined;
}

export async function resolve(specifier: string, context: ResolveContext, next: NextResolve) {
  const target = esmTarget(specifier, context.parentURL);
  if (target !== undefined) return { url: pathToFileURL(target).href, format: 'module', shortCircuit: true };
  // Everything else, including tfjs-backend-wasm's '../wasm-out/*.js' (emscripten's CommonJS glue).
  return next(specifier, context);
}

const REQUIRE_SHIM =
  "import { createRequire as __gkCreateRequire } from 'node:module'; const require = __gkCreateRequire(import.meta.url);\n";

export async function load(url: string, context: object, next: NextLoad) {
  if (!url.startsWith('file:') || !inEsmBuild(fileURLToPath(url)) || !url.endsWith('.js'))
    return next(url, context);
  let source = await readFile(fileURLToPath(url), 'utf8');
  // seedrandom is CommonJS whose functions (alea, …) are attached after export; take the object.
  source = source.replace(/import \* as (\w+) from 'seedrandom';/g, "const $1 = require('seedrandom');");
  if (/\brequire\s*\(/.test(source)) source = REQUIRE_SHIM + source;
  return { format: 'module', source, shortCircuit: true };
}
