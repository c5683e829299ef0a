import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

/**
 * IdPs retry and parallelise: Okta and Entra both send overlapping requests for the same
 * user. Uniqueness is the database's to enforce, so racing requests cannot both win.
 */

let server: ScimTestServer;
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server.close();
});

const PARALLEL = 20;

const statusCounts = (statuses: number[]) =>
  statuses.reduce<Record<number, number>>((counts, status) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {});

describe('concurrent creation of the same user', () => {
  it('accepts exactly one of 20 simultaneous POSTs and refuses the other 19 with 409', async () => {
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, () => server.request('POST', '/Users', { schemas: [URN.user], userName: 'racer@example.com' })),
    );
    expect(statusCounts(responses.map((response) => response.status))).toEqual({ 201: 1, 409: PARALLEL - 1 });
    for (const refused of responses.filter((response) => response.status === 409)) {
      expect(refused.body).toMatchObject({ schemas: [URN.error], status: '409', scimType: 'uniqueness' });
    }
  });

  it('stores that user once', async () => {
    const response = await server.request('GET', `/Users?filter=${encodeURIComponent('userName eq "racer@example.com"')}`);
    expect(response.body.totalResults).toBe(1);
  });

  it('treats userNames differing only in case as the same user under concurrency', async () => {
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, index) =>
        server.request('POST', '/Users', {
          schemas: [URN.user],
          userName: index % 2 === 0 ? 'Case.Racer@Example.com' : 'case.racer@example.com',
        }),
      ),
    );
    expect(statusCounts(responses.map((response) => response.status))).toEqual({ 201: 1, 409: PARALLEL - 1 });
  });
});

describe('concurrent membership changes to one group', () => {
  it('keeps every member added by 20 simultaneous PATCH requests', async () => {
    const users = await Promise.all(
      Array.from({ length: PARALLEL }, async (_, index) => {
        const response = await server.request('POST', '/Users', { schemas: [URN.user], userName: `member${index}@example.com` });
        return response.body.id as string;
      }),
    );
    const group = (await server.request('POST', '/Groups', { schemas: [URN.group], displayName: 'Busy group' })).body;
    const responses = await Promise.all(
      users.map((id) =>
        server.request('PATCH', `/Groups/${group.id}`, {
          schemas: [URN.patchOp],
          Operations: [{ op: 'add', path: 'members', value: [{ value: id }] }],
        }),
      ),
    );
    // Group PATCH answers 204 (see resources/patch-response.ts).
    expect(responses.map((response) => response.status)).toEqual(users.map(() => 204));
    const members = (await server.request('GET', `/Groups/${group.id}`)).body.members as { value: string }[];
    expect(members.map((member) => member.value).sort()).toEqual([...users].sort());
  });
});
