/**
 * Sub-commands by name. Each module is imported only when its command runs, so `gankit presets`
 * does not pay for loading tfjs. Adding a command: one file in commands/ and one line here.
 */
import type { Command } from './command.js';

export const commands: Record<string, () => Promise<Command>> = {
  train: async () => (await import('./commands/train.js')).default,
  presets: async () => (await import('./commands/presets.js')).default,
  sample: async () => (await import('./commands/sample.js')).default,
  eval: async () => (await import('./commands/eval.js')).default,
  metric: async () => (await import('./commands/metric.js')).default,
  bench: async () => (await import('./commands/bench.js')).default,
  translate: async () => (await import('./commands/translate.js')).default,
  report: async () => (await import('./commands/report.js')).default,
  serve: async () => (await import('./commands/serve.js')).default,
  fid: async () => (await import('./commands/fid.js')).default,
  arithmetic: async () => (await import('./commands/arithmetic.js')).default,
  invert: async () => (await import('./commands/invert.js')).default,
  nearest: async () => (await import('./commands/nearest.js')).default,
  interpolate: async () => (await import('./commands/interpolate.js')).default,
  export: async () => (await import('./commands/export.js')).default,
  sweep: async () => (await import('./commands/sweep.js')).default,
  worker: async () => (await import('./commands/worker.js')).default,
  playground: async () => (await import('./commands/playground.js')).default,
};
