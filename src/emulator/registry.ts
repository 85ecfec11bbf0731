import type { Clock } from './clock';
import { operationView, recordOperation, type OperationSpec } from './operations';
import type { EmulatorState, RegionStore, Tag } from './state';
import type { Params } from './validation';

/** What an action handler sees: the region it was signed for, its store, and the clock. */
export interface ActionContext {
  region: string;
  store: RegionStore;
  /** Every region's store, for cross-region actions such as CopySnapshot. */
  state: EmulatorState;
  clock: Clock;
  /** Set when a fault rule asks this call's operations to end Failed. */
  failure?: { errorCode: string; errorDetails: string };
  /** The order GetOperations lists in (Emulator.operationsOrder). */
  operationsOrder: OperationsOrder;
  /** Records an operation in this region and returns it as Lightsail shows it. */
  operation(spec: OperationSpec, region?: string): ReturnType<typeof operationView>;
}

export type ActionHandler = (ctx: ActionContext, params: Params) => unknown;

/**
 * Newest first is what the emulator answers by default; the reference's words are "from oldest
 * to newest", so clients are tested against that order too.
 */
export type OperationsOrder = 'newest-first' | 'oldest-first';

/** What TagResource and UntagResource need of a resource. */
export interface Taggable {
  name: string;
  arn: string;
  tags: Tag[];
  /** Where its tag operations are recorded; regional resources use the region's first zone. */
  availabilityZone: string;
}

/** Finds a resource family's resource by name in a region's store. */
export type TaggableLookup = (store: RegionStore, name: string) => Taggable | undefined;

export interface ActionDefinition {
  handler: ActionHandler;
  /** Mutating actions change the state (persisted) and can be failed by operation fault rules. */
  mutating: boolean;
  /**
   * Never writes the state, so it reads the state itself instead of through the change
   * tracker's proxies (which note what a read writes, such as a certificate's first look): a
   * GetOperations over 10,000 operations cost hundreds of thousands of proxy traps a page.
   */
  readsOnly?: boolean;
}

/**
 * Lightsail actions by name. Each resource family registers its own, so the emulator grows by
 * adding files under resources/ without touching the server.
 */
export class ActionRegistry {
  private readonly actions = new Map<string, ActionDefinition>();
  private readonly taggables = new Map<string, TaggableLookup>();

  register(name: string, handler: ActionHandler, options: { mutating: boolean; readsOnly?: boolean }): void {
    this.actions.set(name, { handler, ...options });
  }

  /** Makes a resource type reachable by TagResource and UntagResource (its `resourceType`). */
  registerTaggable(resourceType: string, lookup: TaggableLookup): void {
    this.taggables.set(resourceType, lookup);
  }

  taggableTypes(): [string, TaggableLookup][] {
    return [...this.taggables.entries()];
  }

  get(name: string): ActionDefinition | undefined {
    return this.actions.get(name);
  }

  names(): string[] {
    return [...this.actions.keys()].sort();
  }
}

export function makeContext(
  state: EmulatorState,
  region: string,
  clock: Clock,
  failure?: { errorCode: string; errorDetails: string },
  operationsOrder: OperationsOrder = 'newest-first',
): ActionContext {
  const store = state[region]!;
  return {
    region,
    store,
    state,
    clock,
    failure,
    operationsOrder,
    operation(spec, opRegion = region) {
      const op = recordOperation(state[opRegion]!, clock, spec, failure);
      return operationView(op, opRegion, clock.now());
    },
  };
}
