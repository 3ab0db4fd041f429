/**
 * The static server behind `gankit playground`: the Vite bundle (dist/web) on 127.0.0.1 and, under
 * /model/, a folder of exported models (what `--run DIR` exports). Only files inside those two roots
 * are served, by the dashboard's rules (src/util/safe-path.ts: no `..`, no absolute paths, no symbolic
 * links out of the root; malformed percent-encoding is a 400); anything else is answered with its
 * status, and no request can take the server down. Cross-origin isolation headers let tfjs's wasm backend use
 * threads where the browser allows them.
 */
import { createReadStream, statSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpError, resolveUnder } from '../util/safe-path.js';

/** Where `npm run build` puts the bundle, relative to this compiled module (dist/src/playground/). */
export const WEB_ROOT = fileURLToPath(new URL('../../web', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.png': 'image/png',
};

/** The file `rel` (percent-encoded, relative) names inside `root`: a folder means its index.html. */
function servedFile(root: string, rel: string): string {
  const real = resolveUnder(root, rel, 'any');
  if (!statSync(real).isDirectory()) return real;
  return resolveUnder(root, [...rel.split('/').filter((p) => p !== ''), 'index.html'].join('/'));
}

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Serves `webRoot` at / and `modelDir` (when given) at /model/ on 127.0.0.1:`port` (0: any free port). */
export function servePlayground(options: {
  port: number;
  webRoot?: string;
  modelDir?: string;
}): Promise<RunningServer> {
  const webRoot = path.resolve(options.webRoot ?? WEB_ROOT);
  const modelDir = options.modelDir && path.resolve(options.modelDir);
  const server = createServer((req, res) => {
    // The raw target, not a URL object: WHATWG parsing would quietly resolve `..` before we can refuse it.
    const target = req.url ?? '/';
    const rawPath = target.split('?')[0];
    let file: string;
    try {
      if (req.method !== 'GET') throw new HttpError(405, 'only GET');
      file =
        modelDir && rawPath.startsWith('/model/')
          ? servedFile(modelDir, rawPath.slice('/model/'.length))
          : servedFile(webRoot, rawPath.replace(/^\/+/, ''));
    } catch (err) {
      const status = err instanceof HttpError ? err.status : 500;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(`${(err as Error).message}\n`);
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/`,
        server,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
