import type { Client } from '@temporalio/client';
import type { LightsailClients } from '../lightsail/clients';
import type { ApiTokens } from './auth';
import type { Triggers } from './triggers';

/** What every route needs. */
export interface ApiContext {
  client: Client;
  taskQueue: string;
  tokens: ApiTokens;
  triggers: Triggers;
  /** Lightsail as configured, for plans (POST /plans); without it that route answers 503. */
  lightsail?: LightsailClients;
}
