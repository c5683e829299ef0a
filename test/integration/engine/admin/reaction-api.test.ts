import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../../../../src/engine/engine';
import { simulate } from '../../../../src/engine/simulator/simulator';
import type { ReactionTimeline } from '../../../../src/shared/reaction';
import { tempDir } from '../../../support/cli';
import { adminApi } from '../../../support/admin-api';
import { failFirst, isCreateUser, startFaultingUpstream } from '../../../support/faulting-upstream';

/** The IdP's reaction over the admin API of a real engine, after a simulator run through a faulting upstream. */
const dir = tempDir();
let engine: RunningEngine;
let sessionId: number;
let retriedUserId: string;
let calmUserId: string;

beforeAll(async () => {
  engine = await startEngine({ dbPath: join(dir.path, 'reaction-api.db'), port: 0 });
  const { recordings, workspaces } = engine.workbench;
  sessionId = recordings.startSession('chaos run').id;
  const origin = new URL(engine.scimBaseUrl).origin;
  // The first user's create fails twice with 503; the second passes at once.
  const upstream = await startFaultingUpstream(origin, recordings, failFirst(2, isCreateUser, 503));
  try {
    const result = await simulate({
      idp: 'okta',
      scenario: 'assign-users',
      users: 2,
      seed: 7,
      baseUrl: `${upstream.origin}/scim/v2`,
      auth: { kind: 'bearer', token: workspaces.ensureDefault().token },
      retryBackoffScale: 0.02,
    });
    expect(result.users.created).toBe(2);
  } finally {
    await upstream.close();
  }
  const users = await (await fetch(`${engine.scimBaseUrl}/Users`, { headers: { authorization: `Bearer ${workspaces.ensureDefault().token}` } })).json();
  [retriedUserId, calmUserId] = (users as { Resources: { id: string }[] }).Resources.map((user) => user.id) as [string, string];
});
afterAll(async () => {
  await engine?.close();
  dir.remove();
});

const api = adminApi(() => ({ url: engine.adminUrl, token: engine.adminToken }));

describe('GET /api/sessions/:id/reaction and /api/workspaces/:slug/resources/:id/reaction', () => {
  it("lists the session's repeated operation with its attempts and sentence", async () => {
    const { status, body } = await api<ReactionTimeline>('GET', `/sessions/${sessionId}/reaction`);
    expect(status).toBe(200);
    expect(body.total).toBe(1);
    expect(body.scanned).toBeGreaterThanOrEqual(7);
    const [operation] = body.operations;
    expect(operation).toMatchObject({ client: 'okta', method: 'POST', outcome: 'succeeded', modelled: true, resourceIds: [retriedUserId] });
    expect(operation!.attempts.map((attempt) => attempt.status)).toEqual([503, 503, 201]);
    expect(operation!.sentence).toMatch(/^Modelled: Okta retried creating user \S+ 2× at .* after 503 ×2, .*then created the user\.$/);
  });

  it('gives a resource the operations about it, and none to a resource that was never retried', async () => {
    const retried = await api<ReactionTimeline>('GET', `/workspaces/default/resources/${retriedUserId}/reaction`);
    expect(retried.status).toBe(200);
    expect(retried.body.operations.map((operation) => operation.attempts.length)).toEqual([3]);
    const calm = await api<ReactionTimeline>('GET', `/workspaces/default/resources/${calmUserId}/reaction`);
    expect(calm.body).toMatchObject({ operations: [], total: 0 });
  });

  it('answers a limit, and refuses unknown sessions, workspaces and bad limits with a clear error', async () => {
    expect((await api<ReactionTimeline>('GET', `/sessions/${sessionId}/reaction?limit=1`)).body.operations).toHaveLength(1);
    const missing = await api('GET', '/sessions/99999/reaction');
    expect(missing).toMatchObject({ status: 404, body: { error: 'No session 99999.' } });
    const noWorkspace = await api('GET', `/workspaces/nowhere/resources/${retriedUserId}/reaction`);
    expect(noWorkspace).toMatchObject({ status: 404, body: { error: 'No workspace named "nowhere".' } });
    const badLimit = await api('GET', `/sessions/${sessionId}/reaction?limit=0`);
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error).toMatch(/limit/);
    expect((await fetch(`${engine.adminUrl}/sessions/${sessionId}/reaction`)).status).toBe(401);
  });
});
