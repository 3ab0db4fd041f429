/**
 * Reports and the live dashboard from the library: serves the dashboard over a folder, trains the
 * non-saturating GAN and WGAN-GP on the 8-ring in it one after the other (watch them at the printed
 * address while they train), then writes one report comparing both on shared axes.
 *   npm run build && node dist/examples/watch-runs.js [steps] [folder]
 * The CLI equivalents: gankit serve --runs FOLDER, gankit train …, gankit report --compare A B.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  describeBackend,
  initBackend,
  resolveConfig,
  runTraining,
  startServer,
  writeCompareReport,
} from '../src/index.js';

const steps = Number(process.argv[2] ?? 1000);
const folder = path.resolve(process.argv[3] ?? `runs/watch-${Date.now()}`);
mkdirSync(folder, { recursive: true });
console.log(describeBackend(await initBackend('auto')));
const server = await startServer({ runsDir: folder, port: 0, host: '127.0.0.1' });
console.log(`dashboard: ${server.url}`);
const dirs: string[] = [];
for (const preset of ['toy-ring', 'toy-ring-wgan-gp']) {
  const config = resolveConfig({ preset, overrides: { train: { steps, logEvery: 25, sampleEvery: 100 } } });
  const dir = path.join(folder, preset);
  const result = await runTraining(config, dir, { print: console.log });
  console.log(`${preset}: ${result.report}`);
  dirs.push(dir);
}
console.log(`compare: ${writeCompareReport(dirs, path.join(folder, 'compare.html'))}`);
await server.close();
