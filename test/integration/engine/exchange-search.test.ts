import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAdminServer } from '../../../src/engine/admin/admin-server';
import { MIGRATIONS, migrate } from '../../../src/engine/store/migrations';
import { openWorkbench, type Workbench } from '../../../src/engine/workbench';
import { FEED_BATCH_LIMIT, type ExchangeSearchResponse, type FeedBatch } from '../../../src/shared/admin-api';
import { notFound, recordSearchFixtures, searchExchange as exchange } from '../../support/search-fixtures';
import { readEventStream } from '../../support/event-stream';
import { listenAdmin } from '../../support/admin-api';

/**
 * The traffic list's search end to end below the UI: exchanges recorded into a real SQLite file,
 * searched through the admin API (so on the search worker's own connection), each form of the
 * search language returning exactly the rows it should.
 */
const ADMIN_TOKEN = 'admin-token-for-search-tests';
let dir: string;
let workbench: Workbench;
let admin: FastifyInstance;
let adminUrl: string;
/** Fixture name → exchange id. */
const ids: Record<string, number> = {};
let demoSession: number;
let liveSession: number;

const json = (value: unknown) => JSON.stringify(value);

async function search(query: Record<string, string | number | boolean>): Promise<ExchangeSearchResponse> {
  const params = new URLSearchParams(Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]));
  const response = await fetch(`${adminUrl}/exchanges?${params}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const body = (await response.json()) as ExchangeSearchResponse;
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body;
}

/** The fixture names a search finds, newest first, after checking the total agrees. */
async function found(q: string, scope: Record<string, string | number | boolean> = {}): Promise<string[]> {
  const result = await search({ q, ...scope, limit: 1000 });
  expect(result.total).toBe(result.items.length);
  const names = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
  return result.items.map((item) => names[item.id] ?? `#${item.id}`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scim-workbench-search-'));
  // One batch of the indexer (which the feed asks for before each poll) takes in a whole burst here,
  // so a poll sees it whole, as the batching tests below expect; search-indexer.test.ts covers polls
  // that see a burst in parts.
  workbench = openWorkbench({ dbPath: join(dir, 'workbench.db'), searchIndexer: { batchBudgetMs: 10_000 } });
  const fixtures = recordSearchFixtures(workbench.recordings);
  Object.assign(ids, fixtures.ids);
  demoSession = fixtures.demoSession;
  liveSession = fixtures.liveSession;

  admin = buildAdminServer({ workbench, token: ADMIN_TOKEN, feedIntervalMs: 20 });
  adminUrl = await listenAdmin(admin);
});

