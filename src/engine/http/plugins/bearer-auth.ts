import { hash, timingSafeEqual } from 'node:crypto';

/**
 * Compares digests, not the strings: timingSafeEqual needs equal lengths, and hashing
 * first means neither the length nor the content of the token leaks through timing.
 */
export function tokensMatch(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), expectedDigest(expected));
}

/** One-shot hashing: a createHash object per request cost more than the digest itself. */
const digest = (value: string) => hash('sha256', value, 'buffer');

/** The stored tokens' digests, so a request hashes only what it presents (a few workspaces at most). */
const expectedDigests = new Map<string, Buffer>();
function expectedDigest(token: string): Buffer {
  let value = expectedDigests.get(token);
  if (!value) {
    if (expectedDigests.size >= 64) expectedDigests.clear();
    value = digest(token);
    expectedDigests.set(token, value);
  }
  return value;
}

/** The token from `Authorization: Bearer <token>` (scheme case-insensitive), or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
