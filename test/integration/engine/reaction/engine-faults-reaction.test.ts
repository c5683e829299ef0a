import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../../../../src/engine/engine';
import { simulate } from '../../../../src/engine/simulator/simulator';
import type { FaultRuleInput } from '../../../../src/shared/faults';
import type { ReactionTimeline } from '../../../../src/shared/reaction';
import { adminApi } from '../../../support/admin-api';
import { tempDir } from '../../../support/cli';

/**
 * The whole loop inside one engine: a fault rule of the workspace answers the first two creates 429
 * with Retry-After, the simulator (as Okta, modelled) reacts, and the reaction read back from the
 * recording says so.
 */
const dir = tempDir();
let engine: RunningEngine;
beforeAll(async () => {
  engine = await startEngine({ dbPath: join(dir.path, 'engine-faults-reaction.db'), port: 0 });
});
afterAll(async () => {
  await engine?.close();
  dir.remove();
});

const api = adminApi(() => ({ url: engine.adminUrl, token: engine.adminToken }));

describe('the IdP reaction to the engine’s own fault rules', () => {
  it('Okta (modelled) waits out Retry-After twice and creates the user; the session reaction tells it', async () => {
    const rule: FaultRuleInput = {
      name: 'Rate limited creates',
      match: { methods: ['POST'], resourceTypes: ['Users'], limit: 2 },
      action: { kind: 'status', status: 429, retryAfterSeconds: 1 },
    };
    const created = await api('POST', '/workspaces/default/faults', rule);
    expect(created.status, created.text).toBe(201);
    const session = engine.workbench.recordings.startSession('chaos loop');
    const result = await simulate({
      idp: 'okta',
      scenario: 'assign-users',
      users: 1,
      seed: 77,
      baseUrl: engine.scimBaseUrl,
      auth: { kind: 'bearer', token: engine.workbench.workspaces.ensureDefault().token },
    });
    expect(result).toMatchObject({ failures: [], users: { created: 1 }, reaction: { retries: 2 } });
    const { body } = await api<ReactionTimeline>('GET', `/sessions/${session.id}/reaction`);
    expect(body.total).toBe(1);
    const [operation] = body.operations;
    expect(operation!.attempts.map((attempt) => [attempt.status, attempt.retryAfterSeconds])).toEqual([
      [429, 1],
      [429, 1],
      [201, undefined],
    ]);
    for (const interval of operation!.intervalsMs) expect(interval).toBeGreaterThanOrEqual(1000);
    expect(operation).toMatchObject({ retryAfter: 'honoured', outcome: 'succeeded', modelled: true });
    expect(operation!.sentence).toMatch(/^Modelled: Okta retried creating user \S+ 2× .* after 429 ×2, .*honouring Retry-After, then created the user\.$/);
  });
});
