import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ScimError } from '../../scim/errors';
import type { Workspace, WorkspaceStore } from '../../store/workspaces';

/**
 * Compares digests, not the strings: timingSafeEqual needs equal lengths, and hashing
 * first means neither the length nor the content of the token leaks through timing.
 */
export function tokensMatch(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), expectedDigest(expected));
}

const digest = (value: string) => createHash('sha256').update(value).digest();

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

/**
 * Resolves the workspace a request is for and checks its token. The token is read from
 * the database on every request, so a regenerated token revokes the old one at once,
 * even when another process (the CLI) regenerated it.
 */
export function authenticate(workspaces: WorkspaceStore, slug: string, request: FastifyRequest): Workspace {
  const workspace = workspaces.find(slug);
  if (!workspace) throw ScimError.notFound(`No workspace named "${slug}".`);
  const header = request.headers.authorization;
  const token = bearerToken(header);
  if (!token) {
    throw ScimError.unauthorized(
      header
        ? 'The Authorization header must be "Bearer <token>" (Okta: HTTP Header auth; Entra: Secret Token).'
        : 'Missing Authorization header: send "Authorization: Bearer <token>" with the workspace token.',
    );
  }
  if (!tokensMatch(token, workspace.token)) {
    throw ScimError.unauthorized('The bearer token is not valid for this workspace (it may have been regenerated).');
  }
  return workspace;
}

