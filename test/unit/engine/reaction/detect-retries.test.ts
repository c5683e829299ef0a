import { describe, expect, it } from 'vitest';
import { detectRetries } from '../../../../src/engine/reaction/detect-retries';
import type { ReactionExchange } from '../../../../src/engine/reaction/reaction-exchange';
import type { ClientKind } from '../../../../src/shared/recording';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');
let nextId = 1;

/** One exchange `seconds` after T0. */
function ex(
  seconds: number,
  method: string,
  path: string,
  status: number,
  extra: { body?: unknown; answer?: unknown; retryAfter?: string; client?: ClientKind; workspace?: string; modelled?: string } = {},
): ReactionExchange {
  const answer = extra.answer === undefined ? null : JSON.stringify(extra.answer);
  return {
    id: nextId++,
    startedAt: new Date(T0 + seconds * 1000).toISOString(),
    client: extra.client ?? 'okta',
    workspace: extra.workspace ?? 'default',
    method,
    url: `/scim/v2${path}`,
    status,
    requestBody: extra.body === undefined ? null : JSON.stringify(extra.body),
    responseBody: () => answer,
    ...(extra.retryAfter !== undefined && { retryAfter: extra.retryAfter }),
    ...(extra.modelled !== undefined && { modelled: extra.modelled }),
  };
}

const jane = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'jane@acme.com', active: true };
const john = { ...jane, userName: 'john@acme.com' };
const filterJane = `/Users?filter=${encodeURIComponent('userName eq "jane@acme.com"')}`;

