import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckJobState, SimulationJobState } from '../../../../src/shared/simulator';
import { startEngine, type RunningEngine } from '../../../../src/engine/engine';
import { tempDir } from '../../../support/cli';
import { adminApi, untilSettled } from '../../../support/admin-api';

/** The simulator, demo mode and the conformance check through the admin API of a real engine. */
const dir = tempDir();
let engine: RunningEngine;
beforeAll(async () => {
  // The check job's large group is not under test here (large-groups.test.ts builds one of 120): a small one keeps the
  // check of every IdP to its hundred checks, not 300 creates and deletes.
  engine = await startEngine({ dbPath: join(dir.path, 'sim-api.db'), port: 0, checkLargeGroupSize: 6 });
});
afterAll(async () => {
  await engine?.close();
  dir.remove();
});

const api = adminApi(() => ({ url: engine.adminUrl, token: engine.adminToken }));

const until = <T extends { state: string }>(path: string): Promise<T> => untilSettled(async () => (await api<T>('GET', path)).body, path);

const usersIn = async (slug: string) => {
  const workspace = engine.workbench.workspaces.find(slug)!;
  const path = slug === 'default' ? '/scim/v2' : `/w/${slug}/scim/v2`;
  const response = await fetch(`${new URL(engine.scimBaseUrl).origin}${path}/Users`, { headers: { authorization: `Bearer ${workspace.token}` } });
  return ((await response.json()) as { totalResults: number }).totalResults;
};

describe('demo and simulations', () => {
  it('one click fills the demo workspace through the full scenario', async () => {
    const started = await api<SimulationJobState>('POST', '/demo', { users: 3, delayMs: 0 });
    expect(started.body).toMatchObject({ state: 'running', target: expect.stringMatching(/\/w\/demo\/scim\/v2$/) });
    const done = await until<SimulationJobState>(`/simulations/${started.body.id}`);
    expect(done).toMatchObject({ state: 'done', result: { failures: [], cancelled: false } });
    expect(done.requests).toBeGreaterThan(10);
    expect(await usersIn('demo')).toBe(3);
  });

  it('runs a chosen scenario into a workspace, and cancels a paced one', async () => {
    const started = await api<SimulationJobState>('POST', '/simulations', {
      idp: 'entra',
      scenario: 'assign-users',
      users: 4,
      seed: 9,
      target: { kind: 'workspace', workspace: 'default' },
    });
    expect((await until<SimulationJobState>(`/simulations/${started.body.id}`)).result).toMatchObject({ users: { created: 4 } });
    expect(await usersIn('default')).toBe(4);

    const slow = await api<SimulationJobState>('POST', '/simulations', {
      idp: 'okta',
      scenario: 'assign-users',
      users: 50,
      seed: 10,
      delayMs: 100,
      target: { kind: 'workspace', workspace: 'default' },
    });
    await expect
      .poll(async () => (await api<SimulationJobState>('GET', `/simulations/${slow.body.id}`)).body.requests, { timeout: 20_000 })
      .toBeGreaterThanOrEqual(2);
    await api('POST', `/simulations/${slow.body.id}/cancel`);
    const cancelled = await until<SimulationJobState>(`/simulations/${slow.body.id}`);
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.result!.users.created).toBeLessThan(50);
  });

  it('refuses what it cannot do, with a message', async () => {
    expect(
      (await api('POST', '/simulations', { idp: 'okta', scenario: 'explode', users: 1, target: { kind: 'workspace', workspace: 'default' } })).status,
    ).toBe(400);
    expect((await api('POST', '/simulations', { idp: 'okta', scenario: 'full', users: 1, target: { kind: 'workspace', workspace: 'nope' } })).status).toBe(404);
    const remote = await api<{ error: string }>('POST', '/simulations', {
      idp: 'okta',
      scenario: 'full',
      users: 1,
      target: { kind: 'url', baseUrl: 'https://scim.example.com/v2', auth: { kind: 'none' } },
    });
    expect(remote).toMatchObject({ status: 409, body: { error: expect.stringContaining('not this machine: confirm') } });
    expect((await api('GET', '/simulations/999')).status).toBe(404);
  });
});

describe('conformance check', () => {
  it('checks a workspace for every IdP, with results as they come', async () => {
    const started = await api<CheckJobState>('POST', '/checks', { idps: ['okta', 'entra', 'onelogin'], target: { kind: 'workspace', workspace: 'default' } });
    const done = await until<CheckJobState>(`/checks/${started.body.id}`);
    expect(done.report).toMatchObject({ failed: 0, skipped: 0 });
    expect(done.results.length).toBe(done.total);
    expect(done.results.filter((result) => result.id.startsWith('large-groups.')).map((result) => result.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
    // The large group's members (member-0…): of the size the engine was started with.
    const members = engine.workbench.db
      .prepare(`SELECT count(*) FROM exchanges WHERE method = 'POST' AND url LIKE '%/Users' AND request_body GLOB '*member-[0-9]*' AND status = 201`)
      .pluck()
      .get();
    expect(members).toBe(6);
    expect((await api('POST', '/checks', { idps: [], target: { kind: 'workspace', workspace: 'default' } })).status).toBe(400);
  });
});
