import type { WorkspaceSettings } from '../../src/engine/settings/workspace-settings';
import type { ScimResponse, ScimTestServer } from './scim-server';

/** A workspace of a test server, created with the given settings, and requests against its SCIM root with its token. */
export interface WorkspaceClient {
  slug: string;
  baseUrl: string;
  token: string;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string | null>): Promise<ScimResponse>;
}

export function openWorkspace(server: ScimTestServer, slug: string, settings: Partial<WorkspaceSettings> = {}): WorkspaceClient {
  const { token } = server.app.workbench.workspaces.create(slug);
  server.app.workbench.workspaces.configure(slug, settings);
  const baseUrl = `${server.origin}/w/${slug}/scim/v2`;
  return {
    slug,
    baseUrl,
    token,
    request: (method, path, body, headers = {}) => server.request(method, `${baseUrl}${path}`, body, { authorization: `Bearer ${token}`, ...headers }),
  };
}

/** The codes of the `X-Workbench-Notes` header, e.g. `['normalised:capitalisedOp']`. */
export const notesOf = (response: ScimResponse): string[] => (response.headers['x-workbench-notes'] ?? '').split(', ').filter(Boolean);

/** `?filter=…` with the filter URL-encoded. */
export const filterQuery = (filter: string) => `?filter=${encodeURIComponent(filter)}`;
