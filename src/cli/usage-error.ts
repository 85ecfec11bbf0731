import { UserFacingError } from '../user-facing-error';

export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A mistake in what the user typed or gave as input: printed without a stack, exit code 2. */
export class UsageError extends UserFacingError {
  constructor(message: string) {
    super(message, EXIT_USAGE);
  }
}
