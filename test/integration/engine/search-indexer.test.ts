import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAdminServer } from '../../../src/engine/admin/admin-server';
import { serveFromEventLoop } from '../../../src/engine/store/database';
import { openWorkbench, type Workbench, type WorkbenchOptions } from '../../../src/engine/workbench';
import type { ExchangeSearchResponse, FeedBatch } from '../../../src/shared/admin-api';
import { searchExchange } from '../../support/search-fixtures';
import { readEventStream } from '../../support/event-stream';
import { listenAdmin } from '../../support/admin-api';

/**
 * The search index is written by a background indexer, in batches, behind the recorder: these
 * check that no exchange is ever lost or shown twice on the way — across a restart, rows of another
 * process, the live feed during a burst, a search while rows wait, and deletions of rows not indexed.
 * The indexer is driven by its own methods (catchUp, indexBatch) or its timer, never by sleeping.
 */
const ADMIN_TOKEN = 'admin-token-for-indexer-tests';
let dir: string;
let path: string;
const open: { close(): unknown }[] = [];
let admin: FastifyInstance | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scim-workbench-indexer-'));
  path = join(dir, 'workbench.db');
});

afterEach(async () => {
  await admin?.close();
  admin = undefined;
  for (const item of open.splice(0).reverse()) item.close();
  rmSync(dir, { recursive: true, force: true });
});

function workbenchOn(options: Partial<WorkbenchOptions> = {}): Workbench {
  const workbench = openWorkbench({ dbPath: path, ...options });
  open.push(workbench);
  return workbench;
}

/** Records `count` exchanges in one transaction (as a recorder batch or an import does); `operation(n)` names each. */
function record(workbench: Workbench, count: number, operation: (n: number) => string, sessionId = workbench.recordings.currentSessionId()): number[] {
  return workbench.recordings.transaction(() =>
    Array.from({ length: count }, (_, n) =>
      workbench.recordings.insertExchange({
        ...searchExchange({ client: 'okta', method: 'GET', url: `/scim/v2/Users/u-${n}`, status: 200, operation: operation(n) }),
        sessionId,
      }),
    ),
  );
}

const indexed = (workbench: Workbench, match: string) =>
  workbench.db.prepare('SELECT rowid FROM exchange_search WHERE exchange_search MATCH ? ORDER BY rowid').pluck().all(match) as number[];

async function adminFor(workbench: Workbench, feedIntervalMs = 10): Promise<string> {
  admin = buildAdminServer({ workbench, token: ADMIN_TOKEN, feedIntervalMs });
  return await listenAdmin(admin);
}

