import { BACKEND_NAMES } from '../../backend/index.js';
import { formatReport, runBench } from '../../bench/suite.js';
/** `gankit bench [--json] [--cpu] [--no-pytorch]`: ms per GAN training step per backend vs PyTorch. */
import { parseFlags } from '../args.js';
import type { Command } from '../command.js';

const usage = `gankit bench [--json] [--cpu] [--no-pytorch]

Times one GAN training step (D on 64 real + 64 fake, then G on 64; BCE on logits; Adam) for the
dcgan-fashion, 64x64 DCGAN and MLP GAN models on every backend that starts, and the same step in
PyTorch (/usr/bin/python3, OPENBLAS_NUM_THREADS 1 and 2, the faster reported). Prints ms/step,
GFLOP/s and the ratio to PyTorch, then a memory check (tensor count and RSS over 40 native steps).
  --json        print the report as JSON
  --cpu         also time the cpu backend on convolutional models (minutes per step)
  --no-pytorch  skip the PyTorch reference`;

const bench: Command = {
  summary: 'time a GAN training step on each backend against PyTorch',
  usage,
  async run(argv) {
    const { values } = parseFlags('bench', argv, {
      json: { type: 'boolean' },
      cpu: { type: 'boolean' },
      'no-pytorch': { type: 'boolean' },
    });
    const report = await runBench({
      backends: [...BACKEND_NAMES],
      cpuConv: values.cpu === true,
      pytorch: values['no-pytorch'] !== true,
      log: (l) => process.stderr.write(`${l}\n`),
    });
    console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
    return 0;
  },
};

export default bench;
