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

/** Run and schedule ids in paths and the Idempotency-Key header: what Temporal ids allow, kept simple. */
export const ID = /^[\w.:@-]{1,200}$/;
