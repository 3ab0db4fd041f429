import path from 'node:path';

const { initBackend } = await import('/work/wt-reliab/dist/src/backend/index.js');
const { resolveConfig } = await import('/work/wt-reliab/dist/src/config/resolve.js');
const { runTraining } = await import('/work/wt-reliab/dist/src/train/run.js');
await initBackend(process.argv[3] ?? 'auto');
const steps = Number(process.argv[2] ?? 600);
const config = resolveConfig({ preset: 'gan-mnist', overrides: { train: { steps } } });
console.log(config.train.checkpointEvery, config.train.sampleEvery, config.train.logEvery);
const out = [];
await runTraining(config, `/tmp/rl-mem-${process.pid}`, { onStep: (s) => { if (s % 20 === 0) out.push(`${s}:${(process.memoryUsage().rss/2**20).toFixed(0)}/${(process.memoryUsage().heapUsed/2**20).toFixed(0)}/${(process.memoryUsage().heapTotal/2**20).toFixed(0)}`); } });
console.log(out.join(' '));
