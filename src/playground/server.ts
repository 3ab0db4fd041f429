/**
 * The static server behind `gankit playground`: the Vite bundle (dist/web) on 127.0.0.1 and, under
 * /model/, a folder of exported models (what `--run DIR` exports). Only files inside those two roots
 * are served; anything else is a 404. Cross-origin isolation headers let tfjs's wasm backend use
 * threads where the browser allows them.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** The file `urlPath` names inside `root`, or undefined when it escapes the root or does not exist. */
function inside(root: string, urlPath: string): string | undefined {
  const file = path.resolve(root, `.${path.posix.normalize(`/${decodeURIComponent(urlPath)}`)}`);
  if (file !== root && !file.startsWith(`${root}${path.sep}`)) return undefined;
  const f = existsSync(file) && statSync(file).isDirectory() ? path.join(file, 'index.html') : file;
  return existsSync(f) && statSync(f).isFile() ? f : undefined;
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
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const file =
      modelDir && url.pathname.startsWith('/model/')
        ? inside(modelDir, url.pathname.slice('/model'.length))
        : inside(webRoot, url.pathname);
    if (req.method !== 'GET' || !file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    createReadStream(file).pipe(res);
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
