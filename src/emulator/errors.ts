/**
 * An error the emulator answers the way Lightsail does: the exception name in `__type` (which
 * the SDK turns into its typed exception class) and HTTP 400, or 500 for ServiceException.
 */
export class LightsailError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = type === 'ServiceException' ? 500 : 400,
    /**
     * Errors of AWS's protocol front end rather than of Lightsail (SerializationException,
     * UnknownOperationException) carry its namespace in `__type` and their text in `Message`.
     */
    readonly namespace?: string,
  ) {
    super(message);
    this.name = type;
  }
}

export const invalidInput = (message: string) => new LightsailError('InvalidInputException', message);
export const notFound = (message: string) => new LightsailError('NotFoundException', message);

/** An error of AWS's JSON protocol front end, answered in its own shape. */
export const protocolError = (type: string, message: string, status = 400) =>
  new LightsailError(type, message, status, 'com.amazon.coral.service');
