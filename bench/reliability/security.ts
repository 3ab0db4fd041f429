/**
 * The security campaign of issue 17, in two parts.
 *
 * **Servers.** The dashboard (`gankit serve`) and the playground (`gankit playground`) are started on a
 * folder holding an HTML page, a run and three symbolic links: one to a file outside, one to a folder
 * outside, one inside. fast-check then sends raw request paths built from the tokens of path traversal —
 * `..` and `.`, plain and percent-encoded, encoded slashes and backslashes, NUL, malformed escapes, the
 * outside folder's absolute path, the links — under every mount (`/`, `/files/`, `/model/`, `/api/view?runs=`).
 * The properties: every answer is 200, 400, 403, 404 or 405; no answer ever carries the outside file's
 * secret; both servers still answer afterwards; both listen on 127.0.0.1.
 *
 * **Data, not code.** Configs (YAML and JSON) and checkpoint manifests are parsed as data: tags that
 * would construct code or include files, an alias bomb, and keys that would reach an object's prototype
 * are refused with a clear error, and `Object.prototype` is untouched afterwards. (Checkpoints whose
 * tensors have names or shapes the model lacks are refused by the bad-inputs campaign,
 * test/reliability/bad-inputs.test.ts.)
 *
 *   node dist/bench/reliability/security.js [--runs 20000] [--seed 1]    (runs per server; prints the figures)
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import fc from 'fast-check';
import { parseConfigText } from '../../src/config/presets.js';
import { servePlayground } from '../../src/playground/server.js';
import { startServer } from '../../src/serve/server.js';
import { parseManifest } from '../../src/train/checkpoint.js';
import { GankitError } from '../../src/util/errors.js';
import { isMain, parseOptions, tmpFolder } from './common.js';

/** The served folder, and a secret outside it that no answer may contain. */
interface Tree {
  root: string;
  outside: string;
  secret: string;
}

function buildTree(): Tree {
  const base = tmpFolder('gankit-security-');
  const root = path.join(base, 'served');
  const outside = path.join(base, 'outside');
  const secret = `SECRET-${process.pid}-${Date.now()}`;
  mkdirSync(path.join(root, 'run', 'samples'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'secret.txt'), secret);
  writeFileSync(path.join(base, 'secret.txt'), secret);
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>served</title>');
  writeFileSync(path.join(root, 'run', 'config.json'), '{"name":"toy"}');
  writeFileSync(path.join(root, 'run', 'samples', 'a.png'), 'not really a png');
  symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'out-file'));
  symlinkSync(outside, path.join(root, 'out-dir'));
  symlinkSync(path.join(root, 'run', 'config.json'), path.join(root, 'run', 'in-link'));
  return { root, outside, secret };
}

// 422: a run folder with a damaged config.json (the campaign's own run has one), named in the answer.
const ANSWERS = new Set([200, 400, 403, 404, 405, 422]);

/** Raw request paths: a mount, then up to eight traversal tokens joined by slashes. */
function requestPaths(tree: Tree): fc.Arbitrary<string> {
  const token = fc.constantFrom(
    '..',
    '.',
    '',
    '%2e%2e',
    '%2E%2e',
    '.%2e',
    '%2e',
    '%2f',
    '%2F..',
    '..%2f',
    '..%2F..',
    '%5c',
    '..%5c..',
    '%00',
    '%',
    '%zz',
    '%E0%A4%A',
    '%C0%AE%C0%AE',
    'secret.txt',
    'outside',
    'out-file',
    'out-dir',
    'in-link',
    'run',
    'samples',
    'a.png',
    'config.json',
    'index.html',
    encodeURIComponent(tree.outside),
    tree.outside.slice(1),
  );
  const mount = fc.constantFrom('/', '//', '/files/', '/model/', '/api/view?runs=', '/files//');
  return fc
    .tuple(mount, fc.array(token, { minLength: 0, maxLength: 8 }))
    .map(([m, parts]) => m + parts.join('/'));
}

