/**
 * The user-id and password of `Authorization: Basic <base64(user:password)>` (RFC 7617), or a
 * reason it could not be read; never throws, whatever the header holds.
 */
export type BasicCredentials = { ok: true; user: string; password: string } | { ok: false; reason: string };

export function basicCredentials(header: string | undefined): BasicCredentials | undefined {
  const match = /^\s*basic(?:\s+(\S*))?\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const encoded = match[1] ?? '';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 === 1) {
    return { ok: false, reason: 'The Basic credentials are not base64: send "Basic " followed by base64 of "username:password".' };
  }
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return { ok: false, reason: 'The Basic credentials have no colon: base64-encode "username:password".' };
  return { ok: true, user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
