import { DEFAULT_AUTH } from '../../../../src/shared/auth-modes';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TunnelResponse, WorkspaceConnectionResponse, WorkspaceSummary } from '../../../../src/shared/admin-api';
import { startEngine, type RunningEngine } from '../../../../src/engine/engine';
import { tempDir } from '../../../support/cli';
import { startTestLocaltunnelServer, type TestLocaltunnelServer } from '../../../support/localtunnel-server';

/**
 * Workspaces from the inspector, through the admin API of a real engine: create and delete with
 * the CLI's rules, and each workspace's connection (its own URL, through the tunnel too, and token).
 */
const dir = tempDir();
let engine: RunningEngine;
let tunnelServer: TestLocaltunnelServer;

beforeAll(async () => {
  tunnelServer = await startTestLocaltunnelServer();
  engine = await startEngine({ dbPath: join(dir.path, 'workspaces-api.db'), port: 0 });
});
afterAll(async () => {
  await engine?.close();
  await tunnelServer?.close();
  dir.remove();
});

async function api<T = unknown>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T; text: string }> {
  const response = await fetch(`${engine.adminUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${engine.adminToken}`, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, text };
}

const slugs = async () => (await api<WorkspaceSummary[]>('GET', '/workspaces')).body.map((workspace) => workspace.slug);

