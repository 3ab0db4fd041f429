/** `gankit serve`: the live dashboard of the runs under a folder. */
import { startServer } from '../../serve/server.js';
import { UsageError } from '../../util/errors.js';
import { intFlag, parseFlags, runsFolderFlag } from '../args.js';
import type { Command } from '../command.js';

const FLAGS = {
  runs: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
} as const;

const usage = `usage: gankit serve [--runs DIR] [--port P] [--host H]

Serves a dashboard of the runs under DIR (default runs/): their state (running, finished, failed,
stopped), curves and newest samples updating live while they train, several runs side by side on
shared axes, and each run's report.html. Listens on 127.0.0.1 (this machine only) unless --host says
otherwise, port 6006 by default (0 picks a free one). Only files under DIR are served. Ctrl-C stops it.`;

const serve: Command = {
  summary: 'live dashboard of the runs under a folder (curves, samples, compare)',
  usage,
  async run(argv) {
    const { values: v, positionals } = parseFlags('serve', argv, FLAGS);
    if (positionals.length)
      throw new UsageError(`gankit serve: unexpected argument '${positionals[0]}'. ${usage.split('\n')[0]}`);
    const runsDir = runsFolderFlag(v.runs, 'the folder gankit train wrote its runs into');
    const port = intFlag('port', v.port, 0) ?? 6006;
    if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`);
    const host = (v.host as string | undefined) ?? '127.0.0.1';
    let server: Awaited<ReturnType<typeof startServer>>;
    try {
      server = await startServer({ runsDir, port, host });
    } catch (err) {
      throw new UsageError(
        `gankit serve: cannot listen on ${host}:${port} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); pick another --port`,
      );
    }
    console.log(`dashboard: ${server.url} (runs under ${runsDir})`);
    await new Promise<void>((resolve) => {
      const stop = () => void server.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};

export default serve;
