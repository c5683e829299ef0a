const SCIM_ENDPOINT = /\/(Users|Groups|Bulk|Schemas|ServiceProviderConfigs?|ResourceTypes|Me|\.search)(?=[/?]|$)/i;

/**
 * The path of a recorded URL relative to its SCIM base: everything from the endpoint name on
 * (`/scim/v2/Users?x` and `https://x.ngrok.app/w/qa/scim/v2/Users?x` both give `/Users?x`), so a
 * session recorded against one base URL replays against any other.
 */
export function pathFromScimBase(url: string): string {
  // An absolute URL loses its origin; an imported file's malformed one ("https://bad host/…") too, by text.
  const pathAndQuery = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '') || '/';
  const match = SCIM_ENDPOINT.exec(pathAndQuery.split('?')[0]!);
  return match ? pathAndQuery.slice(match.index) : pathAndQuery;
}
