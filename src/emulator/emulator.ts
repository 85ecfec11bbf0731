import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuditLog, type AuditEntry } from './audit';
import { ChangeTracker, type StatePath } from './change-tracker';
import { handleCloudFormation, isQueryProtocol, sendQuery } from './cloudformation';
import { REGIONS } from './catalog';
import { Clock, rescaleDeadlines } from './clock';
import { LightsailError, protocolError } from './errors';
import { checkParamTypes } from './param-types';
import { pageOf, pageOffset } from './pagination';
import { Faults } from './faults';
import { RegionRateLimit } from './rate-limit';
import type { Persisted, StateFile } from './persistence';
import { actionOf, parseParams, readBody, sendError, sendJson } from './protocol';
import { parseAuthorization, verifySignature, type AccessKeys } from './signature';
import { makeContext, type ActionRegistry, type OperationsOrder } from './registry';
import { createRegistry } from './resources';
import { ContainerServer } from './resources/containers';
import { DistributionServer } from './resources/domains/distribution-server';
import { DatabaseServer } from './resources/databases/database-server';
import { InstanceServer } from './resources/instance-serving/instance-server';
import { touchesServed } from './serving/served-stores';
import { REFERENCE_ACTIONS } from './reference/actions';
import { seed } from './seed';
import { settleChanges } from './state-changes';
import { cloneStored, emptyState, type EmulatorState } from './state';

/**
 * The emulator's core: state, clock, faults and audit, and the dispatch of one Lightsail call.
 * The HTTP server (index.ts) and the control API (control-api.ts) sit on top of it.
 */
export class Emulator {
  readonly registry: ActionRegistry = createRegistry();
  readonly audit = new AuditLog();
  readonly faults = new Faults();
  /** Off unless set: a per-region request rate beyond which calls are throttled. */
  readonly rateLimit = new RegionRateLimit();
  /** How GetOperations lists operations (see OperationsOrder). */
  operationsOrder: OperationsOrder = 'newest-first';
  readonly clock: Clock;
  /** Signatures are checked against these keys; undefined accepts any signed request. */
  private readonly accessKeys?: AccessKeys;
  state: EmulatorState;
  /** Each distribution's loopback listener (its domainName), forwarding to its origin. */
  readonly distributions: DistributionServer;
  /** Each container service's loopback listener (its url), answering as its active deployment. */
  readonly containers: ContainerServer;
  /** A loopback listener for each open TCP port of each running instance. */
  readonly instances: InstanceServer;
  /** A loopback listener for each available relational database, at its endpoint's port. */
  readonly databases: DatabaseServer;

  /** Every paginated action's page size when set (EmulatorOptions.pageSize). */
  private readonly pageSize?: number;

  constructor(
    options: { timeScale: number; seed: boolean; accessKeys?: AccessKeys; pageSize?: number },
    private readonly stateFile?: StateFile,
    /** One line per Lightsail call; silent by default. */
    private readonly log?: (line: string) => void,
  ) {
    this.clock = new Clock(options.timeScale);
    this.accessKeys = options.accessKeys;
    this.pageSize = options.pageSize;
    const loaded = stateFile?.exists() ? stateFile.load() : undefined;
    this.state = loaded?.state ?? emptyState();
    if (loaded) this.audit.restore(loaded.audit);
    // A listener moved to another port changes its resource's address, outside any call.
    this.distributions = new DistributionServer(
      () => this.state,
      this.clock,
      log,
      () => this.changed(),
    );
    this.containers = new ContainerServer(
      () => this.state,
      this.clock,
      log,
      () => this.changed(),
    );
    // Instances come and go often: their listeners' new ports are journaled, not a whole snapshot.
    this.instances = new InstanceServer(
      () => this.state,
      this.clock,
      log,
      (paths) => this.journalWritten(paths),
    );
    this.databases = new DatabaseServer(
      () => this.state,
      this.clock,
      log,
      (paths) => this.journalWritten(paths),
    );
    this.distributions.forwarder = this.containers.forward;
    // Either way a snapshot is written now, and the journal starts afresh after it.
    if (options.seed && !loaded) this.reset(true);
    else this.changed();
    void this.syncServed();
  }

  /** Opens and closes the loopback listeners of distributions, container services, instances and databases to match the state. */
  async syncServed(): Promise<void> {
    await Promise.all([
      this.distributions.sync(),
      this.containers.sync(),
      this.instances.sync(),
      this.databases.sync(),
    ]);
  }

  async closeServed(): Promise<void> {
    await Promise.all([
      this.distributions.close(),
      this.containers.close(),
      this.instances.close(),
      this.databases.close(),
    ]);
  }

  reset(withSeed: boolean): void {
    this.state = emptyState();
    this.audit.clear();
    this.faults.clear();
    this.rateLimit.set(undefined);
    if (withSeed) seed(this.state, this.registry, this.clock);
    // The seed's records may share objects (its handlers ran on the plain state): the state
    // must hold only what a restart reads back.
    this.state = cloneStored(this.state);
    this.changed();
    void this.syncServed();
  }

  clearAudit(): void {
    this.audit.clear();
    this.changed();
  }

  /**
   * The state changed outside a Lightsail call (a reset, the clock, the control API): writes a
   * snapshot now, before the change is answered. Rare, so the whole state is written.
   */
  changed(): void {
    this.stateFile?.compact(this.persisted());
  }

