import type { Client, Connection } from '@temporalio/client';
import { unreachableMessage } from '../temporal/connect';
import { probeTemporal } from '../temporal/reachability';

/** How long an answer about Temporal's reachability is reused: one probe a second at most. */
const REUSE_MS = 1000;

export type Readiness = { reachable: true } | { reachable: false; message: string };

/**
 * Whether the Temporal server answers, for /readyz and for the routes that need it: when it does
 * not, they answer 503 within seconds instead of retrying for twenty and answering 500.
 */
export class TemporalReadiness {
  readonly address: string | undefined;
  private last?: { settledAt?: number; answer: Promise<Readiness> };

  constructor(private readonly client: Client) {
    this.address = (client.connection as Partial<Connection>).options?.address;
  }

  /** A probe in flight, or one that ended less than REUSE_MS ago, answers for everyone. */
  check(): Promise<Readiness> {
    const last = this.last;
    if (last && (last.settledAt === undefined || Date.now() - last.settledAt < REUSE_MS)) return last.answer;
    const next: { settledAt?: number; answer: Promise<Readiness> } = {
      answer: probeTemporal(this.client.connection).then((reason): Readiness => {
        next.settledAt = Date.now();
        return reason === undefined
          ? { reachable: true }
          : { reachable: false, message: unreachableMessage(this.address, reason).replace('\n', ' ') };
      }),
    };
    this.last = next;
    return next.answer;
  }
}
