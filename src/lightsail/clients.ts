import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { LightsailClient } from '@aws-sdk/client-lightsail';
import type { FinalizeRequestMiddleware, MetadataBearer } from '@smithy/types';
import type { LightsailSettings } from '../config';
import { lightsailCallObserver } from '../observability/lightsail-call-middleware';
import { CallPacer, type CallTurns } from './call-pacer';
import { readRetries } from './read-retries';

/**
 * One LightsailClient per region, created on first use and reused: each keeps its own
 * connection pool and the region in its signature, which is also how the emulator tells
 * regions apart on a single port.
 *
 * Retries: the SDK makes `sdkMaxAttempts` attempts per call (1 by default) and Temporal's
 * activity retry policy does the rest. One layer owns the backoff, so a throttled call waits
 * on Temporal's schedule instead of multiplying SDK attempts by activity attempts, and every
 * retry is visible in the run's history as the activity's attempt count and last failure.
 * Reads alone are asked again a few times within the call first (./read-retries.ts), so an
 * activity that reads ten things is not retried whole for one throttled read.
 *
 * Pacing: with `callsPerSecond` set, every attempt to a region (the SDK's own retries included)
 * waits its turn under that rate, so a burst of runs queues here instead of being throttled. A
 * worker's turns come from the region's budget shared by every worker (`sharedTurns`,
 * src/temporal/shared-call-budget.ts); other clients (the CLI's, the API's) pace on their own.
 *
 * Observing: every Lightsail call is counted, timed and traced where it enters the SDK
 * (src/observability/lightsail-call-middleware.ts), so no call site has to remember to.
 */
export class LightsailClients {
  private readonly clients = new Map<string, LightsailClient>();
  private readonly stacks = new Map<string, CloudFormationClient>();

  constructor(
    private readonly settings: LightsailSettings,
    /** Where a region's calls wait their turn when paced; by default a pacer of this process. */
    private readonly sharedTurns?: (region: string) => CallTurns,
  ) {}

  /** The rate each region's calls are paced at, if they are (LIGHTSAIL_CALLS_PER_SECOND). */
  get callsPerSecond(): number | undefined {
    return this.settings.callsPerSecond;
  }

  /** The endpoint every client talks to when it is not AWS's own: the emulator, in development. */
  get customEndpoint(): string | undefined {
    return this.settings.endpoint;
  }

  /** The same settings: CreateCloudFormationStack's stacks are read through CloudFormation. */
  private options(region: string) {
    return {
      region,
      maxAttempts: this.settings.sdkMaxAttempts,
      // Lightsail answers in well under a second; a call hanging longer is retried by Temporal.
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 10_000 },
      ...(this.settings.endpoint ? { endpoint: this.settings.endpoint } : {}),
      ...(this.settings.credentials ? { credentials: this.settings.credentials } : {}),
    };
  }

  cloudFormation(region: string): CloudFormationClient {
    let client = this.stacks.get(region);
    if (!client) {
      client = new CloudFormationClient(this.options(region));
      this.stacks.set(region, client);
    }
    return client;
  }

  forRegion(region: string): LightsailClient {
    let client = this.clients.get(region);
    if (!client) {
      client = new LightsailClient(this.options(region));
      client.middlewareStack.use(lightsailCallObserver(region));
      client.middlewareStack.use(readRetries());
      const perSecond = this.settings.callsPerSecond;
      if (perSecond !== undefined) {
        const pacer = this.sharedTurns?.(region) ?? new CallPacer(perSecond, region);
        const paced: FinalizeRequestMiddleware<object, MetadataBearer> = (next) => async (args) => {
          await pacer.turn();
          return next(args);
        };
        client.middlewareStack.addRelativeTo(paced, {
          relation: 'after',
          toMiddleware: 'retryMiddleware',
          name: 'lightsailFlowsCallPacer',
        });
      }
      this.clients.set(region, client);
    }
    return client;
  }

  destroy(): void {
    for (const client of [...this.clients.values(), ...this.stacks.values()]) client.destroy();
    this.clients.clear();
    this.stacks.clear();
  }
}
