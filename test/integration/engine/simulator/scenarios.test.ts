import { getEventListeners } from 'node:events';
import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakePeople } from '../../../../src/engine/simulator/fake-people';
import { IDPS, type IdpName } from '../../../../src/engine/simulator/idp-dialects';
import { simulate, type ScenarioName } from '../../../../src/engine/simulator/simulator';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/**
 * Each built-in scenario of each IdP against a running workbench over HTTP, asserting the data it
 * leaves there — and that the workbench answers every request the way the IdP expects.
 */
const SEED = 42;
const USERS = 6;
let server: ScimTestServer;
beforeEach(async () => {
  server = await startScimServer();
});
afterEach(async () => {
  await server.close();
});

const run = (idp: IdpName, scenario: ScenarioName) =>
  simulate({ idp, scenario, users: USERS, seed: SEED, baseUrl: server.baseUrl, auth: { kind: 'bearer', token: server.token } });
const users = async () => (await server.request('GET', '/Users?count=100')).body.Resources as { userName: string; active: boolean; title?: string }[];
const groups = async () => (await server.request('GET', '/Groups?count=100')).body.Resources as { displayName: string; members?: { value: string }[] }[];
const people = fakePeople(USERS, SEED);

describe('fake people', () => {
  it('are the same for the same seed, different for another, with unique userNames and managers', () => {
    expect(fakePeople(USERS, SEED)).toEqual(people);
    expect(fakePeople(USERS, SEED + 1).map((p) => p.userName)).not.toEqual(people.map((p) => p.userName));
    const many = fakePeople(300, 7);
    expect(new Set(many.map((p) => p.userName)).size).toBe(300);
    expect(many.filter((p) => p.managerIndex !== undefined).every((p) => many[p.managerIndex!]!.department === p.department)).toBe(true);
  });
});

describe.each(IDPS)('%s scenarios', (idp) => {
  it('assign-users creates each person once (a second run finds them)', async () => {
    const first = await run(idp, 'assign-users');
    expect(first).toMatchObject({ failures: [], users: { created: USERS } });
    expect((await users()).map((user) => user.userName).sort()).toEqual(people.map((p) => p.userName).sort());
    const again = await run(idp, 'assign-users');
    expect(again.users.created).toBe(0);
    expect(await users()).toHaveLength(USERS);
  });

  it('update-profiles changes every title', async () => {
    const result = await run(idp, 'update-profiles');
    expect(result).toMatchObject({ failures: [], users: { updated: USERS } });
    expect((await users()).every((user) => user.title?.startsWith('Senior '))).toBe(true);
  });

  it('push-groups pushes SCIM Admins and a group per department with their members', async () => {
    const result = await run(idp, 'push-groups');
    expect(result.failures).toEqual([]);
    const pushed = await groups();
    const departments = new Set(people.map((p) => p.department));
    expect(pushed.map((group) => group.displayName).sort()).toEqual(['SCIM Admins', ...departments].sort());
    expect(pushed.find((group) => group.displayName === 'SCIM Admins')!.members).toHaveLength(2);
  });

  it('rename-group and remove-members', async () => {
    expect((await run(idp, 'rename-group')).failures).toEqual([]);
    expect((await groups()).some((group) => group.displayName === 'SCIM Admins (renamed)')).toBe(true);
    const removed = await run(idp, 'remove-members');
    expect(removed.failures).toEqual([]);
    // The renamed group is not found under its old name: pushed again, as an IdP would.
    const admins = (await groups()).filter((group) => group.displayName === 'SCIM Admins');
    expect(admins[0]!.members ?? []).toHaveLength(1);
  });

  it('deactivate, then reactivate', async () => {
    expect(await run(idp, 'deactivate')).toMatchObject({ failures: [], users: { deactivated: 2 } });
    expect((await users()).filter((user) => user.active === false)).toHaveLength(2);
    expect(await run(idp, 'reactivate')).toMatchObject({ failures: [], users: { reactivated: 2 } });
    expect((await users()).every((user) => user.active !== false)).toBe(true);
  });

  it('update-profiles after a deactivation leaves the deactivated users alone: not updated, not reactivated', async () => {
    expect(await run(idp, 'deactivate')).toMatchObject({ failures: [], users: { deactivated: 2 } });
    const result = await run(idp, 'update-profiles');
    expect(result).toMatchObject({ failures: [], users: { updated: USERS - 2, reactivated: 0 } });
    const inactive = (await users()).filter((user) => user.active === false);
    expect(inactive).toHaveLength(2);
    expect(inactive.every((user) => !user.title?.startsWith('Senior '))).toBe(true);
  });

  it('assign-users after a deactivation reactivates the users it finds deactivated, and says so', async () => {
    await run(idp, 'deactivate');
    expect(await run(idp, 'assign-users')).toMatchObject({ failures: [], users: { created: 0, reactivated: 2 } });
    expect((await users()).every((user) => user.active !== false)).toBe(true);
  });

  it('delete removes a third of the users, or deactivates them where the IdP never deletes', async () => {
    const result = await run(idp, 'delete');
    expect(result.failures).toEqual([]);
    if (idp === 'okta') {
      expect(result.notes[0]).toContain('never deletes users');
      expect((await users()).filter((user) => user.active === false)).toHaveLength(2);
    } else {
      expect(result.users.deleted).toBe(2);
      expect(await users()).toHaveLength(USERS - 2);
    }
  });

  it('full runs every step without a failure', async () => {
    const result = await run(idp, 'full');
    expect(result.failures).toEqual([]);
    expect(result.requests).toBeGreaterThan(USERS * 4);
  });
});

