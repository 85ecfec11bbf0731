import type { Client } from '@temporalio/client';
import { loadConfig, type Config } from '../config';
import { InvalidGateInput } from '../runs/control';
import { InvalidId, RunNotFound, RunRefused, ScheduleExists } from '../runs/errors';
import { InvalidScheduleInput } from '../runs/schedules';
import { UnknownProcedure } from '../runs/start';
import { connectClient } from '../temporal/connect';
import { describeServiceError } from '../temporal/service-errors';
import { UserFacingError } from '../user-facing-error';
import { UsageError } from './usage-error';

/**
 * Connects as the configuration says, runs `act`, closes the connection, and turns the runs
 * layer's refusals into what the CLI prints: bad input exits 2, a missing or refusing run 1.
 */
export async function withClient<T>(act: (client: Client, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const client = await connectClient(config.temporal);
  try {
    return await act(client, config);
  } catch (err) {
    if (
      err instanceof InvalidGateInput ||
      err instanceof InvalidScheduleInput ||
      err instanceof UnknownProcedure ||
      err instanceof InvalidId
    )
      throw new UsageError(err.message);
    if (err instanceof RunNotFound || err instanceof RunRefused || err instanceof ScheduleExists) {
      throw new UserFacingError(err.message);
    }
    const temporal = describeServiceError(config.temporal.connection.address, err);
    if (temporal) throw new UserFacingError(temporal.message, 1, { cause: err });
    throw err;
  } finally {
    await client.connection.close();
  }
}
