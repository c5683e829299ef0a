import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewExchange } from '../../../../src/engine/store/recordings';
import { MIGRATIONS, migrate } from '../../../../src/engine/store/migrations';
import { PRUNE_BATCH, RETENTION_AFTER_EXCHANGES } from '../../../../src/engine/recorder/retention';
import { openWorkbench, type Workbench } from '../../../../src/engine/workbench';
import { exportSession } from '../../../../src/engine/recorder/session-export';
import { EXCHANGE_BYTES_SQL } from '../../../../src/engine/store/exchange-bodies';

/**
 * Retention on a real SQLite file: each limit removes a workspace's oldest exchanges and keeps the
 * newest, never another workspace's nor an imported session's, and compaction gives the space back.
 */
const NOW = Date.parse('2026-06-15T12:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const OFF = { days: null, exchanges: null, megabytes: null };

let dir: string;
let dbPath: string;
let workbench: Workbench;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scim-workbench-retention-'));
  dbPath = join(dir, 'workbench.db');
  workbench = openWorkbench({ dbPath, now: () => NOW });
  workbench.workspaces.create('acme');
});
afterEach(() => {
  workbench.close();
  rmSync(dir, { recursive: true, force: true });
});

function exchange(workspace: string, startedAt: string, body = '{}'): Omit<NewExchange, 'sessionId'> {
  return {
    workspace,
    startedAt,
    durationMs: 1,
    client: 'okta',
    source: 'local',
    operation: 'Okta listed users',
    request: { method: 'GET', url: `/w/${workspace}/scim/v2/Users`, headers: [], body: null },
    response: { status: 200, headers: [], body },
    notes: [],
    changes: [],
  };
}

/** Writes `count` exchanges through the store into the live session; returns their ids, oldest first. */
function record(workspace: string, count: number, options: { startedAt?: (index: number) => string; body?: string } = {}): number[] {
  const { recordings } = workbench;
  return recordings.transaction(() =>
    Array.from({ length: count }, (_, index) =>
      recordings.insertExchange({
        ...exchange(workspace, options.startedAt?.(index) ?? new Date(NOW - 1000 + index).toISOString(), options.body),
        sessionId: recordings.currentSessionId(),
      }),
    ),
  );
}

const idsOf = (workspace: string) => workbench.db.prepare('SELECT id FROM exchanges WHERE workspace = ? ORDER BY id').pluck().all(workspace) as number[];
const retain = (workspace: string, limits: Record<string, number | null>) => workbench.workspaces.configure(workspace, { retention: { ...OFF, ...limits } });

describe('retention and a streamed export', () => {
  it('removes nothing while an export of the session is being read, and prunes once it is done', async () => {
    const ids = record('acme', 120);
    retain('acme', { exchanges: 10 });
    const exported = exportSession(workbench.recordings, workbench.recordings.currentSessionId(), 'json', { creatorVersion: 'test', pageSize: 20 });
    let text = '';
    // Half-way through the export (pages of 20), a pass comes.
    for (let page = 0; page < 3; page++) text += (await exported.chunks.next()).value ?? '';
    expect((await workbench.retention.run()).removed).toBe(0);
    for await (const chunk of exported.chunks) text += chunk;
    expect((JSON.parse(text) as { exchanges: unknown[] }).exchanges).toHaveLength(ids.length);
    expect((await workbench.retention.run()).removed).toBe(ids.length - 10);
  });
});

describe('retention by number of exchanges', () => {
  it('removes the oldest beyond the limit, across batches, and keeps the newest', async () => {
    const ids = record('acme', PRUNE_BATCH * 2 + 37);
    retain('acme', { exchanges: 25 });
    const result = await workbench.retention.run();
    expect(result.removed).toBe(ids.length - 25);
    expect(idsOf('acme')).toEqual(ids.slice(-25));
  });

  it("leaves other workspaces' traffic and imported sessions alone", async () => {
    const theirs = record('default', 40);
    const ours = record('acme', 40);
    const imported = workbench.recordings.importSession(
      'From a file',
      Array.from({ length: 30 }, () => exchange('acme', '2020-01-01T00:00:00.000Z')),
    );
    retain('acme', { exchanges: 10, days: 1 });
    retain('default', {});
    await workbench.retention.run();
    expect(idsOf('default')).toEqual(theirs);
    expect(idsOf('acme').filter((id) => ours.includes(id))).toEqual(ours.slice(-10));
    expect(workbench.recordings.session(imported.id)!.exchangeCount).toBe(30);
  });

  it('does nothing while under every limit', async () => {
    const ids = record('acme', 20);
    retain('acme', { exchanges: 20, days: 7, megabytes: 1 });
    expect((await workbench.retention.run()).removed).toBe(0);
    expect(idsOf('acme')).toEqual(ids);
  });
});

