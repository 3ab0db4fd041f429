/** `gankit playground`: serves the browser playground and image page (src/playground/server.ts). */
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeBackend, initBackend } from '../../backend/index.js';
import { exportRun } from '../../export/run.js';
import { servePlayground, WEB_ROOT } from '../../playground/server.js';
import { UsageError } from '../../util/errors.js';
import { intFlag, parseFlags } from '../args.js';
import type { Command } from '../command.js';

const FLAGS = { port: { type: 'string' }, run: { type: 'string' } } as const;

const playground: Command = {
  summary: 'serve the GAN playground and the image page on 127.0.0.1',
  usage: `usage: gankit playground [--port 4173] [--run DIR]

Serves the browser playground (toy worlds trained in the page) and the image page on
http://127.0.0.1:PORT/ until interrupted. --run DIR exports that run's generator (as gankit export does)
and the image page opens it; without it, drop an exported model.json onto the page.`,
  async run(argv) {
    const { values: v } = parseFlags('playground', argv, FLAGS);
    const port = intFlag('port', v.port, 0) ?? 4173;
    if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`);
    if (!existsSync(path.join(WEB_ROOT, 'index.html')))
      throw new UsageError(`the web bundle is missing (${WEB_ROOT}); build it with 'npm run build'`);
    let modelDir: string | undefined;
    if (v.run) {
      console.log(describeBackend(await initBackend('auto')));
      modelDir = mkdtempSync(path.join(os.tmpdir(), 'gankit-playground-'));
      const info = await exportRun(path.resolve(v.run as string), modelDir);
      console.log(`serving ${info.preset} step ${info.step} on the image page`);
    }
    const s = await servePlayground({ port, modelDir }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') throw new UsageError(`port ${port} is in use; pick another with --port`);
      throw err;
    });
    console.log(`playground: ${s.url}`);
    console.log(`image page: ${s.url}images.html`);
    await new Promise(() => {});
    return 0;
  },
};

export default playground;
