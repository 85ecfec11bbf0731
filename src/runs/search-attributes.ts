import type { Client } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';

/**
 * The custom search attributes runs are found by, in the Web UI's filter and in
 * `lightsail-flows list`. The dev stack registers them; a real cluster needs them created once
 * (docs/production-stack.md). Values are resource names and regions, never secrets: search
 * attributes are not encrypted by the payload codec.
 */
export const SEARCH_ATTRIBUTES = {
  /** The procedure's short name, e.g. copy-snapshot. */
  procedure: defineSearchAttributeKey('LightsailProcedure', SearchAttributeType.KEYWORD),
  /** Every region the run reads or changes. */
  regions: defineSearchAttributeKey('LightsailRegions', SearchAttributeType.KEYWORD_LIST),
  /** The Lightsail resources its input names (snapshots, instances, services, distributions). */
  resources: defineSearchAttributeKey('LightsailResources', SearchAttributeType.KEYWORD_LIST),
  /** What started it: cli, api, schedule:<id> or webhook:<trigger>. */
  trigger: defineSearchAttributeKey('LightsailTrigger', SearchAttributeType.KEYWORD),
} as const;

export const SEARCH_ATTRIBUTE_KEYS = Object.values(SEARCH_ATTRIBUTES);

export interface RunFacets {
  procedure: string;
  regions: string[];
  resources: string[];
  trigger?: string;
}

export function searchAttributePairs(facets: RunFacets): SearchAttributePair[] {
  const pairs: SearchAttributePair[] = [{ key: SEARCH_ATTRIBUTES.procedure, value: facets.procedure }];
  // An empty list is the same as no value; sent anyway it would only cost a payload.
  if (facets.regions.length) pairs.push({ key: SEARCH_ATTRIBUTES.regions, value: facets.regions });
  if (facets.resources.length) pairs.push({ key: SEARCH_ATTRIBUTES.resources, value: facets.resources });
  if (facets.trigger) pairs.push({ key: SEARCH_ATTRIBUTES.trigger, value: facets.trigger });
  return pairs;
}

/** Asked once per client: a long-running API server needs a restart to see attributes created later. */
const registered = new WeakMap<Client, Promise<boolean>>();

/**
 * Whether the client's namespace has every attribute. A start with an attribute the namespace
 * lacks is refused by the server, and the attributes are a convenience: without them runs
 * start bare, after one warning per process.
 */
export function searchAttributesRegistered(
  client: Client,
  warn: (message: string) => void = (m) => console.error(m),
): Promise<boolean> {
  let answer = registered.get(client);
  if (!answer) {
    answer = checkRegistered(client).then(
      (missing) => {
        if (missing.length === 0) return true;
        warn(
          `Warning: Temporal namespace "${client.options.namespace}" has no search attribute ${missing.join(', ')}: ` +
            'runs start without their search attributes (no filtering by resource or region). ' +
            'Create them once: docs/production-stack.md, "Search attributes".',
        );
        return false;
      },
      (err: unknown) => {
        warn(
          `Warning: cannot list the search attributes of Temporal namespace "${client.options.namespace}" ` +
            `(${(err as Error).message}): runs start without their search attributes.`,
        );
        return false;
      },
    );
    registered.set(client, answer);
  }
  return answer;
}

async function checkRegistered(client: Client): Promise<string[]> {
  const { customAttributes } = await client.connection.operatorService.listSearchAttributes({
    namespace: client.options.namespace,
  });
  return SEARCH_ATTRIBUTE_KEYS.map((k) => k.name).filter((name) => !(name in (customAttributes ?? {})));
}