describe('retention by age', () => {
  it('removes exchanges older than the limit and keeps the recent ones', async () => {
    const old = record('acme', 30, { startedAt: (index) => new Date(NOW - 10 * DAY + index * 60_000).toISOString() });
    const borderline = record('acme', 1, { startedAt: () => new Date(NOW - 3 * DAY + 60_000).toISOString() });
    const recent = record('acme', 5);
    retain('acme', { days: 3 });
    expect((await workbench.retention.run()).removed).toBe(old.length);
    expect(idsOf('acme')).toEqual([...borderline, ...recent]);
  });
});

describe('retention by size', () => {
  it("removes the oldest until the workspace's exchange data fits, measured per workspace", async () => {
    const body = JSON.stringify({ padding: 'x'.repeat(100_000) });
    const ids = record('acme', 30, { body });
    const theirs = record('default', 30, { body });
    retain('acme', { megabytes: 1 });
    await workbench.retention.run();
    const kept = idsOf('acme');
    // Each exchange holds just over 100 kB: ten fit in a MiB, eleven do not.
    expect(kept).toEqual(ids.slice(-10));
    const stored = workbench.db
      .prepare(`SELECT sum(${EXCHANGE_BYTES_SQL('exchanges')}) FROM exchanges WHERE workspace = 'acme'`)
      .pluck()
      .get() as number;
    expect(stored).toBeLessThanOrEqual(1024 * 1024);
    // The default workspace holds as much but has its own (default) limit: nothing of it went.
    expect(idsOf('default')).toEqual(theirs);
  });
});

describe('pruned exchanges and resource history', () => {
  it('keeps the versions an exchange made, unlinked from it', async () => {
    const { recordings } = workbench;
    const change = { resourceType: 'User' as const, resourceId: 'u1', before: null, after: { userName: 'jane@example.com' } };
    const id = recordings.transaction(() =>
      recordings.insertExchange({ ...exchange('acme', new Date(NOW - 9 * DAY).toISOString()), changes: [change], sessionId: recordings.currentSessionId() }),
    );
    record('acme', 3);
    retain('acme', { days: 7 });
    await workbench.retention.run();
    expect(recordings.exchange(id)).toBeUndefined();
    expect(recordings.versionsOf('acme', 'u1')).toEqual([expect.objectContaining({ exchangeId: null, after: { userName: 'jane@example.com' } })]);
  });
});

describe('exchanges addressed to no existing workspace', () => {
  it('are pruned as one pool under the default workspace limits', async () => {
    const ghosts = [...record('ghost-a', 20), ...record('ghost-b', 20)].sort((a, b) => a - b);
    const acme = record('acme', 20);
    retain('default', { exchanges: 5 });
    retain('acme', {});
    await workbench.retention.run();
    const left = workbench.db.prepare("SELECT id FROM exchanges WHERE workspace LIKE 'ghost-%' ORDER BY id").pluck().all();
    expect(left).toEqual(ghosts.slice(-5));
    expect(idsOf('acme')).toEqual(acme);
  });
});

