/**
 * `npm run bench`: the training-step benchmark on every backend plus PyTorch, then FID/KID native vs
 * JavaScript vs SciPy (see src/bench/suite.ts). Flags: --json (machine-readable), --cpu (also time the
 * cpu backend on convolutional models), --only training|metrics (one section; `npm run bench -- --only
 * metrics`), --no-pytorch (skip the Python references).
 */
import { BACKEND_NAMES } from '../src/backend/index.js';
import { formatReport, parseBenchSection, runBench } from '../src/bench/suite.js';

const args = process.argv.slice(2);
const report = await runBench({
  backends: [...BACKEND_NAMES],
  cpuConv: args.includes('--cpu'),
  pytorch: !args.includes('--no-pytorch'),
  only: parseBenchSection(args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined),
  log: (l) => process.stderr.write(`${l}\n`),
});
console.log(args.includes('--json') ? JSON.stringify(report, null, 2) : formatReport(report));