  private persisted(): Persisted {
    return { state: this.state, audit: this.audit.snapshot() };
  }

  /** Journals the records at these paths as they are now (a call's, or a listener's new port). */
  private journalWritten(paths: StatePath[]): void {
    const changes = settleChanges(this.state, paths);
    if (changes.length === 0) return;
    this.stateFile?.append({ changes });
    this.stateFile?.compactIfDue(() => this.persisted());
  }

  /** Audits a call, through to the state file, before it is answered. */
  private recordCall(entry: Omit<AuditEntry, 'seq' | 'params'> & { params: unknown }): void {
    const kept = this.audit.record(entry);
    this.stateFile?.append({ audit: kept });
    this.stateFile?.compactIfDue(() => this.persisted());
  }

  /** Changes the time scale, for work in flight too: its remaining time is rescaled. */
  setTimeScale(timeScale: number): void {
    const factor = this.clock.timeScale / timeScale;
    this.clock.timeScale = timeScale;
    rescaleDeadlines(this.state, this.clock.now(), factor);
    this.changed();
    // Instances due to start running now start sooner or later.
    void this.syncServed();
  }

  /** Writes the last snapshot and closes the journal; for the end of the process. */
  flush(): void {
    this.stateFile?.close(this.persisted());
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const started = Date.now();
    let action = 'Unknown';
    let region = 'unknown';
    let params: Record<string, unknown> = {};
    // An afterEffect fault answers an error for a call that did take effect: the audit says so.
    let tookEffect = false;
    try {
      const body = await readBody(req);
      // The region is the one the request was signed for: one port serves every region.
      region = this.accessKeys
        ? (await verifySignature(req, body, this.accessKeys)).region
        : parseAuthorization(req.headers.authorization).region;
      if (isQueryProtocol(req)) {
        const answer = handleCloudFormation(this.state, region, body, this.clock.now(), requestId);
        this.recordCall({
          time: new Date(started).toISOString(),
          region,
          action: `cloudformation:${answer.action}`,
          params: Object.fromEntries(new URLSearchParams(body)),
          status: answer.status,
          durationMs: Date.now() - started,
        });
        sendQuery(res, answer.status, requestId, answer.xml);
        return;
      }
      action = actionOf(req);
      params = parseParams(body);
      if (!(REGIONS as readonly string[]).includes(region)) {
        throw new LightsailError('InvalidInputException', `The region ${region} is not a Lightsail region.`);
      }
      const definition = this.registry.get(action);
      if (!definition) throw unknownAction(action);
      checkParamTypes(action, params);
      this.rateLimit.take(region);
      const fault = this.faults.decide(action, region, definition.mutating);
      if (fault.latencyMs > 0) await new Promise((r) => setTimeout(r, fault.latencyMs));
      if (fault.error && !fault.errorAfterEffect) throw fault.error;
      // Every handler but a pure read is tracked, so that the records it writes are journaled, even
      // if it fails halfway: some reads write too (a certificate's validation time noted when
      // first seen). A token this emulator did not issue is refused before the handler runs.
      const offset = pageOffset(region, action, params.pageToken);
      const tracker = definition.readsOnly ? undefined : new ChangeTracker(this.state);
      let result: unknown;
      let written: StatePath[] = [];
      try {
        result = definition.handler(
          makeContext(tracker?.state ?? this.state, region, this.clock, fault.failure, this.operationsOrder),
          params,
        );
      } finally {
        if (tracker) {
          written = tracker.finish();
          this.journalWritten(written);
        }
      }
      result = pageOf(region, action, offset, result, this.pageSize);
      tookEffect = definition.mutating;
      if (definition.mutating && (!tracker || touchesServed(written))) {
        // A new distribution's or service's listener is up before its address reaches the caller,
        // and a stopped instance or closed port no longer answers once the call is answered.
        await this.syncServed();
      }
      this.faults.spendFailure(fault);
      if (fault.error) throw fault.error;
      this.recordCall({
        time: new Date(started).toISOString(),
        region,
        action,
        params,
        status: 200,
        durationMs: Date.now() - started,
      });
      sendJson(res, 200, requestId, result);
      this.log?.(`${region} ${action} 200 ${Date.now() - started}ms`);
    } catch (err) {
      const error =
        err instanceof LightsailError
          ? err
          : new LightsailError('ServiceException', `Emulator error: ${(err as Error).message}`);
      this.recordCall({
        time: new Date(started).toISOString(),
        region,
        action,
        params,
        status: error.status,
        error: error.type,
        ...(tookEffect ? { tookEffect } : {}),
        durationMs: Date.now() - started,
      });
      sendError(res, requestId, error);
      this.log?.(`${region} ${action} ${error.status} ${error.type} ${Date.now() - started}ms`);
    }
  }
}

/** An action the emulator does not know: AWS's front end answers it, naming no Lightsail exception. */
function unknownAction(action: string): LightsailError {
  return protocolError(
    'UnknownOperationException',
    REFERENCE_ACTIONS.includes(action)
      ? `The action ${action} is not implemented by the lightsail-flows emulator yet: docs/emulator.md lists the actions it implements.`
      : `The action ${action} is not a Lightsail action: check its name against the Lightsail API reference.`,
  );
}
