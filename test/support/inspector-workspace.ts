import { expect } from 'vitest';
import { adminApi } from './admin-api';
import type { InspectorFixture } from './inspector';
import type { RequestHeaders, ScimResponse } from './scim-server';

/** A workspace of one test's own, made through the admin API: its SCIM root and token, and where the inspector shows it. */
export interface TestWorkspace {
  slug: string;
  scimBaseUrl: string;
  token: string;
  /** The inspector opened on this workspace, authorised by the admin token in the fragment. */
  inspectorUrl: string;
  /** A SCIM request to this workspace with its own token (`path` relative to its SCIM root), as an IdP sends it. */
  request(method: string, path: string, body?: unknown, headers?: RequestHeaders): Promise<ScimResponse>;
}

/** The admin API of an inspector fixture (the token its printed URL carries). */
export function fixtureAdminApi(fixture: () => InspectorFixture) {
  return adminApi(() => ({ url: `${fixture().origin}/api`, token: fixture().adminToken }));
}

/**
 * Creates a workspace named `slug` and answers its connection details, so that a test's users,
 * groups, mappings and token are its own: no test sees what another left behind.
 */
export async function createTestWorkspace(fixture: InspectorFixture, slug: string): Promise<TestWorkspace> {
  const api = fixtureAdminApi(() => fixture);
  const created = await api('POST', '/workspaces', { slug });
  expect(created.status, created.text).toBe(201);
  const connection = await api<{ scimBaseUrl: string; token: string }>('GET', `/workspaces/${slug}/connection`);
  expect(connection.status, connection.text).toBe(200);
  const { scimBaseUrl, token } = connection.body;
  return {
    slug,
    scimBaseUrl,
    token,
    inspectorUrl: `${fixture.origin}/?workspace=${slug}#token=${fixture.adminToken}`,
    request: (method, path, body, headers = {}) =>
      fixture.scim.request(method, `${scimBaseUrl}${path}`, body, { authorization: `Bearer ${token}`, ...headers }),
  };
}

/**
 * Starts a new live recording session (the inspector's "Clear"): the traffic list, which follows
 * the live session, then holds only what the test sends next.
 */
export async function startLiveSession(fixture: InspectorFixture): Promise<void> {
  const started = await fixtureAdminApi(() => fixture)('POST', '/sessions', {});
  expect(started.status, started.text).toBe(201);
}
