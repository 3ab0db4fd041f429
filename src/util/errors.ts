/**
 * Errors a user can act on. The CLI prints `message` (one paragraph, no stack) and exits with
 * `exitCode` (2 for bad usage or bad input, per docs/architecture.md "Contracts").
 */
export class GankitError extends Error {
  /** Process exit code the CLI uses for this error. */
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'GankitError';
    this.exitCode = exitCode;
  }
}

/** Bad input data or a bad file: names the file and what is wrong with it. */
export class InputError extends GankitError {
  constructor(
    readonly file: string,
    problem: string,
    hint?: string,
  ) {
    super(`${file}: ${problem}${hint ? `. ${hint}` : ''}`);
    this.name = 'InputError';
  }
}

/** Bad command-line usage or configuration. */
export class UsageError extends GankitError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
