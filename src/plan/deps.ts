import type { LightsailClients } from '../lightsail/clients';

/** What a plan reads with: Lightsail as configured, and Temporal for name locks. */
export interface PlanDeps {
  clients: LightsailClients;
  /**
   * The run holding a name lock (lockHolder in src/locks), undefined when free. Throws when
   * Temporal cannot be reached: the lock checks then say they could not be made.
   */
  lockHolder: (lockId: string) => Promise<string | undefined>;
}
