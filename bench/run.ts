/**
 * `npm run bench`: the training-step benchmark on every backend plus PyTorch (see src/bench/suite.ts).
 * Flags: --json (machine-readable), --cpu (also time the cpu backend on convolutional models).
 */
import { BACKEND_NAMES } from '../src/backend/index.js';
import { formatReport, runBench } from '../src/bench/suite.js';

const args = process.argv.slice(2);
const report = await runBench({
  backends: [...BACKEND_NAMES],
  cpuConv: args.includes('--cpu'),
  pytorch: true,
  log: (l) => process.stderr.write(`${l}\n`),
});
console.log(args.includes('--json') ? JSON.stringify(report, null, 2) : formatReport(report));
