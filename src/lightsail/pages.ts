/**
 * Every item of a paged Lightsail list, page after page: a list read to its first page only
 * misses what is on the next (a bundle that "does not exist", a load balancer left out).
 */
export async function allPages<T>(
  page: (pageToken: string | undefined) => Promise<{ items?: T[]; next?: string }>,
): Promise<T[]> {
  const all: T[] = [];
  let pageToken: string | undefined;
  do {
    const { items, next } = await page(pageToken);
    all.push(...(items ?? []));
    pageToken = next;
  } while (pageToken);
  return all;
}
