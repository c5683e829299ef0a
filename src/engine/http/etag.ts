/**
 * RFC 7232 §3.2 If-None-Match for GET: true when the header names the current version or is `*`.
 * The comparison is weak (RFC 7232 §2.3.2): a `W/` prefix on either side is ignored, since
 * clients copy meta.version with or without it.
 */
export function noneMatchHits(header: string | undefined, version: string | undefined): boolean {
  if (!header || !version) return false;
  const strip = (tag: string) => tag.trim().replace(/^W\//, '');
  const current = strip(version);
  return header.split(',').some((tag) => tag.trim() === '*' || strip(tag) === current);
}
