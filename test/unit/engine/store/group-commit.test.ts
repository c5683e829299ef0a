import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupCommit } from '../../../../src/engine/store/group-commit';

/** Real SQLite files in WAL mode: a second connection sees only what was committed. */
const dir = mkdtempSync(join(tmpdir(), 'scim-workbench-group-commit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let db: Database.Database;
let other: Database.Database;
let fileNumber = 0;

beforeEach(() => {
  const path = join(dir, `group-${++fileNumber}.db`);
  db = new Database(path, { timeout: 0 });
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.exec(`CREATE TABLE parents (id INTEGER PRIMARY KEY);
    CREATE TABLE rows (name TEXT PRIMARY KEY, parent INTEGER REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED)`);
  other = new Database(path, { timeout: 0 });
});
afterEach(() => {
  db.close();
  other.close();
});

const insert = (name: string, parent: number | null = null) => db.prepare('INSERT INTO rows (name, parent) VALUES (?, ?)').run(name, parent);
/** What another connection (another process) sees: only committed rows. */
const committed = () => other.prepare('SELECT name FROM rows ORDER BY name').pluck().all();
const settle = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

describe('GroupCommit', () => {
  it('runs the writes of one turn in one transaction: none is committed before the last has run', async () => {
    const group = new GroupCommit(db);
    const seenByOthers: unknown[][] = [];
    const writes = ['a', 'b', 'c'].map((name) =>
      group.run(() => {
        insert(name);
        // Inside the shared transaction: the earlier writes of the group are not committed yet.
        seenByOthers.push(committed());
        expect(db.inTransaction).toBe(true);
        return name.toUpperCase();
      }),
    );
    expect(await Promise.all(writes)).toEqual(['A', 'B', 'C']);
    expect(seenByOthers).toEqual([[], [], []]);
    expect(committed()).toEqual(['a', 'b', 'c']);
    expect(db.inTransaction).toBe(false);
  });

  it('settles no write before the COMMIT: each sees its row committed when it is answered', async () => {
    const group = new GroupCommit(db);
    const settled: string[] = [];
    const atAnswer: unknown[][] = [];
    const writes = ['a', 'b'].map((name) =>
      group
        .run(() => {
          insert(name);
          // The first write's promise is not settled while the second still runs.
          expect(settled).toEqual([]);
        })
        .then(() => {
          settled.push(name);
          atAnswer.push(committed());
        }),
    );
    await Promise.all(writes);
    expect(atAnswer).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
  });

  it('undoes only the write that fails: its caller gets its error, the others are committed', async () => {
    const group = new GroupCommit(db);
    const failure = new Error('this write is refused');
    const results = await Promise.all([
      settle(group.run(() => insert('a'))),
      settle(
        group.run(() => {
          insert('b');
          throw failure;
        }),
      ),
      // A constraint failure inside SQLite, after the failed write's rollback.
      settle(group.run(() => insert('a'))),
      settle(group.run(() => insert('c'))),
    ]);
    expect(results.map((result) => result.ok)).toEqual([true, false, false, true]);
    expect(results[1]).toEqual({ ok: false, error: failure });
    expect((results[2] as { error: { code: string } }).error.code).toBe('SQLITE_CONSTRAINT_PRIMARYKEY');
    expect(committed()).toEqual(['a', 'c']);
  });

  it('fails every write of the group when the COMMIT fails, and keeps none of them', async () => {
    const group = new GroupCommit(db);
    const results = await Promise.all([
      settle(group.run(() => insert('a'))),
      // A deferred foreign key is checked at the COMMIT: the statement succeeds, the COMMIT does not.
      settle(group.run(() => insert('b', 42))),
      settle(group.run(() => insert('c'))),
    ]);
    expect(results.every((result) => !result.ok)).toBe(true);
    for (const result of results) expect((result as { error: { code: string } }).error.code).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
    expect(committed()).toEqual([]);
    expect(db.inTransaction).toBe(false);
    // The connection is usable again: the next group commits.
    await group.run(() => insert('d'));
    expect(committed()).toEqual(['d']);
  });

  it('runs none of the writes while another connection holds the write lock, failing each with SQLITE_BUSY to be tried again', async () => {
    const group = new GroupCommit(db);
    let ran = 0;
    other.exec('BEGIN IMMEDIATE');
    try {
      const results = await Promise.all(['a', 'b'].map((name) => settle(group.run(() => (ran++, insert(name))))));
      expect(ran).toBe(0);
      for (const result of results) expect((result as { error: { code: string } }).error.code).toBe('SQLITE_BUSY');
    } finally {
      other.exec('ROLLBACK');
    }
    await group.run(() => insert('a'));
    expect(committed()).toEqual(['a']);
  });

  it('writes the prelude first in the same transaction, and goes on without it when it fails', async () => {
    const errors: unknown[] = [];
    let preludeFails = false;
    const group = new GroupCommit(db, {
      prelude: () => {
        insert(`prelude-${fileNumber}-${errors.length}`);
        if (preludeFails) throw new Error('prelude failed');
      },
      onPreludeError: (error) => errors.push(error),
    });
    await group.run(() => insert('a'));
    expect(committed()).toEqual(['a', `prelude-${fileNumber}-0`]);
    preludeFails = true;
    await group.run(() => insert('b'));
    expect(errors).toHaveLength(1);
    expect(committed()).toEqual(['a', 'b', `prelude-${fileNumber}-0`]);
  });

  it('refuses a write that returns a promise, which would settle after the commit', async () => {
    const group = new GroupCommit(db);
    const result = await settle(group.run(() => Promise.resolve(insert('a'))));
    expect(result.ok).toBe(false);
    expect(String((result as { error: unknown }).error)).toMatch(/synchronous/);
    expect(committed()).toEqual([]);
  });

  it('gives writes that arrive while a group commits a group of their own', async () => {
    const group = new GroupCommit(db);
    const later = group.run(() => insert('a')).then(() => group.run(() => insert('b')));
    await later;
    expect(committed()).toEqual(['a', 'b']);
  });
});
