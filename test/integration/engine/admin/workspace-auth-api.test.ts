import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceConnectionResponse } from '../../../../src/shared/admin-api';
import type { CheckJobState, SimulationJobState } from '../../../../src/shared/simulator';
import { startEngine, type RunningEngine } from '../../../../src/engine/engine';
import { tempDir } from '../../../support/cli';
import { untilSettled } from '../../../support/admin-api';

/** A workspace's auth mode through the admin API, and the simulator and check using it against that workspace. */
const dir = tempDir();
let engine: RunningEngine;
beforeAll(async () => {
  // The check job's large group is not under test here (large-groups.test.ts builds one of 120): a small one keeps
  // each check to its hundred requests, not 300 creates and deletes.
  engine = await startEngine({ dbPath: join(dir.path, 'auth-api.db'), port: 0, checkLargeGroupSize: 6 });
  engine.workbench.workspaces.create('idp');
});
afterAll(async () => {
  await engine?.close();
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

/** A job's state once it is no longer running; a job still running at the deadline fails the test, naming it. */
const until = <T extends { state: string }>(path: string): Promise<T> => untilSettled(async () => (await api<T>('GET', path)).body, path);

describe('PUT /workspaces/:slug/auth', () => {
  it('changes the mode and its fields, and the connection says so', async () => {
    const changed = await api<WorkspaceConnectionResponse>('PUT', '/workspaces/idp/auth', { mode: 'header', headerName: 'X-Scim-Key' });
    expect(changed.status).toBe(200);
    expect(changed.body.auth).toMatchObject({ mode: 'header', headerName: 'X-Scim-Key', username: 'scim' });
    expect((await api<WorkspaceConnectionResponse>('GET', '/workspaces/idp/connection')).body.auth.mode).toBe('header');
  });

  it('refuses what is not a valid setting, with the reason, and stores nothing', async () => {
    await api('PUT', '/workspaces/idp/auth', { mode: 'bearer' });
    for (const body of [{ mode: 'kerberos' }, { headerName: 'Authorization' }, { username: 'a:b' }, { tokenLifetimeSeconds: 0 }, { other: 1 }, {}]) {
      const refused = await api<{ error: string }>('PUT', '/workspaces/idp/auth', body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error).toEqual(expect.any(String));
    }
    expect((await api<{ error: string }>('PUT', '/workspaces/idp/auth', { headerName: 'Authorization' })).body.error).toContain('auth.headerName');
    expect((await api('PUT', '/workspaces/nobody/auth', { mode: 'basic' })).status).toBe(404);
    expect(engine.workbench.workspaces.find('idp')!.settings.auth.mode).toBe('bearer');
  });
});

describe.each(['basic', 'header', 'oauth'] as const)('against a workspace in %s mode', (mode) => {
  it('the simulator and the check use its mode', async () => {
    await api('PUT', '/workspaces/idp/auth', { mode });
    const simulation = await api<SimulationJobState>('POST', '/simulations', {
      idp: 'okta',
      scenario: 'assign-users',
      users: 2,
      seed: { basic: 3, header: 4, oauth: 5 }[mode],
      target: { kind: 'workspace', workspace: 'idp' },
    });
    const simulated = await until<SimulationJobState>(`/simulations/${simulation.body.id}`);
    expect(simulated.result).toMatchObject({ failures: [], users: { created: 2 } });
    const check = await api<CheckJobState>('POST', '/checks', { idps: ['okta'], target: { kind: 'workspace', workspace: 'idp' } });
    const checked = await until<CheckJobState>(`/checks/${check.body.id}`);
    expect(checked.report).toMatchObject({ failed: 0 });
    expect(JSON.stringify(checked)).not.toContain(engine.workbench.workspaces.find('idp')!.token);
  }, 60_000); // two jobs, each with untilSettled's own deadline
});

describe('another server with OAuth credentials', () => {
  it('asks to confirm a token endpoint that is not this machine, and refuses one that is not a URL', async () => {
    const baseUrl = `${new URL(engine.scimBaseUrl).origin}/w/idp/scim/v2`;
    const remote = await api<{ error: string }>('POST', '/simulations', {
      idp: 'okta',
      scenario: 'full',
      users: 1,
      target: { kind: 'url', baseUrl, auth: { kind: 'oauth', tokenUrl: 'https://idp.example.com/oauth/token', clientId: 'a', clientSecret: 'b' } },
    });
    expect(remote).toMatchObject({ status: 409, body: { error: expect.stringContaining('token endpoint at idp.example.com, which is not this machine') } });
    const broken = await api<{ error: string }>('POST', '/checks', {
      idps: ['okta'],
      target: { kind: 'url', baseUrl, auth: { kind: 'oauth', tokenUrl: 'not a url', clientId: 'a', clientSecret: 'b' } },
    });
    expect(broken).toMatchObject({ status: 400, body: { error: expect.stringContaining('give the token endpoint') } });
  });
});
