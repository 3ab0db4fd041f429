/**
 * Sub-commands by name. Each module is imported only when its command runs, so `gankit presets`
 * does not pay for loading tfjs. Adding a command: one file in commands/ and one line here.
 */
import type { Command } from './command.js';

export const commands: Record<string, () => Promise<Command>> = {
  bench: async () => (await import('./commands/bench.js')).default,
};
