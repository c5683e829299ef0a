import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { searchDocument } from '../../../../src/engine/search/search-text';
import { facetToken } from '../../../../src/engine/search/search-text';
import { MIGRATIONS, migrate } from '../../../../src/engine/store/migrations';
import { openWorkbench } from '../../../../src/engine/workbench';

/**
 * Exchanges recorded before verdicts (migration 14): opening the file judges none of them at once;
 * the detail judges one on demand, and the search indexer, which migration 14 sends through every
 * exchange again, judges the rest and indexes their verdict terms.
 */
const dir = mkdtempSync(join(tmpdir(), 'verdict-backfill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('judges the exchanges of an older file in the background, and one on demand before that', async () => {
  const path = join(dir, 'old.db');
  const old = new Database(path);
  migrate(
    old,
    MIGRATIONS.filter((migration) => migration.version < 14),
  );
  old.prepare("INSERT INTO sessions (name, created) VALUES ('Old', '2026-01-01T00:00:00Z')").run();
  const insert = old.prepare(
    `INSERT INTO exchanges (session_id, workspace, started, duration_ms, client, source, operation, method, url, status, request, response, notes)
     VALUES (1, 'default', '2026-01-01T00:00:00Z', 1, 'okta', 'local', ?, ?, ?, ?, ?, ?, '[]')`,
  );
  const scimJson: [string, string][] = [['content-type', 'application/scim+json']];
  const user = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'old@example.com', meta: { resourceType: 'User' } };
  const exchanges = [
    // Okta's create answered 200 without an id.
    { method: 'POST', url: '/scim/v2/Users', status: 200, requestBody: JSON.stringify(user), body: JSON.stringify(user) },
    {
      method: 'GET',
      url: '/scim/v2/Users?startIndex=1&count=1',
      status: 200,
      requestBody: null,
      body: '{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"startIndex":1,"itemsPerPage":0,"Resources":[]}',
    },
    { method: 'POST', url: '/scim/v2/Users', status: 200, requestBody: JSON.stringify(user), body: JSON.stringify(user) },
  ];
  const indexRow = old.prepare('INSERT INTO exchange_search (rowid, text, op, path, user, notes, facets) VALUES (?, ?, ?, ?, ?, ?, ?)');
  exchanges.forEach((exchange, index) => {
    const request = { method: exchange.method, url: exchange.url, headers: [], body: exchange.requestBody };
    const response = { status: exchange.status, headers: scimJson, body: exchange.body };
    const id = Number(
      insert.run(`Old ${index + 1}`, exchange.method, exchange.url, exchange.status, JSON.stringify(request), JSON.stringify(response)).lastInsertRowid,
    );
    const document = searchDocument(
      { sessionId: 1, workspace: 'default', client: 'okta', operation: `Old ${index + 1}`, request, response, notes: [], changes: [] },
      false,
    );
    indexRow.run(id, document.text, document.op, document.path, document.user, document.notes, document.facets);
  });
  old.prepare('UPDATE exchange_search_progress SET indexed_through = 3').run();
  old.close();

  const reopened = openWorkbench({ dbPath: path });
  try {
    const db = reopened.db;
    const stored = () => db.prepare('SELECT exchange_id FROM exchange_verdicts ORDER BY exchange_id').pluck().all();
    const matching = (token: string) =>
      db.prepare('SELECT rowid FROM exchange_search WHERE exchange_search MATCH ? ORDER BY rowid').pluck().all(`facets : "${token}"`);
    // Opening judged nothing; the index waits to be rebuilt.
    expect(stored()).toEqual([]);
    expect(db.prepare('SELECT indexed_through FROM exchange_search_progress').pluck().get()).toBe(0);

    // The detail of an exchange not judged yet judges it, and keeps the verdict.
    expect(
      reopened.recordings
        .verdicts(3)!
        .map((finding) => finding.id)
        .sort(),
    ).toEqual(['okta.create-id', 'rfc.create-status', 'rfc.resource-id']);
    expect(stored()).toEqual([3]);

    expect(await reopened.searchIndexer.catchUp()).toBe(true);
    expect(stored()).toEqual([1, 2, 3]);
    expect(reopened.recordings.verdicts(2)).toEqual([]);
    expect(matching(facetToken.has('verdict'))).toEqual([1, 3]);
    expect(matching(facetToken.verdict('okta.create-id'))).toEqual([1, 3]);
    expect(matching(facetToken.verdict('error'))).toEqual([1, 3]);
    expect(matching('any')).toEqual([1, 2, 3]);
  } finally {
    reopened.close();
  }
});
