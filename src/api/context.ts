import type { Client } from '@temporalio/client';
import type { ApiTokens } from './auth';
import type { Triggers } from './triggers';

/** What every route needs. */
export interface ApiContext {
  client: Client;
  taskQueue: string;
  tokens: ApiTokens;
  triggers: Triggers;
}