/** Requests every run tries first, whatever the seed: each way out that once worked somewhere. */
function knownAttacks(tree: Tree): string[] {
  const abs = encodeURIComponent(path.join(tree.outside, 'secret.txt'));
  return [
    '/out-file',
    '/out-dir/secret.txt',
    '/files/out-file',
    '/files/out-dir/secret.txt',
    '/model/..%2fout-file',
    '/model/%2e%2e/out-dir/secret.txt',
    '/model/%E0%A4%A',
    '/%2e%2e/outside/secret.txt',
    '/..%2fsecret.txt',
    `/files/${abs}`,
    `/${abs}`,
    `/model/${abs}`,
    '/api/view?runs=..',
    '/api/view?runs=%2e%2e%2foutside',
  ];
}

/** GET `rawPath` from the server at `url` exactly as written (no client-side normalisation). */
export function rawGet(url: string, rawPath: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export interface ServerFigures {
  server: string;
  /** The address it listened on. */
  url: string;
  cases: number;
  /** Answers by HTTP status. */
  statuses: Record<number, number>;
  /** Answers that carried the outside secret (must be 0). */
  leaks: number;
  slowestMs: number;
  /** The first request that broke a property, with what happened; undefined when none did. */
  failure?: string;
}

/** Fuzzes one running server with `runs` request paths. */
async function fuzzServer(
  name: string,
  url: string,
  tree: Tree,
  runs: number,
  seed: number,
): Promise<ServerFigures> {
  const f: ServerFigures = { server: name, url, cases: 0, statuses: {}, leaks: 0, slowestMs: 0 };
  const result = await fc.check(
    fc.asyncProperty(requestPaths(tree), async (p) => {
      f.cases++;
      const t0 = performance.now();
      const r = await rawGet(url, p);
      f.slowestMs = Math.max(f.slowestMs, performance.now() - t0);
      f.statuses[r.status] = (f.statuses[r.status] ?? 0) + 1;
      if (r.body.includes(tree.secret)) {
        f.leaks++;
        throw new Error(`${p} → ${r.status} with the secret outside the served folder`);
      }
      if (!ANSWERS.has(r.status)) throw new Error(`${p} → ${r.status}: ${r.body.slice(0, 200)}`);
    }),
    { numRuns: runs, seed, examples: knownAttacks(tree).map((p) => [p]) },
  );
  if (result.failed)
    f.failure = `${(result.errorInstance as Error)?.message ?? result.errorInstance} (path ${JSON.stringify(result.counterexample?.[0])})`;
  // Still up, and still serving what it should.
  const alive = await rawGet(url, name === 'dashboard' ? '/files/run/config.json' : '/model/config.json');
  if (alive.status !== 200 && !f.failure) f.failure = `a good request afterwards got ${alive.status}`;
  if (!/^http:\/\/127\.0\.0\.1:\d+\/$/.test(url) && !f.failure)
    f.failure = `listens on ${url}, not 127.0.0.1`;
  return f;
}

/** Both servers, `runs` request paths each. */
export async function fuzzServers(runs: number, seed: number): Promise<ServerFigures[]> {
  const tree = buildTree();
  const dashboard = await startServer({ runsDir: tree.root, port: 0, host: '127.0.0.1' });
  const playground = await servePlayground({
    port: 0,
    webRoot: tree.root,
    modelDir: path.join(tree.root, 'run'),
  });
  try {
    return [
      await fuzzServer('dashboard', dashboard.url, tree, runs, seed),
      await fuzzServer('playground', playground.url, tree, runs, seed),
    ];
  } finally {
    await dashboard.close();
    await playground.close();
  }
}

/** An alias bomb: ten levels of ten references each, 10¹⁰ leaves if expanded. */
function aliasBomb(): string {
  let yaml = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 10; i++) {
    const [name, prev] = [String.fromCharCode(97 + i), String.fromCharCode(96 + i)];
    yaml += `${name}: &${name} [${new Array(10).fill(`*${prev}`).join(', ')}]\n`;
  }
  return yaml;
}