afterAll(async () => {
  await admin?.close();
  workbench?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the search language on the server', () => {
  it('ANDs words, and quotes make a phrase', async () => {
    expect(await found('jane doe')).toEqual(['janeByName', 'deactivate']);
    expect(await found('"jane doe"')).toEqual(['deactivate']);
    expect(await found('jane')).toEqual(['janeByName', 'entraGroupJane', 'lookup', 'deactivate', 'groupJane']);
  });

  it("finds the README's example, each typed term narrowing", async () => {
    expect(await found('status:4xx method:PATCH client:okta path:/Groups user:jane')).toEqual(['groupJane']);
    expect(await found('status:4xx method:PATCH path:/Groups user:jane')).toEqual(['entraGroupJane', 'groupJane']);
    expect(await found('status:4xx method:PATCH client:okta path:/Groups')).toEqual(['groupBob', 'groupJane']);
  });

  it('reads each typed term', async () => {
    expect(await found('status:404')).toEqual(['entraGroupJane', 'groupBob', 'groupJane']);
    expect(await found('has:error')).toEqual(['entraGroupJane', 'groupBob', 'groupJane']);
    expect(await found('status:201')).toEqual(['janeByName', 'jose', 'entraCreate']);
    expect(await found('method:patch')).toEqual(['entraGroupJane', 'groupBob', 'deactivate', 'groupJane']);
    expect(await found('client:entra')).toEqual(['entraGroupJane', 'entraCreate', 'lookup']);
    expect(await found('path:/Groups')).toEqual(['entraGroupJane', 'groupBob', 'groupJane']);
    expect(await found('path:/Users/u-1')).toEqual(['deactivate']);
    expect(await found('user:"jane doe"')).toEqual(['janeByName', 'deactivate']);
    expect(await found('user:john')).toEqual(['entraCreate']);
    expect(await found('workspace:demo')).toEqual(['demo']);
    expect(await found(`session:${demoSession}`)).toEqual(['demo']);
    expect(await found('has:changes')).toEqual(['deactivate']);
    expect(await found('has:notes')).toEqual(['deactivate']);
  });

  it('searches the operation text, by op: and as free text', async () => {
    expect(await found('op:deactivated')).toEqual(['deactivate']);
    expect(await found('deactivated')).toEqual(['deactivate']);
    expect(await found('op:created okta')).toEqual(['janeByName', 'jose']);
  });

  it('searches bodies as they read, not as stored: quoted JSON, any case, without accents', async () => {
    expect(await found('"active":false')).toEqual(['entraCreate', 'deactivate']);
    expect(await found('"False"')).toEqual(['entraCreate', 'deactivate']);
    expect(await found('jose')).toEqual(['jose']);
    expect(await found('NÚÑEZ')).toEqual(['jose']);
  });

  it('searches the query string decoded', async () => {
    expect(await found('userName eq "jane"')).toEqual(['lookup']);
    expect(await found('"userName eq jane"')).toEqual(['lookup']);
  });

  it('filters on notes, by code or kind:code', async () => {
    expect(await found('note:capitalisedOp')).toEqual(['deactivate']);
    expect(await found('note:normalised:capitalisedOp')).toEqual(['deactivate']);
    expect(await found('note:violation')).toEqual([]);
  });

  it('takes the scope and hides connection tests beside the search', async () => {
    expect(await found('', { workspace: 'DEMO' })).toEqual(['demo']);
    expect(await found('okta', { session: demoSession })).toEqual(['demo']);
    expect((await search({})).total).toBe(10);
    const withoutProbe = await search({ hideConnectionTests: true, limit: 1000 });
    expect(withoutProbe.total).toBe(9);
    expect(withoutProbe.items.map((item) => item.id)).not.toContain(ids.probe);
    expect(await found('okta listed')).toEqual(['probe']);
    expect(await found('okta listed', { hideConnectionTests: true })).toEqual([]);
  });

  it('answers slim rows with notes and the connection-test flag, paged by cursor or offset with the total', async () => {
    const first = await search({ q: 'okta', limit: 2 });
    expect(first.total).toBe(7);
    expect(first.items.map((item) => item.id)).toEqual([ids.demo, ids.janeByName]);
    const next = await search({ q: 'okta', limit: 2, cursor: first.nextCursor! });
    expect(next.items.map((item) => item.id)).toEqual([ids.jose, ids.groupBob]);
    expect((await search({ q: 'okta', limit: 2, offset: 2 })).items).toEqual(next.items);
    const deactivate = (await search({ q: 'op:deactivated' })).items[0]!;
    expect(deactivate).toEqual({
      id: ids.deactivate,
      sessionId: expect.any(Number),
      workspace: 'default',
      startedAt: '2026-11-23T05:00:00.000Z',
      durationMs: 2,
      client: 'okta',
      source: 'local',
      operation: 'Okta deactivated user jane@acme.com',
      method: 'PATCH',
      url: '/scim/v2/Users/u-1',
      status: 200,
      notes: ['normalised:capitalisedOp'],
      connectionTest: false,
      // The verdict's counts: test/integration/engine/verdicts.
      verdicts: expect.any(Object),
    });
    expect((await search({ q: 'okta listed' })).items[0]!.connectionTest).toBe(true);
  });

  it('still takes the older parameters, each the same as a typed term', async () => {
    expect((await search({ method: 'PATCH', status: '4xx', client: 'okta' })).items.map((item) => item.id)).toEqual([ids.groupBob, ids.groupJane]);
    expect((await search({ operation: 'deactivated' })).items.map((item) => item.id)).toEqual([ids.deactivate]);
    expect((await search({ resource: 'u-1', q: 'okta' })).items.map((item) => item.id)).toEqual([ids.deactivate]);
  });

  it('leaves out typed terms it cannot read, and no input makes the query fail', async () => {
    expect(await found('status:abc client:foo user: jane doe')).toEqual(['janeByName', 'deactivate']);
    for (const q of [
      '*',
      'NEAR(',
      'NEAR(jane doe, 2)',
      '^jane',
      '-jane',
      '"',
      '""',
      '"jane',
      'jane"',
      'a AND OR NOT b',
      'jane*',
      '{text}: jane',
      'text:jane',
      ':',
      '(((',
      'x'.repeat(500),
    ]) {
      await search({ q });
    }
    expect(await found('-jane')).toEqual(await found('jane'));
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 60, unit: fc.constantFrom('"', '*', '^', '-', '(', ')', ':', ' ', 'a', 'N', 'E', 'A', 'R', 'é', '{', '}', '+', '\\', "'") }),
        async (q) => {
          await search({ q });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('sends live rows only when they match the same search', async () => {
    const controller = new AbortController();
    const response = await fetch(`${adminUrl}/feed?${new URLSearchParams({ q: 'user:jane status:4xx', token: ADMIN_TOKEN })}`, { signal: controller.signal });
    const feed = readEventStream(response);
    await feed.next('ready');
    const session = liveSession;
    const other = workbench.recordings.insertExchange({
      ...exchange({
        client: 'okta',
        method: 'GET',
        url: '/scim/v2/Users/u-7',
        status: 404,
        operation: 'Okta read user bob@acme.com',
        response: notFound('u-7'),
      }),
      sessionId: session,
    });
    const match = workbench.recordings.insertExchange({
      ...exchange({
        client: 'okta',
        method: 'GET',
        url: '/scim/v2/Users/u-8',
        status: 404,
        operation: 'Okta read user jane.roe@acme.com',
        response: notFound('u-8'),
      }),
      sessionId: session,
    });
    const batch = JSON.parse(await feed.next('exchanges')) as FeedBatch;
    expect(batch).toEqual({ items: [expect.objectContaining({ id: match, status: 404, url: '/scim/v2/Users/u-8' })], skipped: 0 });
    expect(batch.items.map((item) => item.id)).not.toContain(other);
    controller.abort();
    // Gone from the index with their rows.
    workbench.recordings.connection.prepare('DELETE FROM exchanges WHERE id IN (?, ?)').run(other, match);
    expect(await found('jane.roe')).toEqual([]);
  });

  it('sends only the matching rows of a burst that fits in one batch', async () => {
    const controller = new AbortController();
    const response = await fetch(`${adminUrl}/feed?${new URLSearchParams({ q: 'burst', token: ADMIN_TOKEN })}`, { signal: controller.signal });
    const feed = readEventStream(response);
    await feed.next('ready');
    const inserted = workbench.recordings.transaction(() =>
      Array.from({ length: FEED_BATCH_LIMIT + 30 }, (_, n) =>
        workbench.recordings.insertExchange({
          ...exchange({
            client: 'okta',
            method: 'GET',
            url: `/scim/v2/Users/b-${n}`,
            status: 200,
            operation: n % 2 ? `Okta read burst user ${n}` : `Okta read other user ${n}`,
          }),
          sessionId: liveSession,
        }),
      ),
    );
    const batch = JSON.parse(await feed.next('exchanges')) as FeedBatch;
    controller.abort();
    expect(batch.items).toHaveLength(115);
    expect(batch.skipped).toBe(0);
    expect(batch.items.every((item) => item.operation.includes('burst'))).toBe(true);
    const all = await search({ q: 'burst', limit: 1 });
    expect(all.total).toBe(115);
    workbench.recordings.connection.prepare('DELETE FROM exchanges WHERE id >= ?').run(inserted[0]);
  });

  it('skips what does not fit in one batch, counting only matches', async () => {
    const controller = new AbortController();
    const response = await fetch(`${adminUrl}/feed?${new URLSearchParams({ q: 'flood', token: ADMIN_TOKEN })}`, { signal: controller.signal });
    const feed = readEventStream(response);
    await feed.next('ready');
    const inserted = workbench.recordings.transaction(() =>
      Array.from({ length: 2 * FEED_BATCH_LIMIT + 50 }, (_, n) =>
        workbench.recordings.insertExchange({
          ...exchange({
            client: 'okta',
            method: 'GET',
            url: `/scim/v2/Users/f-${n}`,
            status: 200,
            operation: n < 10 ? `Okta read other user ${n}` : `Okta read flood user ${n}`,
          }),
          sessionId: liveSession,
        }),
      ),
    );
    const batch = JSON.parse(await feed.next('exchanges')) as FeedBatch;
    controller.abort();
    expect(batch.items).toHaveLength(FEED_BATCH_LIMIT);
    expect(batch.skipped).toBe(2 * FEED_BATCH_LIMIT + 40 - FEED_BATCH_LIMIT);
    workbench.recordings.connection.prepare('DELETE FROM exchanges WHERE id >= ?').run(inserted[0]);
  });

  it('forgets the exchanges of a deleted session', async () => {
    expect(await found('demo.user')).toEqual(['demo']);
    workbench.recordings.deleteSession(demoSession);
    expect(await found('demo.user')).toEqual([]);
    expect(await found('workspace:demo')).toEqual([]);
  });
});

describe('migration 9', () => {
  it('flags the connection tests among the exchanges recorded before it, and leaves them to the indexer', async () => {
    const path = join(dir, 'old.db');
    const old = new Database(path);
    migrate(
      old,
      MIGRATIONS.filter((migration) => migration.version <= 7),
    );
    old.prepare("INSERT INTO sessions (name, created) VALUES ('Old', '2026-01-01T00:00:00Z')").run();
    const insert = old.prepare(
      `INSERT INTO exchanges (session_id, workspace, started, duration_ms, client, source, operation, method, url, status, request, response, notes)
       VALUES (1, 'default', '2026-01-01T00:00:00Z', 1, 'okta', 'local', ?, 'GET', ?, 200, ?, ?, '[]')`,
    );
    insert.run(
      'Okta deactivated user old.jane@acme.com',
      '/scim/v2/Users/u-1',
      json({ method: 'GET', url: '/scim/v2/Users/u-1', headers: [], body: null }),
      json({ status: 200, headers: [], body: json({ userName: 'old.jane@acme.com', active: false }) }),
    );
    insert.run(
      'Okta listed users',
      '/scim/v2/Users?startIndex=1&count=1',
      json({ method: 'GET', url: '/scim/v2/Users?startIndex=1&count=1', headers: [], body: null }),
      json({ status: 200, headers: [], body: '{"totalResults":0}' }),
    );
    // A row in no expected shape does not stop the upgrade: it is indexed by what can be read.
    old
      .prepare(
        `INSERT INTO exchanges (session_id, workspace, started, duration_ms, client, source, operation, method, url, status, request, response, notes)
       VALUES (1, 'default', '2026-01-01T00:00:00Z', 1, 'other', 'local', 'Odd row', 'GET', '/odd', 500, '{"a":1}', 'not json', '{}')`,
      )
      .run();
    // Entra's probe is told by its answer: a random GUID looked up and no user found.
    const probe = `/scim/v2/Users?filter=${encodeURIComponent('userName eq "0b5a4e0c-1f7a-4c57-9d1e-3c2b1a0f9e8d"')}`;
    insert.run(
      'Entra looked up a GUID',
      probe,
      json({ method: 'GET', url: probe, headers: [], body: null }),
      json({ status: 200, headers: [], body: '{"totalResults":0,"Resources":[]}' }),
    );
    insert.run(
      'Entra looked up a GUID',
      probe,
      json({ method: 'GET', url: probe, headers: [], body: null }),
      json({ status: 200, headers: [], body: '{"totalResults":1,"Resources":[{}]}' }),
    );
    old.close();

    const reopened = openWorkbench({ dbPath: path });
    try {
      const db = reopened.db;
      const matching = (q: string) => db.prepare('SELECT rowid FROM exchange_search WHERE exchange_search MATCH ? ORDER BY rowid').pluck().all(q);
      expect(db.prepare('SELECT id FROM exchanges WHERE connection_test = 1').pluck().all()).toEqual([2, 4]);
      // Opening indexes nothing: the indexer catches up in the background, from the start.
      expect(matching('facets : any')).toEqual([]);
      expect(reopened.searchIndexer.indexedThrough()).toBe(0);
      expect(reopened.searchIndexer.pending()).toBe(5);
      expect(await reopened.searchIndexer.catchUp()).toBe(true);
      expect(matching('text : "active false"')).toEqual([1]);
      expect(matching('user : "old jane"')).toEqual([1]);
      expect(db.prepare('SELECT id FROM exchanges WHERE connection_test = 1').pluck().all()).toEqual([2, 4]);
      expect(matching('text : "odd row" AND facets : "haserror"')).toEqual([3]);
      expect(matching('facets : conntest')).toEqual([2, 4]);
    } finally {
      reopened.close();
    }
  });
});
