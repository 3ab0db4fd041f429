/**
 * `gankit bench [--json] [--cpu] [--no-pytorch] [--only training|metrics|sampling|memory] [--memory-steps N] [--model NAME]`: ms
 * per GAN training step per backend vs PyTorch, FID/KID on 10,000 × 2,048 features native vs JavaScript
 * vs SciPy, sampling throughput vs PyTorch, and a memory check. `npm run bench` runs this command.
 */
import { BACKEND_NAMES } from '../../backend/index.js';
import { BENCH_SECTIONS, formatReport, parseBenchSection, runBench } from '../../bench/suite.js';
import { intFlag, parseFlags } from '../args.js';
import type { Command } from '../command.js';

const usage = `gankit bench [--json] [--cpu] [--no-pytorch] [--only training|metrics|sampling|memory] [--memory-steps N] [--model NAME]

training: times one GAN training step (D on 64 real + 64 fake, then G on 64; BCE on logits; Adam) for
the dcgan-fashion, 64x64 DCGAN and MLP GAN models on every backend that starts, and the same step in
PyTorch (/usr/bin/python3 at 1 and 2 threads, convolutional models also channels-last; the fastest
reported); then a pix2pix-emoji
and a cyclegan-emoji step at 64x64 (batch 4) against the official pytorch-CycleGAN-and-pix2pix step,
each with a kernel-by-kernel profile of one native step, and a stylegan-emoji step at 32x32 (batch 32)
against the same networks and step in PyTorch. Prints ms/step, GFLOP/s and the ratio to
PyTorch, after a memory check (tensor count and RSS over 40 native steps).
metrics: FID on 10,000 × 2,048 seeded float32 features and KID at its defaults (100 subsets of 1,000)
on the native OpenBLAS path, the JavaScript path and SciPy/NumPy; wall and CPU seconds (a few minutes).
sampling: images/s of the dcgan-fashion generator drawing 10,000 samples in batches of 500 (as gankit
eval does) on native and in PyTorch (eval mode, no_grad; the fastest setting reported).
  --json              print the report as JSON
  --cpu               also time the cpu backend on convolutional models (minutes per step)
  --no-pytorch        skip the Python references (PyTorch, SciPy)
memory: only the memory check, for a soak: --memory-steps N native dcgan-fashion steps (default 40).
  --only S            run one section: ${BENCH_SECTIONS.join(', ')}
  --model NAME        time only the training rows whose name contains NAME (e.g. stylegan; no memory check)
  --memory-steps N    steps of the memory check`;

const bench: Command = {
  summary: 'time a GAN training step on each backend against PyTorch',
  usage,
  async run(argv) {
    const { values } = parseFlags('bench', argv, {
      json: { type: 'boolean' },
      cpu: { type: 'boolean' },
      'no-pytorch': { type: 'boolean' },
      only: { type: 'string' },
      'memory-steps': { type: 'string' },
      model: { type: 'string' },
    });
    const report = await runBench({
      backends: [...BACKEND_NAMES],
      cpuConv: values.cpu === true,
      pytorch: values['no-pytorch'] !== true,
      only: parseBenchSection(values.only as string | undefined),
      memorySteps: intFlag('memory-steps', values['memory-steps'], 5),
      model: values.model as string | undefined,
      log: (l) => process.stderr.write(`${l}\n`),
    });
    console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
    return 0;
  },
};

export default bench;