describe('cancel and pace', () => {
  it('stops when cancelled, saying so', async () => {
    const controller = new AbortController();
    const result = await simulate({
      idp: 'okta',
      scenario: 'assign-users',
      users: 20,
      baseUrl: server.baseUrl,
      auth: { kind: 'bearer', token: server.token },
      onRequest: (sent) => {
        if (sent.method === 'POST' && sent.status === 201) controller.abort();
      },
      signal: controller.signal,
    });
    expect(result.cancelled).toBe(true);
    expect((await users()).length).toBe(1);
  });

  it('throws a clear error when the target cannot be reached', async () => {
    await expect(simulate({ idp: 'entra', scenario: 'assign-users', users: 1, baseUrl: 'http://127.0.0.1:9/scim/v2', auth: { kind: 'none' } })).rejects.toThrow(
      'Cannot reach http://127.0.0.1:9/scim/v2: port 9 is one that fetch refuses to use (a blocked port).',
    );
  });
});

describe('robustness', () => {
  it('leaves no abort listener behind after a paced run', async () => {
    const controller = new AbortController();
    const result = await simulate({
      idp: 'okta',
      scenario: 'assign-users',
      users: 5,
      delayMs: 1,
      baseUrl: server.baseUrl,
      auth: { kind: 'bearer', token: server.token },
      signal: controller.signal,
    });
    expect(result.requests).toBeGreaterThan(10);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('uses numeric ids as ids, and never sends a request for an id it did not get', async () => {
    const app = Fastify();
    const users = new Map<number, Record<string, unknown>>();
    let next = 1;
    const list = (items: Record<string, unknown>[]) => ({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: items.length,
      startIndex: 1,
      itemsPerPage: items.length,
      Resources: items,
    });
    app.addContentTypeParser('application/scim+json', { parseAs: 'string' }, (_request, body, done) => done(null, JSON.parse(body as string)));
    app.get('/Users', async () => list([]));
    // Every third create fails: those people must not be updated later.
    app.post<{ Body: Record<string, unknown> }>('/Users', async (request, reply) => {
      const id = next++;
      if (id % 3 === 0) return reply.code(500).send({ detail: 'boom' });
      users.set(id, { ...request.body, id });
      return reply.code(201).send(users.get(id));
    });
    app.put<{ Params: { id: string }; Body: Record<string, unknown> }>('/Users/:id', async (request, reply) =>
      users.has(Number(request.params.id)) ? { ...request.body, id: Number(request.params.id) } : reply.code(404).send({}),
    );
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const paths: string[] = [];
      const result = await simulate({
        idp: 'okta',
        scenario: 'update-profiles',
        users: 6,
        baseUrl: address.replace('localhost', '127.0.0.1'),
        auth: { kind: 'none' },
        // Each create is sent once: a modelled retry would create the person on its second try.
        modelRetries: false,
        onRequest: (sent) => paths.push(`${sent.method} ${sent.path}`),
      });
      expect(paths.filter((path) => path.includes('undefined'))).toEqual([]);
      expect(paths.filter((path) => path.startsWith('PUT'))).toEqual(['PUT /Users/1', 'PUT /Users/2', 'PUT /Users/4', 'PUT /Users/5']);
      expect(result.failures.map((failure) => failure.status)).toEqual([500, 500]);
      expect(result.users.updated).toBe(4);
    } finally {
      await app.close();
    }
  });
});
