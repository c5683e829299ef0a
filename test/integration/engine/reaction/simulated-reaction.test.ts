import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../../../../src/engine/simulator/simulator';
import { ReactionService } from '../../../../src/engine/reaction/reaction-service';
import type { RepeatedOperation } from '../../../../src/shared/reaction';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';
import { failFirst, isCreateUser, startFaultingUpstream, type FaultPlan } from '../../../support/faulting-upstream';

/**
 * Real simulator runs against a faulting upstream over 127.0.0.1 in front of a real workbench, and
 * the detector on what was recorded: the loop the chaos lab demonstrates without an IdP tenant.
 */
let server: ScimTestServer;
let upstream: Awaited<ReturnType<typeof startFaultingUpstream>> | undefined;

beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server?.close();
});
afterEach(async () => {
  await upstream?.close();
  upstream = undefined;
});

/** Runs the simulator through a new upstream failing by `plan`, in a fresh live session; returns the run and the session's reaction. */
async function runThrough(
  plan: FaultPlan,
  options: { idp: 'okta' | 'entra' | 'onelogin'; users: number; seed: number; modelRetries?: boolean; retryBackoffScale?: number },
) {
  const { recordings } = server.app.workbench;
  const session = recordings.startSession(`reaction ${options.idp} ${options.seed}`);
  upstream = await startFaultingUpstream(server.origin, recordings, plan);
  const result = await simulate({
    ...options,
    scenario: 'assign-users',
    baseUrl: `${upstream.origin}/scim/v2`,
    auth: { kind: 'bearer', token: server.token },
    retryBackoffScale: 0.02,
    ...options,
  });
  const reaction = await new ReactionService(recordings).session(session.id);
  return { result, reaction, sessionId: session.id };
}

const creates = (operations: RepeatedOperation[]) => operations.filter((operation) => operation.method === 'POST');

describe('the IdP reaction to a faulting upstream, from recorded simulator runs', () => {
  it('Okta: 429 with Retry-After twice, then the create passes — one operation, three attempts, Retry-After honoured, user created', async () => {
    const { result, reaction } = await runThrough(failFirst(2, isCreateUser, 429, 1), { idp: 'okta', users: 1, seed: 41 });
    expect(upstream!.faulted()).toBe(2);
    expect(result).toMatchObject({ failures: [], users: { created: 1 }, reaction: { modelled: true, retries: 2, gaveUp: 0, quarantined: false } });
    expect(reaction.total).toBe(1);
    const [operation] = reaction.operations;
    expect(operation!.attempts.map((attempt) => attempt.status)).toEqual([429, 429, 201]);
    expect(operation!.attempts.map((attempt) => attempt.retryAfterSeconds)).toEqual([1, 1, undefined]);
    for (const interval of operation!.intervalsMs) expect(interval).toBeGreaterThanOrEqual(1000);
    expect(operation).toMatchObject({ client: 'okta', resourceType: 'User', retryAfter: 'honoured', outcome: 'succeeded', modelled: true });
    expect(operation!.resourceIds).toHaveLength(1);
    expect(operation!.sentence).toMatch(
      /^Modelled: Okta retried creating user \S+ 2× at 1(\.\d)? s, 1(\.\d)? s after 429 ×2, .*honouring Retry-After, then created the user\.$/,
    );
    // The retries are recorded as the simulator's model, not a real Okta.
    const retry = server.app.workbench.recordings.exchange(operation!.attempts[2]!.exchangeId)!;
    expect(retry.notes).toContainEqual(
      expect.objectContaining({ kind: 'modelled', code: 'modelledRetry', detail: expect.stringMatching(/^MODELLED: Okta retry 2 of 3 after 429/) }),
    );
  });

  it('Okta: a create that keeps failing 500 is retried with backoff, then given up; the next user is not grouped with it', async () => {
    // Waits of 250 ms, 500 ms, 1 s: long enough that a busy machine's request times cannot hide their growth.
    const { result, reaction } = await runThrough(failFirst(4, isCreateUser, 500), { idp: 'okta', users: 2, seed: 42, retryBackoffScale: 0.25 });
    expect(result.users.created).toBe(1);
    expect(result.reaction).toMatchObject({ retries: 3, gaveUp: 1 });
    const [failed, ...others] = creates(reaction.operations);
    expect(others).toEqual([]);
    expect(failed!.attempts.map((attempt) => attempt.status)).toEqual([500, 500, 500, 500]);
    expect(failed).toMatchObject({ pattern: 'backoff', retryAfter: 'not-sent', outcome: 'gave-up' });
    expect(failed!.sentence).toContain('then gave up');
  });

  it('Entra: persistent 503s on create end in quarantine — nothing more is sent', async () => {
    const { result, reaction } = await runThrough(failFirst(1000, isCreateUser, 503), { idp: 'entra', users: 8, seed: 43 });
    expect(result.reaction).toMatchObject({ quarantined: true, gaveUp: 5 });
    expect(result.notes.join(' ')).toMatch(/Modelled: Entra put the provisioning job in quarantine after 5 operations failed/);
    const operations = creates(reaction.operations);
    expect(operations).toHaveLength(5);
    expect(operations.every((operation) => operation.attempts.length === 3 && operation.client === 'entra')).toBe(true);
    expect(operations.map((operation) => operation.outcome)).toEqual(['gave-up', 'gave-up', 'gave-up', 'gave-up', 'stopped']);
    expect(operations.at(-1)!.sentence).toContain('then sent nothing more (Entra quarantines a provisioning job whose requests keep failing)');
  });

  it('with modelling switched off every request is sent once, and the detector says the IdP did not retry', async () => {
    const { result, reaction } = await runThrough(failFirst(1, isCreateUser, 429, 1), { idp: 'okta', users: 1, seed: 44, modelRetries: false });
    expect(result.reaction).toEqual({ modelled: false, retries: 0, gaveUp: 0, quarantined: false });
    expect(result.failures).toEqual([expect.objectContaining({ status: 429 })]);
    const [operation] = creates(reaction.operations);
    expect(operation).toMatchObject({ modelled: false, attempts: [expect.objectContaining({ status: 429 })] });
    expect(operation!.sentence).toMatch(/^Okta got 429 creating user \S+ and did not retry/);
  });
});
