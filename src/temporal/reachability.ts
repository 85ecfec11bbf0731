import { Connection, type ConnectionLike } from '@temporalio/client';

/**
 * How long the CLI and the API wait for the Temporal server before saying it cannot be reached:
 * with the CLI's own start-up, an answer within 3 s.
 */
export const REACH_TIMEOUT_MS = 2000;

/** gRPC's connectivity states: the same numbers in every gRPC implementation. */
const READY = 2;
const TRANSIENT_FAILURE = 3;
const SHUTDOWN = 4;
/** gRPC's status for a method the server does not have (every supported server has GetSystemInfo). */
const UNIMPLEMENTED = 12;

/**
 * A Connection that can tell quickly whether the server is there. Connection.connect waits for
 * its whole timeout (10 s by default) even when the port refuses at once, retrying all along;
 * this one gives up at the first refused or failed connection attempt.
 */
export class ProbedConnection extends Connection {
  static create(options: Parameters<typeof Connection.lazy>[0]): ProbedConnection {
    // lazy() makes an instance of the class it is called on.
    return this.lazy(options) as ProbedConnection;
  }

  /** Undefined once the channel is connected; otherwise why it is not, by the deadline. */
  async channelReady(deadline: number): Promise<string | undefined> {
    const channel = this.client.getChannel();
    for (;;) {
      const state = channel.getConnectivityState(true);
      const now = Number(state);
      if (now === READY) return undefined;
      if (now === TRANSIENT_FAILURE || now === SHUTDOWN)
        return 'the connection was refused or failed (is anything listening there?)';
      const changed = await new Promise<boolean>((resolve) =>
        channel.watchConnectivityState(state, deadline, (err) => resolve(!err)),
      );
      if (!changed) return 'no answer within the time allowed';
    }
  }
}

/**
 * Whether the Temporal server answers a request within `timeoutMs`: undefined if it does, else
 * why not, in a few words. Works on any connection; fails faster on a ProbedConnection.
 */
export async function probeTemporal(
  connection: ConnectionLike,
  timeoutMs = REACH_TIMEOUT_MS,
): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  if (connection instanceof ProbedConnection) {
    const failed = await connection.channelReady(deadline);
    if (failed) return failed.replace('the time allowed', `${timeoutMs / 1000} s`);
  }
  try {
    await connection.withDeadline(deadline, () => connection.workflowService.getSystemInfo({}));
    return undefined;
  } catch (err) {
    // An HTTP server or a proxy that is not Temporal answers 404, which gRPC reads as this.
    if ((err as { code?: number }).code === UNIMPLEMENTED)
      return 'something answered, but not as a Temporal server';
    return (err as Error).message;
  }
}