async function search(adminUrl: string, query: Record<string, string | number | boolean>): Promise<ExchangeSearchResponse> {
  const params = new URLSearchParams(Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]));
  const response = await fetch(`${adminUrl}/exchanges?${params}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const body = (await response.json()) as ExchangeSearchResponse;
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body;
}

describe('the search indexer', () => {
  it('indexes nothing on the request path, and resumes from its mark after a restart', async () => {
    // A batch of exactly four rows: the time budget (10 ms, which a loaded machine can use up on one
    // row) is not what this test is about.
    const first = workbenchOn({ searchIndexer: { maxBatchRows: 4, batchBudgetMs: 60_000 } });
    const ids = record(first, 10, (n) => `Okta read resumed user ${n}`);
    expect(indexed(first, 'facets : any')).toEqual([]);
    expect(first.searchIndexer.indexBatch()).toBe(true);
    expect(first.searchIndexer.indexedThrough()).toBe(ids[3]);
    first.close();

    const second = workbenchOn();
    expect(second.searchIndexer.indexedThrough()).toBe(ids[3]);
    expect(second.searchIndexer.pending()).toBe(6);
    expect(await second.searchIndexer.catchUp()).toBe(true);
    // Each exactly once: the first four were not indexed again.
    expect(indexed(second, 'text : resumed')).toEqual(ids);
    expect(second.searchIndexer.indexedThrough()).toBe(ids.at(-1));
  });

  it('indexes, on its own timer, the exchanges another process writes', async () => {
    const serving = workbenchOn({ searchIndexer: { tickMs: 10 } });
    const adminUrl = await adminFor(serving);
    serving.searchIndexer.start();
    // Another connection to the file: `scim-workbench import` while `serve` runs.
    const cli = openWorkbench({ dbPath: path });
    const session = cli.recordings.importSession(
      'Imported',
      Array.from({ length: 5 }, (_, n) =>
        searchExchange({ client: 'entra', method: 'POST', url: '/scim/v2/Users', status: 201, operation: `Entra created elsewhere user ${n}` }),
      ),
    );
    cli.close();
    await expect.poll(() => serving.searchIndexer.pending()).toBe(0);
    const found = await search(adminUrl, { q: 'elsewhere' });
    expect(found).toMatchObject({ total: 5, indexing: 0 });
    expect(found.items.every((item) => item.sessionId === session.id)).toBe(true);
  });

  it('stops with the workbench: no batch after close', async () => {
    const workbench = workbenchOn({ searchIndexer: { tickMs: 5 } });
    workbench.searchIndexer.start();
    workbench.close();
    expect(workbench.searchIndexer.indexBatch()).toBe(false);
    expect(await workbench.searchIndexer.catchUp()).toBe(true);
  });
});

describe('the live feed with a search of the index', () => {
  it('delivers each matching exchange of a burst exactly once, while the indexer is behind', async () => {
    // Batches of 7: most polls find rows recorded but not indexed yet.
    const workbench = workbenchOn({ searchIndexer: { maxBatchRows: 7 } });
    const adminUrl = await adminFor(workbench, 5);
    const controller = new AbortController();
    const response = await fetch(`${adminUrl}/feed?${new URLSearchParams({ q: 'wanted', token: ADMIN_TOKEN })}`, { signal: controller.signal });
    const feed = readEventStream(response);
    await feed.next('ready');

    const wanted: number[] = [];
    for (let burst = 0; burst < 3; burst += 1) {
      const ids = record(workbench, 100, (n) => (n % 3 === 0 ? `Okta read wanted user ${burst}-${n}` : `Okta read other user ${burst}-${n}`));
      wanted.push(...ids.filter((_, n) => n % 3 === 0));
    }
    const ids = (batches: string[]) => batches.flatMap((batch) => (JSON.parse(batch) as FeedBatch).items.map((item) => item.id));
    const delivered = ids(await feed.eventsUntil('exchanges', (batches) => ids(batches).length >= wanted.length));
    controller.abort();
    expect(delivered).toEqual(wanted);
  });
});

describe('a search while exchanges wait to be indexed', () => {
  it('indexes a small backlog first, so the answer is exact', async () => {
    const workbench = workbenchOn();
    const adminUrl = await adminFor(workbench);
    const ids = record(workbench, 40, (n) => `Okta read ${n % 2 ? 'odd' : 'even'} user ${n}`);
    expect(workbench.searchIndexer.pending()).toBe(40);
    const odd = await search(adminUrl, { q: 'odd', limit: 1000 });
    expect(odd).toMatchObject({ total: 20, indexing: 0 });
    expect(odd.items.map((item) => item.id)).toEqual(ids.filter((_, n) => n % 2).reverse());
  });

  it('says how many exchanges of its scope it has not reached when the index cannot be brought up to date, and lists the scope exactly', async () => {
    const workbench = workbenchOn();
    // As the SCIM listener sets it: a locked file makes a write give up at once instead of waiting on the event loop.
    serveFromEventLoop(workbench.db);
    const adminUrl = await adminFor(workbench);
    const live = workbench.recordings.currentSessionId();
    const before = record(workbench, 3, (n) => `Okta read early backlog user ${n}`);
    await workbench.searchIndexer.catchUp();
    const other = workbench.recordings.startSession('Other', 'live').id;
    const waiting = [
      ...record(workbench, 4, (n) => `Okta read late backlog user ${n}`, live),
      ...record(workbench, 2, (n) => `Okta read elsewhere user ${n}`, other),
    ];
    const probe = workbench.recordings.insertExchange({
      ...searchExchange({ client: 'okta', method: 'GET', url: '/scim/v2/Users?startIndex=1&count=1', status: 200, operation: 'Okta listed users' }),
      sessionId: live,
    });

    // Another process holds the write lock (a long import): the indexer cannot write.
    const holder = new Database(path);
    open.push(holder);
    holder.exec('BEGIN IMMEDIATE');
    try {
      expect(await search(adminUrl, { q: 'backlog' })).toMatchObject({
        total: 3,
        indexing: 7,
        items: [...before].reverse().map((id) => expect.objectContaining({ id })),
      });
      expect(await search(adminUrl, { q: 'backlog', session: live })).toMatchObject({ total: 3, indexing: 5 });
      expect(await search(adminUrl, { q: 'backlog', session: live, hideConnectionTests: true })).toMatchObject({ total: 3, indexing: 4 });
      // A scope alone reads the exchanges: exact at once, the connection test hidden by its flag.
      const scoped = await search(adminUrl, { session: live, hideConnectionTests: true, limit: 1000 });
      expect(scoped).toMatchObject({ total: 7, indexing: 0 });
      expect(scoped.items.map((item) => item.id)).toEqual([...before, ...waiting.slice(0, 4)].reverse());
      expect((await search(adminUrl, { session: live })).total).toBe(8);
      expect((await search(adminUrl, { workspace: 'DEFAULT' })).total).toBe(10);
    } finally {
      holder.exec('COMMIT');
    }
    expect(await search(adminUrl, { q: 'backlog' })).toMatchObject({ total: 7, indexing: 0 });
    expect(probe).toBeGreaterThan(0);
  });
});

describe('deleted exchanges', () => {
  it('never shows an exchange deleted before it was indexed', async () => {
    const workbench = workbenchOn();
    const adminUrl = await adminFor(workbench);
    const ids = record(workbench, 3, (n) => `Okta read ghost user ${n}`);
    // The delete trigger removes a row the index does not hold yet: harmless.
    workbench.db.prepare('DELETE FROM exchanges WHERE id = ?').run(ids[1]);
    expect(await workbench.searchIndexer.catchUp()).toBe(true);
    const found = await search(adminUrl, { q: 'ghost' });
    expect(found).toMatchObject({ total: 2, indexing: 0 });
    expect(found.items.map((item) => item.id)).toEqual([ids[2], ids[0]]);
    expect(indexed(workbench, 'facets : any')).toEqual([ids[0], ids[2]]);
    workbench.db.exec("INSERT INTO exchange_search (exchange_search) VALUES ('integrity-check')");
  });

  it('indexes the new exchanges that take the ids of deleted ones', async () => {
    const workbench = workbenchOn();
    const ids = record(workbench, 3, (n) => `Okta read first user ${n}`);
    await workbench.searchIndexer.catchUp();
    workbench.db.prepare('DELETE FROM exchanges WHERE id >= ?').run(ids[1]);
    expect(workbench.searchIndexer.indexedThrough()).toBe(ids[0]);
    // SQLite gives the next row max(id) + 1: the deleted newest ids come again.
    const [again] = record(workbench, 1, () => 'Okta read second user');
    expect(again).toBe(ids[1]);
    await workbench.searchIndexer.catchUp();
    expect(indexed(workbench, 'text : second')).toEqual([again]);
    expect(indexed(workbench, 'text : first')).toEqual([ids[0]]);
  });
});
