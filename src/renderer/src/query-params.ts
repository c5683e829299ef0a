/**
 * A URL's query parameters decoded, in the order sent (a name may repeat). Decoded as the engine's
 * query parser does (`+` is a space, `%XX` bytes as UTF-8); a broken escape is kept as sent, never
 * an error: this shows what an IdP sent, however malformed.
 */
export function queryParamsOf(url: string): [name: string, value: string][] {
  const question = url.indexOf('?');
  if (question === -1) return [];
  const query = url.slice(question + 1).split('#')[0]!;
  return query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const equals = pair.indexOf('=');
      return equals === -1 ? [decode(pair), ''] : [decode(pair.slice(0, equals)), decode(pair.slice(equals + 1))];
    });
}

function decode(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** The SCIM filter a request asked with: `?filter=` on a GET, or `filter` in a POST /.search body. */
export function filterOf(request: { url: string; body: string | null }): string | undefined {
  const fromQuery = queryParamsOf(request.url).find(([name]) => name.toLowerCase() === 'filter')?.[1];
  if (fromQuery !== undefined) return fromQuery;
  if (!/\/\.search(\?|$)/.test(request.url) || request.body === null) return undefined;
  try {
    const filter = (JSON.parse(request.body) as { filter?: unknown }).filter;
    return typeof filter === 'string' ? filter : undefined;
  } catch {
    return undefined;
  }
}
