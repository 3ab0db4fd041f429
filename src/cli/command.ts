/** The contract every `gankit` sub-command module fulfils. */
export interface Command {
  /** One line for `gankit --help`. */
  summary: string;
  /** Full usage text, printed by `gankit CMD --help` and after a usage error. */
  usage: string;
  /** Runs the command with the arguments after its name; resolves to the exit code. */
  run(argv: string[]): Promise<number>;
}
