#!/usr/bin/env node
/**
 * The `gankit` command line. Usage errors and bad input exit with code 2 and one paragraph on stderr
 * (docs/architecture.md "Contracts"); anything else is a bug and keeps its stack trace.
 */
import { GankitError } from '../util/errors.js';
import { commands } from './registry.js';

const USAGE = 'usage: gankit <command> [flags]   (gankit <command> --help for its flags)';

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const lines = await Promise.all(
      Object.entries(commands).map(async ([n, load]) => `  ${n.padEnd(12)}${(await load()).summary}`),
    );
    process.stdout.write(`${USAGE}\n\ncommands:\n${lines.join('\n')}\n`);
    return name === undefined ? 2 : 0;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(
      `gankit: unknown command '${name}'. Valid commands: ${Object.keys(commands).join(', ')}.\n`,
    );
    return 2;
  }
  const command = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof GankitError) {
      process.stderr.write(`gankit: ${err.message}\n`);
      process.exitCode = err.exitCode;
    } else {
      process.stderr.write(`gankit: internal error (please report it):\n${(err as Error)?.stack ?? err}\n`);
      process.exitCode = 1;
    }
  },
);
