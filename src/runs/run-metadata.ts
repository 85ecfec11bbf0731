import type { Client } from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';
import { PROCEDURES, type Procedure } from '../procedures';
import { describeInput } from './describe-input';
import { searchAttributePairs, searchAttributesRegistered } from './search-attributes';

/** What started a run, as its LightsailTrigger search attribute and its details say. */
export type RunTrigger = 'cli' | 'api' | `schedule:${string}` | `webhook:${string}`;

export interface RunMetadata {
  staticSummary: string;
  staticDetails: string;
  /** Absent when the namespace lacks the attributes: the start goes ahead without them. */
  typedSearchAttributes?: SearchAttributePair[];
}

/**
 * The start options that tell what a run is, in the Web UI and to `list`: its summary and
 * details, and its search attributes when the namespace has them. Shared by every way a run
 * starts (CLI, API, webhook, schedule), so they all read alike.
 */
export async function runMetadata(
  client: Client,
  procedure: Procedure,
  input: unknown,
  trigger: RunTrigger | undefined,
): Promise<RunMetadata> {
  const name = Object.keys(PROCEDURES).find((k) => PROCEDURES[k] === procedure) ?? procedure.workflowType;
  const described = describeInput(name, procedure.workflowType, input);
  const details = [...described.details, ...(trigger ? [`- **Started by**: ${trigger}`] : [])];
  const metadata: RunMetadata = { staticSummary: described.summary, staticDetails: details.join('\n') };
  if (await searchAttributesRegistered(client)) {
    metadata.typedSearchAttributes = searchAttributePairs({
      procedure: name,
      regions: described.regions,
      resources: described.resources,
      trigger,
    });
  }
  return metadata;
}
