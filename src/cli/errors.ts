/** A user mistake on the command line: printed without a stack trace, with a non-zero exit. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}
