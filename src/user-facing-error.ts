/**
 * An error whose message says everything a user needs (what went wrong and what to do): the CLI
 * prints the message alone, without a stack, and exits with `exitCode`.
 */
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}
