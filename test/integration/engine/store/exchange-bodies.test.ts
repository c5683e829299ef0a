import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../../../src/engine/store/migrations';
import { openWorkbench, type Workbench } from '../../../../src/engine/workbench';
import { RecordedExchanges } from '../../../../src/engine/reaction/recorded-exchanges';
import { EXCHANGE_BYTES_SQL } from '../../../../src/engine/store/exchange-bodies';
import type { RecordedExchange } from '../../../../src/shared/recording';

/**
 * Bodies stored raw in columns of their own (migration 15) beside rows written before, whose bodies
 * are inside the request/response JSON: every reader gets the same exchange from both.
 */
const dir = mkdtempSync(join(tmpdir(), 'exchange-bodies-'));
const path = join(dir, 'recordings.db');
let workbench: Workbench;
afterAll(() => {
  workbench?.close();
  rmSync(dir, { recursive: true, force: true });
});

// Quotes, a backslash, a newline, non-ASCII and an astral character: what escaping would change.
const awkwardText = 'Zoë "the \\ admin"\nline two 𝒳';
const oldRequest = {
  method: 'POST',
  url: '/scim/v2/Users',
  headers: [['content-type', 'application/scim+json']],
  body: JSON.stringify({ userName: awkwardText }),
};
const oldResponse = { status: 201, headers: [['etag', 'W/"1"']], body: JSON.stringify({ id: 'old-1', userName: awkwardText, nickName: 'oldneedle' }) };

beforeAll(() => {
  const old = new Database(path);
  migrate(
    old,
    MIGRATIONS.filter((migration) => migration.version <= 14),
  );
  old.prepare("INSERT INTO sessions (name, created) VALUES ('Old', '2026-01-01T00:00:00Z')").run();
  old
    .prepare(
      `INSERT INTO exchanges (session_id, workspace, started, duration_ms, client, source, operation, method, url, status, request, response, notes)
       VALUES (1, 'default', '2026-01-01T00:00:00Z', 1, 'okta', 'local', 'Created a user', 'POST', '/scim/v2/Users', 201, ?, ?, '[]')`,
    )
    .run(JSON.stringify(oldRequest), JSON.stringify(oldResponse));
  old.close();
  workbench = openWorkbench({ dbPath: path });
});

function newExchange(body: string | null, responseBody: string | null): Omit<RecordedExchange, 'id'> {
  return {
    sessionId: 1,
    workspace: 'default',
    startedAt: '2026-01-02T00:00:00.000Z',
    durationMs: 2,
    client: 'entra',
    source: 'local',
    operation: 'Updated a user',
    request: { method: 'PATCH', url: '/scim/v2/Users/new-1', headers: [['content-type', 'application/scim+json']], body },
    response: { status: 200, headers: [['content-type', 'application/scim+json']], body: responseBody },
    notes: [],
    changes: [],
  };
}

describe('exchange bodies stored apart', () => {
  it('stores a new exchange’s bodies raw, outside the JSON columns, and reads the exchange back unchanged', () => {
    const written = newExchange(
      JSON.stringify({ Operations: [{ op: 'replace', value: { displayName: awkwardText } }] }),
      `{"id":"new-1","note":${JSON.stringify(awkwardText)}}`,
    );
    const id = workbench.recordings.insertExchange(written);
    const row = workbench.db.prepare('SELECT request, response, request_body, response_body FROM exchanges WHERE id = ?').get(id) as {
      request: string;
      response: string;
      request_body: string | null;
      response_body: string | null;
    };
    expect(row.request_body).toBe(written.request.body);
    expect(row.response_body).toBe(written.response.body);
    expect(JSON.parse(row.request)).toEqual({ ...written.request, body: null });
    expect(JSON.parse(row.response)).toEqual({ ...written.response, body: null });
    expect(workbench.recordings.exchange(id)).toMatchObject({ request: written.request, response: written.response });
  });

  it('keeps a null body null, and reads an exchange written before the bodies moved with its bodies', () => {
    const id = workbench.recordings.insertExchange(newExchange(null, null));
    expect(workbench.recordings.exchange(id)).toMatchObject({ request: { body: null }, response: { body: null } });
    expect(workbench.recordings.exchange(1)).toMatchObject({ request: oldRequest, response: oldResponse });
  });

  it('gives an export the same JSON text for old and new rows as serialising the exchange would', () => {
    workbench.recordings.insertExchange(newExchange('{"a":"b \\"c\\""}', awkwardText));
    const through = workbench.recordings.lastExchangeId();
    const texts = workbench.recordings.sessionExchangeTextPage(1, 0, through, 100);
    expect(texts.length).toBeGreaterThanOrEqual(4);
    for (const text of texts) {
      const exchange = workbench.recordings.exchange(text.id)!;
      expect(text.requestJson).toBe(JSON.stringify(exchange.request));
      expect(text.responseJson).toBe(JSON.stringify(exchange.response));
    }
  });

  it('finds words of both kinds of body: the text filter, the search index and the retry detector', async () => {
    const id = workbench.recordings.insertExchange(newExchange('{"displayName":"newneedle"}', '{"id":"x","displayName":"newneedle"}'));
    const byText = (text: string) =>
      workbench.recordings
        .listExchanges({ text })
        .items.map((item) => item.id)
        .sort((a, b) => a - b);
    expect(byText('oldneedle')).toEqual([1]);
    expect(byText('newneedle')).toEqual([id]);

    expect(await workbench.searchIndexer.catchUp()).toBe(true);
    const matching = (word: string) => workbench.db.prepare('SELECT rowid FROM exchange_search WHERE exchange_search MATCH ?').pluck().all(`text : "${word}"`);
    expect(matching('oldneedle')).toEqual([1]);
    expect(matching('newneedle')).toEqual([id]);

    const read = [...new RecordedExchanges(workbench.recordings).ofSession(1)];
    const old = read.find((exchange) => exchange.id === 1)!;
    const fresh = read.find((exchange) => exchange.id === id)!;
    expect([old.requestBody, old.responseBody()]).toEqual([oldRequest.body, oldResponse.body]);
    expect([fresh.requestBody, fresh.responseBody()]).toEqual(['{"displayName":"newneedle"}', '{"id":"x","displayName":"newneedle"}']);
  });

  it('counts the bodies in the running totals, for rows of both kinds, as they come and go', () => {
    const totals = () => workbench.db.prepare("SELECT exchanges, bytes FROM exchange_totals WHERE workspace = 'default'").get();
    const actual = () =>
      workbench.db.prepare(`SELECT count(*) AS exchanges, sum(${EXCHANGE_BYTES_SQL('exchanges')}) AS bytes FROM exchanges WHERE workspace = 'default'`).get();
    const big = 'x'.repeat(10_000);
    const id = workbench.recordings.insertExchange(newExchange(big, big));
    expect((totals() as { bytes: number }).bytes).toBeGreaterThan(20_000);
    expect(totals()).toEqual(actual());
    // A fault rule's answer recorded over the engine's (RecordingStore.amendExchange): the body column changes.
    workbench.recordings.amendExchange(
      id,
      { status: 503, headers: [], body: 'y'.repeat(30_000) },
      { ruleId: 1, ruleName: 'Fail creates', action: 'status', summary: 'answered 503' },
    );
    expect((totals() as { bytes: number }).bytes).toBeGreaterThan(40_000);
    expect(totals()).toEqual(actual());
    workbench.db.prepare('DELETE FROM exchanges WHERE id IN (1, ?)').run(id);
    expect(totals()).toEqual(actual());
    expect((totals() as { bytes: number }).bytes).toBeLessThan(20_000);
  });
});
