/**
 * Query parameters whose values the request log shows. Every other value is redacted: a
 * webhook's ?secret=, and a bearer token sent by mistake as ?token= or under any other name,
 * must never reach a log.
 */
const SHOWN_QUERY_PARAMETERS: ReadonlySet<string> = new Set(['procedure', 'status', 'limit']);

/** A request URL as the log may show it: the path, and the query with its values redacted. */
export function redactedUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return eq < 0 || SHOWN_QUERY_PARAMETERS.has(name) ? pair : `${name}=[redacted]`;
    });
  return `${url.slice(0, q)}?${query.join('&')}`;
}
