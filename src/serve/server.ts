/**
 * `gankit serve`'s HTTP server (Node's http module; nothing else is needed for a page, three JSON
 * routes and one server-sent event stream):
 *
 * - `/` the dashboard page (src/serve/page.ts)
 * - `/api/runs` the runs under the folder with their state
 * - `/api/sweeps` the sweeps under the folder (src/sweep/), each with its runs' states and best run
 * - `/api/view?runs=a,b` what the page draws for those runs
 * - `/api/stream?runs=a,b` server-sent events: `runs` (the list), `sweeps` and `view` (the selected runs), sent
 *   again whenever a run writes a file (polled twice a second)
 * - `/files/<path>` a file under the runs folder (sample PNGs, report.html), see safe-path.ts
 *
 * The server only reads the runs' files, in its own process, so a training run that crashes or is
 * killed (a torn metrics line, a missing status) shows as stopped and takes nothing down; every request
 * is answered inside a try/catch.
 */
import { createReadStream } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { dashboardPage } from './page.js';
import { runList, runSignature, runView, sweepList } from './runs.js';
import { HttpError, resolveUnder } from '../util/safe-path.js';
import { GankitError } from '../util/errors.js';

export interface ServeOptions {
  runsDir: string;
  port: number;
  host: string;
  /** Poll interval of the event stream in milliseconds (default 500). */
  pollMs?: number;
}

export interface Server {
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.jsonl': 'text/plain; charset=utf-8',
  '.yaml': 'text/plain; charset=utf-8',
};

/** The run names of a `runs=a,b` query value. */
function selection(query: URLSearchParams): string[] {
  return (query.get('runs') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function sendJson(res: http.ServerResponse, value: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(value));
}

/** Starts the dashboard; resolves once it listens (port 0 picks a free port; see `url`). */
export function startServer(opts: ServeOptions): Promise<Server> {
  const root = path.resolve(opts.runsDir);
  const pollMs = opts.pollMs ?? 500;
  const streams = new Set<() => void>();

  /** An event stream: sends the run list and the view whenever what they show changed. */
  function stream(req: http.IncomingMessage, res: http.ServerResponse, names: string[]): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    const send = (event: string, data: unknown) =>
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    let listed = '';
    let sweeps = '';
    let shown = '';
    const tick = () => {
      try {
        const list = runList(root);
        const listKey = JSON.stringify(list);
        if (listKey !== listed) send('runs', list);
        listed = listKey;
        const sweepKey = JSON.stringify(sweepList(root));
        if (sweepKey !== sweeps) send('sweeps', JSON.parse(sweepKey));
        sweeps = sweepKey;
        const key = names.map((n) => runSignature(root, n)).join('#');
        if (key !== shown && names.length) send('view', runView(root, names));
        shown = key;
      } catch (err) {
        send('problem', err instanceof HttpError ? `${names.join(', ')}: ${err.message}` : String(err));
        shown = '';
      }
    };
    tick();
    const timer = setInterval(tick, pollMs);
    const stop = () => {
      clearInterval(timer);
      streams.delete(stop);
      res.end();
    };
    streams.add(stop);
    req.on('close', stop);
  }

  function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    // The raw target, not a URL object: WHATWG parsing would quietly resolve `..` before we can refuse it.
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const rawPath = q < 0 ? target : target.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'only GET and HEAD');
    if (rawPath === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(dashboardPage(root));
    } else if (rawPath === '/api/runs') sendJson(res, runList(root));
    else if (rawPath === '/api/sweeps') sendJson(res, sweepList(root));
    else if (rawPath === '/api/view') sendJson(res, runView(root, selection(query)));
    else if (rawPath === '/api/stream') stream(req, res, selection(query));
    else if (rawPath.startsWith('/files/')) {
      const file = resolveUnder(root, rawPath.slice('/files/'.length));
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      createReadStream(file)
        .on('error', () => res.destroy())
        .pipe(res);
    } else throw new HttpError(404, 'not found');
  }

  const server = http.createServer((req, res) => {
    try {
      handle(req, res);
    } catch (err) {
      // A run folder whose files are damaged is the data's fault, not the server's: 422 with the reason.
      const status = err instanceof HttpError ? err.status : err instanceof GankitError ? 422 : 500;
      if (!res.headersSent)
        sendJson(res, { error: err instanceof Error ? err.message : String(err) }, status);
      else res.end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      const { port } = server.address() as AddressInfo;
      const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
      resolve({
        url: `http://${host}:${port}/`,
        close: () =>
          new Promise((done) => {
            for (const stop of [...streams]) stop();
            server.close(() => done());
          }),
      });
    });
  });
}
