import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED } from '../../../../src/shared/recording';
import { URN } from '../../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/** Every SCIM exchange is recorded with the versions it wrote; secrets never reach the recording. */
let server: ScimTestServer;
const recordings = () => server.app.workbench.recordings;
const latest = () => recordings().exchange(recordings().listExchanges({ limit: 1 }).items[0]!.id)!;

beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server.close();
});

describe('a successful create', () => {
  it('is recorded with request, response, redacted secrets and the version it made', async () => {
    const created = await server.request(
      'POST',
      '/Users',
      { schemas: [URN.user], userName: 'rec.jane@example.com', password: 'Secret-1', name: { givenName: 'Jane' } },
      { 'user-agent': 'Okta SCIM Client 1.0.0' },
    );
    expect(created.status).toBe(201);
    const exchange = latest();
    expect(exchange).toMatchObject({ workspace: 'default', source: 'local', request: { method: 'POST', url: '/scim/v2/Users' }, response: { status: 201 } });
    expect(exchange.request.headers).toContainEqual(['authorization', `Bearer ${REDACTED}`]);
    expect(JSON.stringify(exchange)).not.toContain(server.token);
    expect(JSON.parse(exchange.request.body!).password).toBe(REDACTED);
    expect(JSON.parse(exchange.response.body!)).toEqual(created.body);
    expect(exchange.response.headers).toContainEqual(['location', created.body.meta.location]);
    expect(exchange.changes).toEqual([
      { resourceType: 'User', resourceId: created.body.id, before: null, after: expect.objectContaining({ userName: 'rec.jane@example.com' }) },
    ]);
    expect(exchange.durationMs).toBeGreaterThan(0);
    expect(exchange.operation.length).toBeGreaterThan(0);
  });
});

describe('a failed write', () => {
  it('is recorded with its error and no version, and the data is unchanged', async () => {
    const conflict = await server.request('POST', '/Users', { schemas: [URN.user], userName: 'REC.JANE@example.com' });
    expect(conflict.status).toBe(409);
    const exchange = latest();
    expect(exchange.response.status).toBe(409);
    expect(JSON.parse(exchange.response.body!).scimType).toBe('uniqueness');
    expect(exchange.changes).toEqual([]);
  });

  it('a wrong token is recorded as a 401 of the workspace it addressed, in summary (no Authorization header kept)', async () => {
    const refused = await server.request('GET', '/Users', undefined, { authorization: 'Bearer not-the-token' });
    expect(refused.status).toBe(401);
    const exchange = latest();
    expect(exchange).toMatchObject({ workspace: 'default', response: { status: 401, body: null } });
    expect(exchange.request.headers.map(([name]) => name)).toEqual(['user-agent']);
  });
});

describe('group membership and a resource timeline', () => {
  it('records members added and removed, and every version of the group in order', async () => {
    const [a, b] = await Promise.all(
      ['rec.a@example.com', 'rec.b@example.com'].map(
        async (userName) => (await server.request('POST', '/Users', { schemas: [URN.user], userName })).body.id as string,
      ),
    );
    const group = (await server.request('POST', '/Groups', { schemas: [URN.group], displayName: 'Recorded', members: [{ value: a }] })).body;
    await server.request('PATCH', `/Groups/${group.id}`, {
      schemas: [URN.patchOp],
      Operations: [
        { op: 'add', path: 'members', value: [{ value: b }] },
        { op: 'remove', path: `members[value eq "${a}"]` },
      ],
    });
    const patch = latest();
    expect(patch.response.status).toBe(204);
    expect(patch.response.body).toBeNull();
    expect(patch.changes).toEqual([expect.objectContaining({ resourceType: 'Group', resourceId: group.id, membersAdded: [b], membersRemoved: [a] })]);

    await server.request('DELETE', `/Groups/${group.id}`);
    const timeline = recordings().versionsOf('default', group.id);
    expect(timeline.map((version) => [version.before === null, version.after === null])).toEqual([
      [true, false],
      [false, false],
      [false, true],
    ]);
    expect(timeline[0]!.membersAdded).toEqual([a]);
    expect(timeline.every((version) => version.exchangeId !== null)).toBe(true);
  });
});

