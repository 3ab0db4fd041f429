#!/usr/bin/env node
// `npm run docs [-- NAME…]`: the guide's full runs (docs/guide/). Each example runs at its full size under
// `nice -n 10`; its picture goes to docs/guide/images/NAME.png and its output, with the command, the
// wall time and the machine's load, to docs/guide/output/NAME.txt, which the guide pages quote.
// Names select runs (default: all). Builds first unless --no-build.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const guide = path.join(root, 'docs', 'guide');

/** Run name → example and flags (several runs may share an example). */
const RUNS = {
  'three-step-training': ['three-step-training'],
  'vanilla-gan': ['vanilla-gan'],
  'conditional-digits': ['conditional-digits', '--steps', '1000'],
  'dcgan-fashion': ['dcgan', '--preset', 'dcgan-fashion-short'],
  'dcgan-mnist': ['dcgan', '--preset', 'dcgan-fashion-short', '--dataset', 'mnist'],
  'dcgan-mnist-64': ['dcgan', '--preset', 'dcgan-mnist-64', '--steps', '150', '--channels', '32'],
  'mode-collapse': ['mode-collapse'],
  'wgan-clip': ['toy-ring', '--loss', 'wgan-clip'],
  'wgan-gp': ['toy-ring', '--loss', 'wgan-gp'],
  'gradient-checkpointing': ['gradient-checkpointing', '--blocks', '16', '--width', '256', '--batch', '256'],
  'keras-gan-fashion': ['keras-gan'],
  'keras-gan-quadratic': ['keras-gan', '--data', 'quadratic'],
  'replay-buffer': ['replay-buffer'],
  'optimal-discriminator': ['optimal-discriminator'],
  divergences: ['divergences'],
  'generator-gradients': ['generator-gradients'],
  'dirac-gan': ['dirac-gan'],
  'is-fid-slides': ['is-fid-slides'],
  'transposed-conv': ['transposed-conv'],
};

const noBuild = process.argv.includes('--no-build');
const wanted = process.argv.slice(2).filter((a) => a !== '--no-build');
for (const w of wanted) {
  if (!(w in RUNS)) {
    console.error(`unknown run '${w}'; runs: ${Object.keys(RUNS).join(', ')}`);
    process.exit(2);
  }
}
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
if (
  !noBuild &&
  spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.json')], { stdio: 'inherit' }).status !==
    0
)
  process.exit(1);
mkdirSync(path.join(guide, 'images'), { recursive: true });
mkdirSync(path.join(guide, 'output'), { recursive: true });

for (const [name, [example, ...flags]] of Object.entries(RUNS)) {
  if (wanted.length && !wanted.includes(name)) continue;
  const picture = path.join('docs', 'guide', 'images', `${name}.png`);
  const argv = [path.join('dist', 'examples', `${example}.js`), ...flags, '--out', picture];
  const command = `npm run example -- ${example} ${[...flags, '--out', picture].join(' ')}`;
  console.log(`${name}: ${command}`);
  const load = os.loadavg()[0].toFixed(1);
  const started = new Date().toISOString().slice(0, 16);
  const t0 = performance.now();
  const r = spawnSync('nice', ['-n', '10', process.execPath, ...argv], { cwd: root, encoding: 'utf8' });
  const wall = ((performance.now() - t0) / 1000).toFixed(0);
  const text =
    `$ ${command}\n# ${started} UTC, ${os.cpus().length} cores, ` +
    `load average ${load} at start, wall time ${wall} s, exit code ${r.status}\n\n${r.stdout}${r.stderr}`;
  writeFileSync(path.join(guide, 'output', `${name}.txt`), text);
  process.stdout.write(text.split('\n').slice(1, 2).join('') + '\n');
  if (r.status !== 0) {
    console.error(r.stderr);
    process.exit(1);
  }
}