describe('running totals', () => {
  it('follow inserts, prunes, cleared and deleted sessions', async () => {
    const totals = () =>
      workbench.db
        .prepare("SELECT coalesce(sum(exchanges), 0) AS exchanges, coalesce(sum(bytes), 0) AS bytes FROM exchange_totals WHERE workspace = 'acme'")
        .get();
    const actual = () =>
      workbench.db
        .prepare(`SELECT count(*) AS exchanges, coalesce(sum(${EXCHANGE_BYTES_SQL('exchanges')}), 0) AS bytes FROM exchanges WHERE workspace = 'acme'`)
        .get();
    record('acme', 50);
    expect(totals()).toEqual(actual());
    retain('acme', { exchanges: 20 });
    await workbench.retention.run();
    expect(totals()).toEqual({ ...(actual() as object), exchanges: 20 });
    const first = workbench.recordings.currentSessionId();
    workbench.recordings.startSession('Second');
    record('acme', 7);
    workbench.recordings.clearSession(first);
    expect(totals()).toEqual({ ...(actual() as object), exchanges: 7 });
    workbench.recordings.deleteSession(workbench.recordings.currentSessionId());
    expect(totals()).toEqual({ exchanges: 0, bytes: 0 });
  });

  it('are filled from the exchanges a database already holds when it is upgraded', () => {
    const path = join(dir, 'old.db');
    const old = new Database(path);
    migrate(
      old,
      MIGRATIONS.filter((migration) => migration.version <= 6),
    );
    old.prepare("INSERT INTO sessions (name, created) VALUES ('S', '2026-01-01T00:00:00Z')").run();
    const insert = old.prepare(
      `INSERT INTO exchanges (session_id, workspace, started, duration_ms, client, source, operation, method, url, status, request, response, notes)
       VALUES (1, ?, '2026-01-01T00:00:00Z', 1, 'okta', 'local', 'x', 'GET', '/', 200, '{"a":1}', '{}', '[]')`,
    );
    for (const workspace of ['acme', 'ACME', 'acme', 'other']) insert.run(workspace);
    old.close();
    const upgraded = openWorkbench({ dbPath: path });
    try {
      expect(upgraded.db.prepare('SELECT workspace, exchanges, bytes FROM exchange_totals ORDER BY workspace COLLATE NOCASE').all()).toEqual([
        { workspace: 'acme', exchanges: 3, bytes: 3 * 11 },
        { workspace: 'other', exchanges: 1, bytes: 11 },
      ]);
    } finally {
      upgraded.close();
    }
  });
});

describe('when a pass runs', () => {
  it('is due early once many exchanges have been recorded since the last', async () => {
    const { recorder, retention } = workbench;
    retention.start();
    try {
      expect(retention.isDue()).toBe(false);
      const draft = {
        workspace: 'acme',
        startedAt: new Date(NOW),
        durationMs: 1,
        source: 'local' as const,
        notes: [],
        changes: [],
        request: { method: 'GET', url: '/w/acme/scim/v2/Users', headers: {}, body: null },
        response: { status: 200, headers: {}, body: '{}' },
      };
      recorder.transaction(() => {
        for (let index = 0; index < RETENTION_AFTER_EXCHANGES; index += 1) recorder.record(draft);
      });
      expect(retention.isDue()).toBe(true);
      retain('acme', { exchanges: 100 });
      expect((await retention.run()).removed).toBe(RETENTION_AFTER_EXCHANGES - 100);
      expect(retention.isDue()).toBe(false);
    } finally {
      retention.stop();
    }
  });
});

describe('compaction', () => {
  it('shrinks the file after pruning', async () => {
    record('acme', 400, { body: JSON.stringify({ padding: 'y'.repeat(50_000) }) });
    workbench.db.pragma('wal_checkpoint(TRUNCATE)');
    const before = statSync(dbPath).size;
    expect(before).toBeGreaterThan(20_000_000);
    retain('acme', { exchanges: 10 });
    const result = await workbench.retention.run();
    expect(result).toEqual({ removed: 390, freePages: 0 });
    workbench.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(statSync(dbPath).size).toBeLessThan(before / 10);
  });

  it('turns on incremental vacuum in a small file made before, once, on open', () => {
    const path = join(dir, 'made-before.db');
    const old = new Database(path);
    old.pragma('journal_mode = WAL');
    migrate(
      old,
      MIGRATIONS.filter((migration) => migration.version <= 6),
    );
    expect(old.pragma('auto_vacuum', { simple: true })).toBe(0);
    old.close();
    const reopened = openWorkbench({ dbPath: path });
    try {
      expect(reopened.db.pragma('auto_vacuum', { simple: true })).toBe(2);
    } finally {
      reopened.close();
    }
  });
});