describe('the retry detector', () => {
  it('finds one create tried three times with backoff, ending in a created user', () => {
    const { operations, total } = detectRetries([
      ex(0, 'POST', '/Users', 503, { body: jane }),
      ex(1, 'POST', '/Users', 503, { body: jane }),
      ex(3, 'POST', '/Users', 503, { body: jane }),
      ex(7, 'POST', '/Users', 201, { body: jane, answer: { ...jane, id: 'u-1' } }),
    ]);
    expect(total).toBe(1);
    const [operation] = operations;
    expect(operation).toMatchObject({
      method: 'POST',
      resourceType: 'User',
      subject: 'jane@acme.com',
      pattern: 'backoff',
      outcome: 'succeeded',
      modelled: false,
    });
    expect(operation!.intervalsMs).toEqual([1000, 2000, 4000]);
    expect(operation!.attempts.map((attempt) => attempt.status)).toEqual([503, 503, 503, 201]);
    expect(operation!.resourceIds).toEqual(['u-1']);
    expect(operation!.sentence).toBe('Okta retried creating user jane@acme.com 3× at 1 s, 2 s, 4 s after 503 ×3, backing off, then created the user.');
  });

  it('tells evenly spaced retries from backoff, and sees Retry-After honoured or not', () => {
    const flat = detectRetries([
      ex(0, 'PATCH', '/Users/u-1', 429, { body: { op: 1 }, retryAfter: '2' }),
      ex(2, 'PATCH', '/Users/u-1', 429, { body: { op: 1 }, retryAfter: '2' }),
      ex(4, 'PATCH', '/Users/u-1', 200, { body: { op: 1 } }),
    ]).operations[0]!;
    expect(flat).toMatchObject({ pattern: 'flat', retryAfter: 'honoured', outcome: 'succeeded' });
    const hasty = detectRetries([
      ex(0, 'PATCH', '/Users/u-2', 429, { body: { op: 1 }, retryAfter: '30' }),
      ex(1, 'PATCH', '/Users/u-2', 200, { body: { op: 1 } }),
    ]).operations[0]!;
    expect(hasty).toMatchObject({ pattern: 'single', retryAfter: 'ignored' });
    expect(hasty.sentence).toContain('sooner than Retry-After asked');
  });

  it('does not group two different users, or the same user with another body, into one operation', () => {
    const { operations } = detectRetries([
      ex(0, 'POST', '/Users', 503, { body: jane }),
      ex(1, 'POST', '/Users', 503, { body: john }),
      ex(2, 'POST', '/Users', 503, { body: { ...jane, active: false } }),
    ]);
    expect(operations.map((operation) => operation.attempts.length)).toEqual([1, 1, 1]);
    expect(operations.map((operation) => operation.subject)).toEqual(['jane@acme.com', 'john@acme.com', 'jane@acme.com']);
  });

  it('groups bodies that differ only in key order, and keeps workspaces and clients apart', () => {
    const { operations } = detectRetries([
      ex(0, 'POST', '/Users', 500, { body: { userName: 'a', active: true } }),
      ex(1, 'POST', '/Users', 500, { body: { active: true, userName: 'a' }, workspace: 'other' }),
      ex(2, 'POST', '/Users', 500, { body: { active: true, userName: 'a' }, client: 'entra' }),
      ex(3, 'POST', '/Users', 201, { body: { active: true, userName: 'a' } }),
    ]);
    expect(operations.map((operation) => [operation.workspace, operation.client, operation.attempts.length, operation.outcome])).toEqual([
      ['default', 'okta', 2, 'succeeded'],
      ['other', 'okta', 1, 'stopped'],
      ['default', 'entra', 1, 'stopped'],
    ]);
  });

  it('says the client gave up when it went on to other work without trying again', () => {
    const { operations } = detectRetries([
      ex(0, 'POST', '/Users', 500, { body: jane }),
      ex(1, 'POST', '/Users', 500, { body: jane }),
      ex(2, 'POST', '/Users', 201, { body: john, answer: { ...john, id: 'u-9' } }),
    ]);
    expect(operations).toHaveLength(1);
    expect(operations[0]).toMatchObject({ outcome: 'gave-up', followUps: [] });
    expect(operations[0]!.sentence).toBe('Okta retried creating user jane@acme.com 1× at 1 s after 500 ×2, then gave up.');
  });

  it('follows what the client did after a 409: a lookup by userName, then a PATCH of the id it found', () => {
    const { operations } = detectRetries([
      ex(0, 'POST', '/Users', 409, { body: jane }),
      ex(1, 'GET', filterJane, 200, { answer: { totalResults: 1, Resources: [{ ...jane, id: 'u-1' }] } }),
      ex(2, 'PATCH', '/Users/u-1', 200, { body: { Operations: [{ op: 'replace', value: { active: true } }] } }),
      ex(3, 'PATCH', '/Users/u-other', 200, { body: { Operations: [] } }),
    ]);
    expect(operations).toHaveLength(1);
    const [operation] = operations;
    expect(operation!.outcome).toBe('gave-up');
    expect(operation!.followUps.map((followUp) => [followUp.method, followUp.status])).toEqual([
      ['GET', 200],
      ['PATCH', 200],
    ]);
    expect(operation!.resourceIds).toEqual(['u-1']);
    expect(operation!.sentence).toBe(
      'Okta got 409 creating user jane@acme.com and did not retry; next it looked the user up by userName (200), then updated it with PATCH (200).',
    );
  });

  it('sees Entra stop after repeated 404s, and leaves a single 404 of a lookup out', () => {
    const { operations } = detectRetries([
      ex(0, 'GET', '/Users/gone', 404, { client: 'entra' }),
      ex(60, 'GET', '/Users/gone', 404, { client: 'entra' }),
      ex(180, 'GET', '/Users/gone', 404, { client: 'entra' }),
      ex(200, 'GET', '/Users/elsewhere', 404, { client: 'okta' }),
    ]);
    expect(operations).toHaveLength(1);
    expect(operations[0]).toMatchObject({ client: 'entra', outcome: 'stopped', pattern: 'backoff' });
    expect(operations[0]!.sentence).toBe(
      'Entra retried reading user gone 2× at 1 min, 2 min after 404 ×3, backing off, then sent nothing more (Entra quarantines a provisioning job whose requests keep failing).',
    );
  });

  it('starts a new operation when the same request comes back after the window or after a success', () => {
    const { operations } = detectRetries(
      [
        ex(0, 'GET', filterJane, 503),
        ex(1000, 'GET', filterJane, 503),
        ex(1001, 'GET', filterJane, 200, { answer: { Resources: [] } }),
        ex(1002, 'GET', filterJane, 503),
      ],
      { windowMs: 60_000 },
    );
    expect(operations.map((operation) => operation.attempts.length)).toEqual([1, 2, 1]);
    expect(operations.map((operation) => operation.outcome)).toEqual(['gave-up', 'succeeded', 'stopped']);
  });

  it('takes attempts recorded without their body (a fault answered before reading it) into the create they were for', () => {
    const { operations } = detectRetries([
      ex(0, 'GET', filterJane, 200, { answer: { Resources: [] } }),
      ex(1, 'POST', '/Users', 429, { retryAfter: '1' }),
      ex(2, 'POST', '/Users', 429, { retryAfter: '1' }),
      ex(3, 'POST', '/Users', 201, { body: jane, answer: { ...jane, id: 'u-1' } }),
    ]);
    expect(operations).toHaveLength(1);
    expect(operations[0]).toMatchObject({ subject: 'jane@acme.com', outcome: 'succeeded', retryAfter: 'honoured', resourceIds: ['u-1'] });
    expect(operations[0]!.attempts.map((attempt) => attempt.status)).toEqual([429, 429, 201]);
  });

  it('does not give a body-less failed create to the next user the client went on to', () => {
    const filterJohn = `/Users?filter=${encodeURIComponent('userName eq "john@acme.com"')}`;
    const { operations } = detectRetries([
      ex(0, 'GET', filterJane, 200, { answer: { Resources: [] } }),
      ex(1, 'POST', '/Users', 503),
      ex(2, 'GET', filterJohn, 200, { answer: { Resources: [] } }),
      ex(3, 'POST', '/Users', 201, { body: john, answer: { ...john, id: 'u-2' } }),
    ]);
    expect(operations).toHaveLength(1);
    expect(operations[0]).toMatchObject({ subject: 'jane@acme.com', outcome: 'gave-up', attempts: [expect.objectContaining({ status: 503 })] });
  });

  it('marks operations the simulator modelled', () => {
    const { operations } = detectRetries([ex(0, 'DELETE', '/Users/u-1', 503), ex(1, 'DELETE', '/Users/u-1', 204, { modelled: 'Okta retry 1 of 3 after 503' })]);
    expect(operations[0]).toMatchObject({ modelled: true, outcome: 'succeeded' });
    expect(operations[0]!.attempts[1]!.modelled).toBe('Okta retry 1 of 3 after 503');
    expect(operations[0]!.sentence).toMatch(/^Modelled: Okta retried deleting user u-1 1× at 1 s after 503, then deleted the user\.$/);
  });

  it('reads a long session in one pass (each exchange a few map look-ups)', () => {
    const exchanges: ReactionExchange[] = [];
    for (let index = 0; index < 20_000; index += 1) {
      const body = { userName: `user${index}@acme.com` };
      exchanges.push(ex(index, 'POST', '/Users', index % 10 === 0 ? 503 : 201, { body }));
      if (index % 10 === 0) exchanges.push(ex(index + 0.5, 'POST', '/Users', 201, { body }));
    }
    const timeline = detectRetries(exchanges, { limit: 10 });
    expect(timeline.scanned).toBe(22_000);
    expect(timeline.total).toBe(2_000);
    expect(timeline.operations).toHaveLength(10);
    expect(timeline.operations.every((operation) => operation.outcome === 'succeeded' && operation.attempts.length === 2)).toBe(true);
  });
});
