import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildAdminServer } from '../../../src/engine/admin/admin-server';
import type { HeldExchange } from '../../../src/shared/faults';
import { URN } from '../../../src/engine/scim/urns';
import { openWorkbench, type Workbench } from '../../../src/engine/workbench';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';
import { adminApi, listenAdmin } from '../../support/admin-api';

// A GET's authentication and queries share one read transaction (WorkspaceStore.readSnapshot) that
// must end with the synchronous part of the request: a read that waits (here at a breakpoint) must
// see what was committed meanwhile, and must not keep the server's connection in a transaction.

let scim: ScimTestServer;
let admin: FastifyInstance;
let adminUrl: string;
/** A second connection to the server's file, as the CLI or a second app instance has. */
let other: Workbench;
const ADMIN_TOKEN = 'read-snapshot-admin-token';
const api = adminApi(() => ({ url: adminUrl, token: ADMIN_TOKEN }));

beforeAll(async () => {
  scim = await startScimServer();
  admin = buildAdminServer({ workbench: scim.app.workbench, token: ADMIN_TOKEN, feedIntervalMs: 20, scimBaseUrl: scim.baseUrl });
  adminUrl = await listenAdmin(admin);
  other = openWorkbench({ dbPath: scim.dbPath });
});
afterAll(async () => {
  other?.close();
  await admin?.close();
  await scim?.close();
});

const user = (userName: string) => ({ schemas: [URN.user], userName });
const lookup = (userName: string) => `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`;

describe('the read transaction of a GET', () => {
  it('is over once the request waits: a held lookup sees a user created meanwhile, and writes go on', async () => {
    const created = await api('POST', '/workspaces/default/faults', {
      name: 'hold lookups',
      match: { methods: ['GET'] },
      action: { kind: 'breakpoint', stage: 'request' },
    });
    expect(created.status, created.text).toBe(201);
    try {
      const pending = scim.request('GET', lookup('late@example.com'));
      let held: HeldExchange[] = [];
      await expect
        .poll(async () => {
          held = (await api<HeldExchange[]>('GET', '/held')).body;
          return held.length;
        })
        .toBe(1);
      expect(scim.app.workbench.db.inTransaction).toBe(false);
      // Through another connection, and through the server's own grouped writes.
      const { token } = other.workspaces.ensureDefault();
      expect(token).toBe(scim.token);
      other.resources.create({ workspaceId: other.workspaces.find('default')!.id, baseUrl: scim.baseUrl }, 'User', user('late@example.com'));
      expect((await scim.request('POST', '/Users', user('during@example.com'))).status).toBe(201);
      expect((await api('POST', `/held/${held[0]!.id}/release`, {})).status).toBe(200);
      const answer = await pending;
      expect(answer.status).toBe(200);
      expect(answer.body.totalResults).toBe(1);
      expect(answer.body.Resources[0].userName).toBe('late@example.com');
    } finally {
      expect((await api('PUT', '/workspaces/default/faults', { scimWorkbenchFaults: 1, rules: [] })).status).toBe(200);
    }
  });

  it('is the same in a workspace with fault rules that do not fire: the lookup is answered inside it', async () => {
    const { resources, db } = scim.app.workbench;
    const seen: boolean[] = [];
    const listJson = resources.listJson;
    // Calls through to the real method; only notes whether the query ran inside the read transaction.
    resources.listJson = (...args) => {
      seen.push(db.inTransaction);
      return listJson.apply(resources, args);
    };
    const rules = [
      {
        name: 'other filters',
        match: { methods: ['GET'], resourceTypes: ['Users'], filter: { contains: 'externalId eq "never"' } },
        action: { kind: 'status', status: 500 },
      },
      { name: 'writes', match: { methods: ['POST', 'PATCH'] }, action: { kind: 'status', status: 503 } },
    ];
    expect((await api('PUT', '/workspaces/default/faults', { scimWorkbenchFaults: 1, rules })).status).toBe(200);
    try {
      const answer = await scim.request('GET', lookup('during@example.com'));
      expect(answer.status).toBe(200);
      expect(answer.body.totalResults).toBe(1);
      expect(seen.pop()).toBe(true);
      // A rule that fires still acts (and the lookup is not answered from the engine).
      expect((await scim.request('POST', '/Users', user('refused@example.com'))).status).toBe(503);
      expect(db.inTransaction).toBe(false);
    } finally {
      resources.listJson = listJson;
      expect((await api('PUT', '/workspaces/default/faults', { scimWorkbenchFaults: 1, rules: [] })).status).toBe(200);
    }
    expect(seen).toEqual([]);
  });

  it('leaves no transaction behind after an answered, a refused and a failed GET', async () => {
    const { db } = scim.app.workbench;
    expect((await scim.request('GET', lookup('during@example.com'))).body.totalResults).toBe(1);
    expect(db.inTransaction).toBe(false);
    expect((await scim.request('GET', '/Users', undefined, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect(db.inTransaction).toBe(false);
    expect((await scim.request('GET', '/Users?filter=userName%20zz%20%22x%22')).status).toBe(400);
    expect((await scim.request('GET', '/Users/no-such-id')).status).toBe(404);
    expect(db.inTransaction).toBe(false);
  });
});

describe('WorkspaceStore.readSnapshot', () => {
  it('ends its transaction when the work throws, and inside another transaction only runs the work', () => {
    const { workspaces, db } = other;
    expect(() =>
      workspaces.readSnapshot(() => {
        expect(db.inTransaction).toBe(true);
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(db.inTransaction).toBe(false);
    db.transaction(() => {
      workspaces.readSnapshot(() => workspaces.find('default'));
      expect(db.inTransaction).toBe(true);
    })();
    expect(db.inTransaction).toBe(false);
  });

  it('finds a token regenerated through another connection before the snapshot began', () => {
    const { workspaces } = other;
    const before = workspaces.readSnapshot(() => workspaces.find('default'))!.token;
    const { token: after } = scim.app.workbench.workspaces.setToken('default');
    expect(after).not.toBe(before);
    expect(workspaces.readSnapshot(() => workspaces.find('default'))!.token).toBe(after);
    // The server's own token is the new one from now on; put the test server's token back for other tests.
    scim.app.workbench.workspaces.setToken('default', scim.token);
  });
});