/** Inputs that would run code, read files, exhaust memory or reach a prototype if parsed as more than data. */
export const HOSTILE_DATA: { what: string; file: string; text: string; parse: 'config' | 'manifest' }[] = [
  {
    what: 'a YAML tag that constructs a function',
    file: 'c.yaml',
    text: 'name: !!js/function "function () { globalThis.pwned = 1 }"',
    parse: 'config',
  },
  {
    what: 'a YAML tag that includes a file',
    file: 'c.yaml',
    text: 'name: !include /etc/passwd',
    parse: 'config',
  },
  { what: 'a YAML alias bomb', file: 'c.yaml', text: aliasBomb(), parse: 'config' },
  { what: 'a YAML __proto__ key', file: 'c.yaml', text: '__proto__: { pwned: 1 }', parse: 'config' },
  {
    what: 'a nested constructor.prototype key',
    file: 'c.yaml',
    text: 'train: { constructor: { prototype: { pwned: 1 } } }',
    parse: 'config',
  },
  { what: 'a JSON __proto__ key', file: 'c.json', text: '{"__proto__": {"pwned": 1}}', parse: 'config' },
  {
    what: 'a manifest with a __proto__ network',
    file: 'manifest.json',
    // A literal: an object literal's __proto__ would set the prototype instead of making a key.
    text:
      '{"format":"gankit-checkpoint","version":1,"step":1,"bytes":0,"sha256":"' +
      '0'.repeat(64) +
      '","state":{"elapsed":0},"tensors":{"__proto__":[{"name":"pwned","shape":[1],' +
      '"dtype":"float32","offset":0,"length":1}]}}',
    parse: 'manifest',
  },
];

export interface DataFigures {
  what: string;
  /** The error the user sees, or undefined when the input was accepted. */
  message?: string;
  /** True when the parser threw something other than a GankitError (a stack trace for the user). */
  crashed: boolean;
  /** True when Object.prototype or globalThis gained a property. */
  polluted: boolean;
}

/** Parses every {@link HOSTILE_DATA} input and reports what happened. */
export function hostileData(): DataFigures[] {
  return HOSTILE_DATA.map((h) => {
    const out: DataFigures = { what: h.what, crashed: false, polluted: false };
    try {
      if (h.parse === 'config') parseConfigText(h.text, h.file);
      else parseManifest(h.text, h.file);
    } catch (err) {
      out.message = (err as Error).message;
      out.crashed = !(err instanceof GankitError);
    }
    const probe: Record<string, unknown> = {};
    out.polluted = 'pwned' in probe || 'pwned' in globalThis;
    return out;
  });
}

/** One line per server and per hostile input. */
export function formatSecurityFigures(servers: ServerFigures[], data: DataFigures[]): string {
  return [
    ...servers.map(
      (s) =>
        `${s.server} on ${s.url}: ${s.cases} request paths, statuses ${JSON.stringify(s.statuses)}, ${s.leaks} leaks, slowest ${s.slowestMs.toFixed(1)} ms, ${s.failure ? `FAILED: ${s.failure}` : 'no leak, no crash'}`,
    ),
    ...data.map(
      (d) =>
        `${d.what}: ${d.message === undefined ? 'ACCEPTED' : d.crashed ? `CRASHED: ${d.message}` : `refused (${d.message.slice(0, 90)})`}${d.polluted ? ', PROTOTYPE POLLUTED' : ''}`,
    ),
  ].join('\n');
}

if (isMain(import.meta.url)) {
  const o = parseOptions({ runs: 20000, seed: 1 });
  const servers = await fuzzServers(o.runs, o.seed);
  const data = hostileData();
  console.log(formatSecurityFigures(servers, data));
  process.exitCode =
    servers.some((s) => s.failure) || data.some((d) => d.message === undefined || d.crashed || d.polluted)
      ? 1
      : 0;
}