describe('the text of a recorded version', () => {
  it("is the resource's stored document before and after each write, byte for byte", async () => {
    const db = server.app.workbench.db;
    const stored = (id: string) => db.prepare('SELECT document FROM resources WHERE id = ?').pluck().get(id) as string;
    const versionTexts = (id: string) =>
      db.prepare('SELECT before, after FROM resource_versions WHERE resource_id = ? ORDER BY id').all(id) as { before: string | null; after: string | null }[];
    const user = (await server.request('POST', '/Users', { schemas: [URN.user], userName: 'rec.text@example.com', name: { givenName: 'Ünï' } })).body;
    const created = stored(user.id);
    await server.request('PATCH', `/Users/${user.id}`, { schemas: [URN.patchOp], Operations: [{ op: 'replace', value: { active: false, title: 'x"y' } }] });
    const patched = stored(user.id);
    await server.request('PUT', `/Users/${user.id}`, { schemas: [URN.user], userName: 'rec.text@example.com', displayName: 'Put' });
    const replaced = stored(user.id);
    await server.request('DELETE', `/Users/${user.id}`);
    expect(new Set([created, patched, replaced]).size).toBe(3);
    expect(versionTexts(user.id)).toEqual([
      { before: null, after: created },
      { before: created, after: patched },
      { before: patched, after: replaced },
      { before: replaced, after: null },
    ]);
  });
});

describe('listing exchanges', () => {
  it('filters by method, status class, resource, text and paginates by cursor, newest first', async () => {
    const user = (await server.request('POST', '/Users', { schemas: [URN.user], userName: 'rec.list@example.com' })).body;
    await server.request('GET', `/Users/${user.id}`);
    await server.request('GET', '/Users/no-such-user');
    await server.request('PATCH', `/Users/${user.id}`, { schemas: [URN.patchOp], Operations: [{ op: 'replace', path: 'displayName', value: 'Listed' }] });

    const notFound = recordings().listExchanges({ status: '4xx', text: 'no-such-user' }).items;
    expect(notFound.map((e) => [e.request.method, e.response.status])).toEqual([['GET', 404]]);
    const touching = recordings().listExchanges({ resourceId: user.id }).items;
    expect(touching.map((e) => e.request.method)).toEqual(['PATCH', 'POST']);
    const patches = recordings().listExchanges({ method: 'patch' }).items;
    expect(patches.every((e) => e.request.method === 'PATCH')).toBe(true);

    const first = recordings().listExchanges({ limit: 2 });
    const second = recordings().listExchanges({ limit: 2, before: first.nextCursor! });
    expect(first.items).toHaveLength(2);
    expect(first.items[0]!.id).toBeGreaterThan(first.items[1]!.id);
    expect(second.items[0]!.id).toBeLessThan(first.items[1]!.id);
  });

  it('marks requests that came through a tunnel (forwarding headers) with source tunnel', async () => {
    await server.request('GET', '/Users?count=1', undefined, { 'x-forwarded-for': '203.0.113.9' });
    expect(latest().source).toBe('tunnel');
  });
});

describe('sessions', () => {
  it('a new session receives the next exchanges; clear and delete remove exchanges but keep resource history', async () => {
    const before = recordings().currentSessionId();
    const session = recordings().startSession('Okta import');
    expect(session.id).toBeGreaterThan(before);
    const user = (await server.request('POST', '/Users', { schemas: [URN.user], userName: 'rec.session@example.com' })).body;
    expect(latest().sessionId).toBe(session.id);
    expect(recordings().session(session.id)!.exchangeCount).toBe(1);
    expect(recordings().renameSession(session.id, 'Renamed')).toBe(true);
    expect(recordings().sessions()[0]).toMatchObject({ id: session.id, name: 'Renamed' });

    expect(recordings().clearSession(session.id)).toBe(1);
    expect(recordings().versionsOf('default', user.id)).toEqual([expect.objectContaining({ exchangeId: null, before: null })]);
    expect(recordings().deleteSession(session.id)).toBe(true);
    expect(recordings().session(session.id)).toBeUndefined();
  });
});