describe('POST /api/workspaces', () => {
  it('creates a workspace served at its own path, with its own token that its SCIM API accepts', async () => {
    const created = await api<WorkspaceSummary>('POST', '/workspaces', { slug: 'okta-test', name: '  Okta test tenant ' });
    expect(created).toMatchObject({ status: 201, body: { slug: 'okta-test', name: 'Okta test tenant', scimPath: '/w/okta-test/scim/v2' } });
    expect(await slugs()).toEqual(['default', 'okta-test']);
    const connection = (await api<WorkspaceConnectionResponse>('GET', '/workspaces/okta-test/connection')).body;
    const users = await fetch(`${connection.scimBaseUrl}/Users`, { headers: { authorization: `Bearer ${connection.token}` } });
    expect(users.status).toBe(200);
    // Its token is its own: the default workspace's is refused there.
    expect((await fetch(`${connection.scimBaseUrl}/Users`, { headers: { authorization: `Bearer ${engine.token}` } })).status).toBe(401);
  });

  it("lists a workspace's resources with the meta.location its SCIM API serves, not an address on the admin port", async () => {
    await api('POST', '/workspaces', { slug: 'located' });
    const connection = (await api<WorkspaceConnectionResponse>('GET', '/workspaces/located/connection')).body;
    const created = await fetch(`${connection.scimBaseUrl}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${connection.token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'located@example.com' }),
    });
    const served = (await created.json()) as { id: string; meta: { location: string } };
    expect(served.meta.location).toBe(`${connection.scimBaseUrl}/Users/${served.id}`);
    const listed = (await api<{ Resources: { meta: { location: string } }[] }>('GET', '/workspaces/located/resources?type=User')).body.Resources;
    expect(listed.map((user) => user.meta.location)).toEqual([served.meta.location]);
  });

  it('names the workspace after its slug when no name is given', async () => {
    expect((await api<WorkspaceSummary>('POST', '/workspaces', { slug: 'entra', name: '   ' })).body.name).toBe('entra');
    expect((await api<WorkspaceSummary>('POST', '/workspaces', { slug: 'onelogin' })).body.name).toBe('onelogin');
  });

  it('answers 409 for a name that exists, the default one included, and changes nothing', async () => {
    const token = (await api<WorkspaceConnectionResponse>('GET', '/workspaces/entra/connection')).body.token;
    expect(await api('POST', '/workspaces', { slug: 'entra', name: 'Other' })).toMatchObject({
      status: 409,
      body: { error: 'A workspace named "entra" already exists.' },
    });
    expect((await api('POST', '/workspaces', { slug: 'default' })).status).toBe(409);
    expect((await api<WorkspaceConnectionResponse>('GET', '/workspaces/entra/connection')).body).toMatchObject({ name: 'entra', token });
  });

  it.each([
    ['upper case', 'Okta'],
    ['a space', 'my workspace'],
    ['a slash', 'a/b'],
    ['a leading dash', '-x'],
    ['nothing', ''],
    ['64 characters', 'a'.repeat(64)],
  ])('refuses a name with %s with 400 and the rule', async (_, slug) => {
    const refused = await api<{ error: string }>('POST', '/workspaces', { slug });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe(
      `"${slug}" is not a valid workspace name: use 1–63 lower-case letters, digits and dashes, starting with a letter or digit.`,
    );
  });

  it('refuses malformed bodies with 400 and a message, creating nothing', async () => {
    const before = await slugs();
    for (const body of [
      {},
      { slug: ['x'] },
      { slug: 'x', name: { first: 'n' } },
      { slug: null },
      { slug: 'x', token: 'mine' },
      'not json',
      { slug: 'x', name: 'n'.repeat(201) },
    ]) {
      const refused = await api<{ error: string }>('POST', '/workspaces', body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error).toMatch(/\S/);
    }
    expect((await api<{ error: string }>('POST', '/workspaces')).status).toBe(400);
    expect(await slugs()).toEqual(before);
  });
});

describe('DELETE /api/workspaces/:slug', () => {
  it('deletes a workspace with its users: its SCIM API is gone', async () => {
    await api('POST', '/workspaces', { slug: 'doomed' });
    const connection = (await api<WorkspaceConnectionResponse>('GET', '/workspaces/doomed/connection')).body;
    const auth = { authorization: `Bearer ${connection.token}`, 'content-type': 'application/scim+json' };
    const posted = await fetch(`${connection.scimBaseUrl}/Users`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'gone@example.com' }),
    });
    expect(posted.status).toBe(201);
    expect(await api('DELETE', '/workspaces/doomed')).toMatchObject({ status: 204, text: '' });
    expect(await slugs()).not.toContain('doomed');
    expect((await fetch(`${connection.scimBaseUrl}/Users`, { headers: auth })).status).toBe(404);
    expect((await api('GET', '/workspaces/doomed/resources?type=User')).status).toBe(404);
  });

  it('refuses to delete the default workspace, saying why', async () => {
    const refused = await api<{ error: string }>('DELETE', '/workspaces/default');
    expect(refused.status).toBe(400);
    expect(refused.body.error).toContain('The default workspace cannot be deleted');
    expect(await slugs()).toContain('default');
    expect((await fetch(`${engine.scimBaseUrl}/Users`, { headers: { authorization: `Bearer ${engine.token}` } })).status).toBe(200);
  });

  it('answers 404 for an unknown workspace and 400 for a name too long to be one', async () => {
    expect(await api('DELETE', '/workspaces/never-was')).toMatchObject({ status: 404, body: { error: 'No workspace named "never-was".' } });
    expect((await api('DELETE', `/workspaces/${'a'.repeat(65)}`)).status).toBe(400);
  });

  it('is refused without the admin token', async () => {
    await api('POST', '/workspaces', { slug: 'kept' });
    expect((await api('DELETE', '/workspaces/kept', undefined, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect(await slugs()).toContain('kept');
  });

  it('refuses creating and deleting from a page of another origin, even with the token', async () => {
    const foreign = { origin: 'http://evil.example' };
    expect((await api('DELETE', '/workspaces/kept', undefined, foreign)).status).toBe(403);
    expect((await api('POST', '/workspaces', { slug: 'planted' }, foreign)).status).toBe(403);
    expect(await slugs()).toContain('kept');
    expect(await slugs()).not.toContain('planted');
  });
});

describe('GET /api/workspaces/:slug/connection', () => {
  it("gives the default workspace's URL at /scim/v2 and its token", async () => {
    const connection = await api<WorkspaceConnectionResponse>('GET', '/workspaces/default/connection');
    expect(connection).toMatchObject({
      status: 200,
      body: { slug: 'default', name: 'Default workspace', scimBaseUrl: engine.scimBaseUrl, token: engine.token },
    });
    expect(connection.body.publicScimBaseUrl).toBeUndefined();
  });

  it("gives another workspace's own URL and token, and a new token after regeneration", async () => {
    await api('POST', '/workspaces', { slug: 'demo', name: 'Demo' });
    const connection = (await api<WorkspaceConnectionResponse>('GET', '/workspaces/demo/connection')).body;
    expect(connection).toEqual({
      slug: 'demo',
      name: 'Demo',
      scimBaseUrl: `${new URL(engine.scimBaseUrl).origin}/w/demo/scim/v2`,
      token: engine.workbench.workspaces.find('demo')!.token,
      auth: DEFAULT_AUTH,
    });
    expect(connection.token).not.toBe(engine.token);
    const regenerated = (await api<{ token: string }>('POST', '/workspaces/demo/token')).body.token;
    expect((await api<WorkspaceConnectionResponse>('GET', '/workspaces/demo/connection')).body.token).toBe(regenerated);
  });

  it('adds the public URL of that workspace while a tunnel is online, which reaches it', async () => {
    await api('PUT', '/tunnel/settings', { provider: 'localtunnel', localtunnel: { host: tunnelServer.url } });
    const started = await api<TunnelResponse>('POST', '/tunnel/start', {});
    expect(started.body.status?.state).toBe('online');
    try {
      const connection = (await api<WorkspaceConnectionResponse>('GET', '/workspaces/demo/connection')).body;
      expect(connection.publicScimBaseUrl).toBe(`${started.body.status!.publicOrigin}/w/demo/scim/v2`);
      const created = await fetch(`${connection.publicScimBaseUrl}/Users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${connection.token}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'through.tunnel@example.com' }),
      });
      expect(created.status).toBe(201);
      const listed = (await api<{ Resources: { userName: string }[] }>('GET', '/workspaces/demo/resources?type=User')).body.Resources;
      expect(listed.map((user) => user.userName)).toEqual(['through.tunnel@example.com']);
    } finally {
      await api('POST', '/tunnel/stop');
    }
    expect((await api<WorkspaceConnectionResponse>('GET', '/workspaces/demo/connection')).body.publicScimBaseUrl).toBeUndefined();
  });

  it('answers 404 for an unknown workspace and 400 for a name too long to be one', async () => {
    expect(await api('GET', '/workspaces/nowhere/connection')).toMatchObject({ status: 404, body: { error: 'No workspace named "nowhere".' } });
    expect((await api('GET', `/workspaces/${'a'.repeat(65)}/connection`)).status).toBe(400);
  });
});
