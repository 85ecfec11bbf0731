import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { invalidInput } from './errors';
import serviceModelJson from './reference/service-model.json';
import type { CompactServiceModel } from './reference/service-shapes';

/**
 * Pagination, the same for every paginated action: those whose input has pageToken and whose
 * output has nextPageToken in the service model. The server pages the action's one list member
 * after the handler answers the whole list, so no handler pages on its own. A nextPageToken names
 * the region, the action and the offset, signed with a key of this emulator process; any other
 * token (made up, another action's, another region's, or from before a restart) is refused with
 * InvalidInputException, as Lightsail refuses a token it did not issue.
 */

const model = serviceModelJson as CompactServiceModel;

/** Paginated actions and the output member each pages (each such output has exactly one list). */
export const PAGINATED: ReadonlyMap<string, string> = new Map(
  Object.entries(model.operations).flatMap(([action, op]): [string, string][] => {
    const input = model.shapes[op.input ?? '']?.members ?? {};
    const output = model.shapes[op.output ?? '']?.members ?? {};
    if (!('pageToken' in input) || !('nextPageToken' in output)) return [];
    const lists = Object.entries(output).filter(([, ref]) => model.shapes[ref.shape]?.type === 'list');
    return lists.length === 1 ? [[action, lists[0]![0]]] : [];
  }),
);

export const PAGE_SIZE = 100;

/**
 * Where a page is not PAGE_SIZE: GetOperations answers 200 a page (the reference's words), and
 * the emulator's domain-wide lists keep the 50 they always had.
 */
const PAGE_SIZES: Readonly<Record<string, number>> = {
  GetOperations: 200,
  GetDomains: 50,
  GetDistributions: 50,
  GetSubdomains: 50,
};

export const pageSize = (action: string) => PAGE_SIZES[action] ?? PAGE_SIZE;

const KEY = randomBytes(32);

function mac(region: string, action: string, offset: number): Buffer {
  return createHmac('sha256', KEY).update(`${region}\n${action}\n${offset}`).digest().subarray(0, 16);
}

function issue(region: string, action: string, offset: number): string {
  return `${offset}.${mac(region, action, offset).toString('base64url')}`;
}

/** The offset a pageToken stands for; refuses one this emulator did not issue for this call. */
export function pageOffset(region: string, action: string, pageToken: unknown): number {
  // GetRelationalDatabaseLogEvents's pageToken is its own kind (forward and backward tokens).
  if (pageToken === undefined || !PAGINATED.has(action)) return 0;
  // A token of another type is refused earlier, as a SerializationException (param-types.ts).
  if (typeof pageToken !== 'string') throw invalidInput('The pageToken is not valid.');
  const refuse = () => invalidInput(`The pageToken ${pageToken} is not valid.`);
  const match = /^(\d{1,9})\.([\w-]{22})$/.exec(pageToken);
  if (!match) throw refuse();
  const offset = Number(match[1]);
  const given = Buffer.from(match[2]!, 'base64url');
  const expected = mac(region, action, offset);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refuse();
  return offset;
}

/** The handler's whole answer cut to the page at `offset`, with the next page's token if any. */
export function pageOf(
  region: string,
  action: string,
  offset: number,
  answer: unknown,
  size = pageSize(action),
): unknown {
  const member = PAGINATED.get(action);
  if (!member || typeof answer !== 'object' || answer === null) return answer;
  const whole = answer as Record<string, unknown>;
  const items = whole[member];
  if (!Array.isArray(items)) return whole;
  const end = offset + size;
  return {
    ...whole,
    [member]: items.slice(offset, end),
    ...(end < items.length ? { nextPageToken: issue(region, action, end) } : {}),
  };
}
