import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServerChild, type ServerChild } from '../../../bench/processes';
import { seedUsers } from '../../../bench/seed';

// The bench's SCIM child, asked to settle, has written and indexed every exchange it answered: the CPU
// the bench reads next holds the whole cost of recording them.

let child: ServerChild | undefined;
let dir: string | undefined;
afterEach(async () => {
  await child?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the bench SCIM child settling', () => {
  it('answers once every exchange it recorded, the last reads included, is indexed', async () => {
    dir = mkdtempSync(join(tmpdir(), 'scim-child-settle-'));
    const dbPath = join(dir, 'workbench.db');
    const seeded = seedUsers(dbPath, 20, () => {});
    child = await startServerChild('./scim-server.ts', [dbPath]);
    const headers = { authorization: `Bearer ${seeded.token}` };
    // Reads, which the recorder writes a few ms later in a batch, and writes, recorded in their transaction.
    for (const userName of seeded.userNames.slice(0, 10)) {
      const response = await fetch(`${child.origin}/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`, { headers });
      expect(response.status).toBe(200);
    }
    const created = await fetch(`${child.origin}/scim/v2/Users`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'settle@example.com' }),
    });
    expect(created.status).toBe(201);
    const answered = await fetch(`${child.origin}/scim/v2/Users/${seeded.ids[0]}`, { headers });
    expect(answered.status).toBe(200);

    await child.settle(60_000);

    const db = new Database(dbPath, { readonly: true });
    try {
      const recorded = db.prepare('SELECT count(*) FROM exchanges').pluck().get() as number;
      const last = db.prepare('SELECT max(id) FROM exchanges').pluck().get() as number;
      const indexedThrough = db.prepare('SELECT indexed_through FROM exchange_search_progress').pluck().get() as number;
      const judged = db.prepare('SELECT count(*) FROM exchange_verdicts').pluck().get() as number;
      expect(recorded).toBe(12);
      expect(indexedThrough).toBe(last);
      expect(judged).toBe(recorded);
    } finally {
      db.close();
    }
  }, 60_000);
});
