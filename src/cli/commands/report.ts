/** `gankit report`: rewrite a run's report.html, or draw several runs on shared axes in one page. */
import path from 'node:path';
import { writeCompareReport, writeReport } from '../../report/html.js';
import { RunDir } from '../../train/run-dir.js';
import { UsageError } from '../../util/errors.js';
import { parseFlags } from '../args.js';
import type { Command } from '../command.js';

const FLAGS = {
  run: { type: 'string' },
  compare: { type: 'boolean' },
  out: { type: 'string' },
} as const;

const usage = `usage: gankit report --run DIR
       gankit report --compare DIR DIR [DIR …] [--out FILE.html]

--run rewrites DIR/report.html from the run's files (training rewrites it at every checkpoint and at
the end): every loss term, metrics with their ± std bands, the collapse monitor's rollbacks, learning
rates, seconds per step, sample grids over time with a slider, the resolved config. The page is
self-contained and works offline.
--compare draws the runs in one page on shared axes, one line per run and column (default --out
compare.html in the current folder).`;

/** A folder that holds a run, resolved; anything else is a usage error naming it. */
function runFolder(dir: string): string {
  const resolved = path.resolve(dir);
  if (!new RunDir(resolved).exists())
    throw new UsageError(`${dir} holds no run (no config.json); pass folders written by gankit train`);
  return resolved;
}

const report: Command = {
  summary: 'write a run report (report.html), or compare runs on shared axes',
  usage,
  async run(argv) {
    const { values: v, positionals } = parseFlags('report', argv, FLAGS);
    if (v.compare) {
      if (v.run !== undefined)
        throw new UsageError('gankit report: give --run DIR or --compare DIR DIR …, not both');
      if (positionals.length < 2)
        throw new UsageError(
          `gankit report --compare needs two or more run folders. ${usage.split('\n')[1].trim()}`,
        );
      const out = path.resolve((v.out as string | undefined) ?? 'compare.html');
      console.log(`report: ${writeCompareReport(positionals.map(runFolder), out)}`);
      return 0;
    }
    if (positionals.length)
      throw new UsageError(
        `gankit report: unexpected argument '${positionals[0]}' (use --compare to compare runs)`,
      );
    if (v.run === undefined)
      throw new UsageError(
        `gankit report: --run DIR or --compare DIR DIR … is required. ${usage.split('\n')[0]}`,
      );
    if (v.out !== undefined)
      throw new UsageError('gankit report: --out applies to --compare; --run writes DIR/report.html');
    console.log(`report: ${writeReport(runFolder(v.run as string))}`);
    return 0;
  },
};

export default report;
