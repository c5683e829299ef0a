import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProxyConfigResponse } from '../../../../src/shared/proxy';
import type { ResourceListResponse, ResourceVersionEntry } from '../../../../src/shared/admin-api';
import { startEngine, type RunningEngine } from '../../../../src/engine/engine';
import { tempDir } from '../../../support/cli';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/** Proxy mode of a workspace through the admin API (what the Connection view sends), and SCIM traffic following it. */
const dir = tempDir();
let engine: RunningEngine;
let upstream: ScimTestServer;
beforeAll(async () => {
  upstream = await startScimServer();
  engine = await startEngine({ dbPath: join(dir.path, 'proxy-api.db'), port: 0 });
  engine.workbench.workspaces.create('app');
});
afterAll(async () => {
  await engine?.close();
  await upstream?.close();
  dir.remove();
});

async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${engine.adminUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${engine.adminToken}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

const scim = async (path: string) => {
  const workspace = engine.workbench.workspaces.find('app')!;
  const response = await fetch(`${new URL(engine.scimBaseUrl).origin}/w/app/scim/v2${path}`, { headers: { authorization: `Bearer ${workspace.token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('/workspaces/:slug/proxy', () => {
  it('makes a workspace a proxy of the upstream, never serving the secret back, and local again', async () => {
    expect((await api<ProxyConfigResponse>('GET', '/workspaces/app/proxy')).body).toEqual({ kind: 'local', secretStored: false });
    await upstream.request('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'only-upstream@example.com' });

    const set = await api<ProxyConfigResponse>('PUT', '/workspaces/app/proxy', {
      upstream: upstream.baseUrl,
      auth: { mode: 'bearer', secret: upstream.token },
      timeoutMs: 8000,
    });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({
      kind: 'proxy',
      proxy: { upstream: upstream.baseUrl, auth: { mode: 'bearer' }, insecureTls: false, connectTimeoutMs: 5000, timeoutMs: 8000, observeAfterWrite: false },
      secretStored: true,
    });
    expect(JSON.stringify(set.body)).not.toContain(upstream.token);
    expect(JSON.stringify((await api('GET', '/workspaces/app/settings')).body)).not.toContain(upstream.token);

    const proxied = await scim('/Users?filter=userName%20eq%20%22only-upstream%40example.com%22');
    expect(proxied.status).toBe(200);
    expect(proxied.body.totalResults).toBe(1);

    // The secret is kept when the same mode is configured again without it.
    const again = await api<ProxyConfigResponse>('PUT', '/workspaces/app/proxy', {
      upstream: upstream.baseUrl,
      auth: { mode: 'bearer' },
      observeAfterWrite: true,
    });
    expect(again.body.secretStored).toBe(true);
    expect((await scim('/Users?count=1')).status).toBe(200);

    // A change that leaves auth out keeps it: it used to fall back to pass-through, dropping the
    // upstream's secret and sending the IdP's credentials (this workspace's token) upstream instead.
    const timeoutOnly = await api<ProxyConfigResponse>('PUT', '/workspaces/app/proxy', { upstream: upstream.baseUrl, timeoutMs: 9000 });
    expect(timeoutOnly.body).toMatchObject({ proxy: { auth: { mode: 'bearer' }, timeoutMs: 9000 }, secretStored: true });
    expect((await scim('/Users?count=1')).status).toBe(200);

    // The Resources view lists what the upstream's answers showed, with the observed timeline.
    const workspace = engine.workbench.workspaces.find('app')!;
    const created = await fetch(`${new URL(engine.scimBaseUrl).origin}/w/app/scim/v2/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${workspace.token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'observed@example.com' }),
    });
    const id = ((await created.json()) as { id: string }).id;
    await expect
      .poll(async () =>
        (await api<ResourceListResponse>('GET', '/workspaces/app/resources?type=User&q=observed')).body.Resources.map((resource) => resource.id),
      )
      .toEqual([id]);
    const versions = await api<ResourceVersionEntry[]>('GET', `/workspaces/app/resources/${id}/versions`);
    expect(versions.body.map((version) => [version.summary, version.observed])).toEqual([['created · observed', true]]);

    const local = await api<ProxyConfigResponse>('DELETE', '/workspaces/app/proxy');
    expect(local.body).toEqual({ kind: 'local', secretStored: false });
    expect((await scim('/Users?filter=userName%20eq%20%22only-upstream%40example.com%22')).body.totalResults).toBe(0);
  });

  it('warns about an unverified TLS certificate, and refuses what is not valid with the reason, storing nothing', async () => {
    const insecure = await api<ProxyConfigResponse>('PUT', '/workspaces/app/proxy', { upstream: 'https://staging.example.test/scim/v2', insecureTls: true });
    expect(insecure.body.warning).toContain("the upstream's TLS certificate is not verified");
    await api('DELETE', '/workspaces/app/proxy');

    const refusals: [unknown, string][] = [
      [{ upstream: 'not a url' }, 'proxy.upstream'],
      [{ upstream: 'http://user:pw@example.test/scim' }, 'proxy.upstream'],
      [{ upstream: upstream.baseUrl, auth: { mode: 'bearer' } }, 'needs the upstream'],
      [{ upstream: upstream.baseUrl, auth: { mode: 'basic', secret: 'pw' } }, 'proxy.auth.username'],
      [{ upstream: upstream.baseUrl, auth: { mode: 'kerberos' } }, 'proxy.auth.mode'],
      [{ upstream: upstream.baseUrl, timeoutMs: 0 }, 'proxy.timeoutMs'],
      [{ upstream: upstream.baseUrl, other: 1 }, 'other'],
    ];
    for (const [body, reason] of refusals) {
      const refused = await api<{ error: string }>('PUT', '/workspaces/app/proxy', body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error, JSON.stringify(body)).toContain(reason);
    }
    expect((await api('PUT', '/workspaces/nobody/proxy', { upstream: upstream.baseUrl })).status).toBe(404);
    expect((await api<ProxyConfigResponse>('GET', '/workspaces/app/proxy')).body.kind).toBe('local');
  });
});
