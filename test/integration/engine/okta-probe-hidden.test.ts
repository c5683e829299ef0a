import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAdminServer } from '../../../src/engine/admin/admin-server';
import { searchDocument } from '../../../src/engine/search/search-text';
import { MIGRATIONS, migrate } from '../../../src/engine/store/migrations';
import { openWorkbench, type Workbench } from '../../../src/engine/workbench';
import type { ExchangeSearchResponse } from '../../../src/shared/admin-api';
import { searchExchange } from '../../support/search-fixtures';
import { listenAdmin } from '../../support/admin-api';

/**
 * "Hide connection tests" hides Okta's `GET /Users?startIndex=1&count=2` probe in the traffic list,
 * with and without a search typed, and in files recorded before the rule knew it (migration 11).
 */
const ADMIN_TOKEN = 'admin-token-for-probe-tests';
let dir: string;
let workbench: Workbench;
let admin: FastifyInstance;
let adminUrl: string;

const PROBES = ['/scim/v2/Users?startIndex=1&count=2', '/scim/v2/Users?count=2&StartIndex=1'];
const LISTING = '/scim/v2/Users?startIndex=1&count=100';

async function operations(query: Record<string, string | boolean>): Promise<string[]> {
  const params = new URLSearchParams(Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]));
  const response = await fetch(`${adminUrl}/exchanges?${params}&limit=100`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const body = (await response.json()) as ExchangeSearchResponse;
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body.items.map((item) => item.operation);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scim-workbench-okta-probe-'));
  workbench = openWorkbench({ dbPath: join(dir, 'workbench.db'), searchIndexer: { batchBudgetMs: 10_000 } });
  const sessionId = workbench.recordings.currentSessionId();
  const list = { totalResults: 5, Resources: [{}, {}] };
  PROBES.forEach((url, index) =>
    workbench.recordings.insertExchange({
      ...searchExchange({ client: 'okta', method: 'GET', url, status: 200, operation: `Okta probe ${index + 1}`, response: list }),
      sessionId,
    }),
  );
  workbench.recordings.insertExchange({
    ...searchExchange({ client: 'okta', method: 'GET', url: LISTING, status: 200, operation: 'Okta listed users', response: list }),
    sessionId,
  });
  admin = buildAdminServer({ workbench, token: ADMIN_TOKEN, feedIntervalMs: 20 });
  adminUrl = await listenAdmin(admin);
});

afterAll(async () => {
  await admin?.close();
  workbench?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("hiding Okta's count=2 probe", () => {
  it('shows the probes until hidden, then only the real listing, with or without a search', async () => {
    expect(await operations({})).toEqual(['Okta listed users', 'Okta probe 2', 'Okta probe 1']);
    expect(await operations({ hideConnectionTests: true })).toEqual(['Okta listed users']);
    expect(await operations({ q: 'okta', hideConnectionTests: true })).toEqual(['Okta listed users']);
    expect(await operations({ q: 'method:GET path:/Users', hideConnectionTests: true })).toEqual(['Okta listed users']);
    expect(await operations({ q: 'okta' })).toHaveLength(3);
  });
});

describe('migration 11', () => {
  it('flags the count=2 probes of an older file, rewriting those already indexed', async () => {
    const path = join(dir, 'old.db');
    const old = new Database(path);
    migrate(
      old,
      MIGRATIONS.filter((migration) => migration.version <= 10),
    );
    old.prepare("INSERT INTO sessions (name, created) VALUES ('Old', '2026-01-01T00:00:00Z')").run();
    const insert = old.prepare(
      `INSERT INTO exchanges (session_id, workspace, started, duration_ms, client, source, operation, method, url, status, request, response, notes)
       VALUES (1, 'default', '2026-01-01T00:00:00Z', 1, 'okta', 'local', ?, 'GET', ?, 200, ?, ?, '[]')`,
    );
    const indexRow = old.prepare('INSERT INTO exchange_search (rowid, text, op, path, user, notes, facets) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const urls = [PROBES[0]!, LISTING, PROBES[1]!];
    urls.forEach((url, index) => {
      const request = { method: 'GET', url, headers: [], body: null };
      const response = { status: 200, headers: [], body: '{"totalResults":0}' };
      const id = Number(insert.run(`Old ${index + 1}`, url, JSON.stringify(request), JSON.stringify(response)).lastInsertRowid);
      // The first two were indexed by the older release (as no connection test); the third waits for the indexer.
      if (index < 2) {
        const document = searchDocument(
          { sessionId: 1, workspace: 'default', client: 'okta', operation: `Old ${index + 1}`, request, response, notes: [], changes: [] },
          false,
        );
        indexRow.run(id, document.text, document.op, document.path, document.user, document.notes, document.facets);
      }
    });
    old.prepare('UPDATE exchange_search_progress SET indexed_through = 2').run();
    expect(old.prepare('SELECT count(*) FROM exchanges WHERE connection_test = 1').pluck().get()).toBe(0);
    // Migration 11 alone: a later one (16, verdicts) empties the index for the indexer to rebuild.
    migrate(
      old,
      MIGRATIONS.filter((migration) => migration.version <= 11),
    );
    const matchingIn = (db: Database.Database, q: string) =>
      db.prepare('SELECT rowid FROM exchange_search WHERE exchange_search MATCH ? ORDER BY rowid').pluck().all(q);
    expect(old.prepare('SELECT id FROM exchanges WHERE connection_test = 1 ORDER BY id').pluck().all()).toEqual([1, 3]);
    expect(matchingIn(old, 'facets : conntest')).toEqual([1]);
    expect(matchingIn(old, 'text : old')).toEqual([1, 2]);
    old.close();

    const reopened = openWorkbench({ dbPath: path });
    try {
      const db = reopened.db;
      const matching = (q: string) => matchingIn(db, q);
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
      expect(db.prepare('SELECT id FROM exchanges WHERE connection_test = 1 ORDER BY id').pluck().all()).toEqual([1, 3]);
      expect(await reopened.searchIndexer.catchUp()).toBe(true);
      expect(matching('facets : conntest')).toEqual([1, 3]);
      expect(matching('text : old')).toEqual([1, 2, 3]);
    } finally {
      reopened.close();
    }
  });
});
