import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { startServe, tempDir } from '../../support/cli';

/**
 * The recording never disagrees with the data, also after a crash: `scim-workbench serve` is
 * killed with SIGKILL while 300 creates are in flight; afterwards every stored user has exactly
 * one recorded create exchange with its version, every recorded create has its user, and every
 * 201 the clients received is in both.
 */
const dir = tempDir();
afterAll(() => dir.remove());

it('kill -9 during a burst of creates leaves users and recorded exchanges in agreement', async () => {
  const dbPath = join(dir.path, 'crash.db');
  const serve = await startServe(['--db', dbPath]);
  const acknowledged: string[] = [];
  let answered = 0;
  const post = async (index: number) => {
    try {
      const response = await fetch(`${serve.baseUrl}/Users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${serve.token}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `crash${index}@example.com` }),
      });
      const body = (await response.json()) as { id?: string };
      if (response.status === 201 && body.id) acknowledged.push(body.id);
    } catch {
      // The server died under this request: what matters is what the database says afterwards.
    } finally {
      answered++;
    }
  };
  const burst = Array.from({ length: 300 }, (_, index) => post(index));
  await expect.poll(() => answered, { timeout: 20_000, interval: 5 }).toBeGreaterThanOrEqual(60);
  serve.child.kill('SIGKILL');
  await serve.exited;
  await Promise.all(burst);

  const db = new Database(dbPath);
  try {
    const users = (db.prepare("SELECT id FROM resources WHERE resource_type = 'User'").pluck().all() as string[]).sort();
    const recordedCreates = (
      db
        .prepare(
          `SELECT v.resource_id FROM resource_versions v JOIN exchanges e ON e.id = v.exchange_id
         WHERE v.before IS NULL AND e.method = 'POST' AND e.status = 201`,
        )
        .pluck()
        .all() as string[]
    ).sort();
    expect(users.length).toBeGreaterThanOrEqual(acknowledged.length);
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(recordedCreates).toEqual(users);
    for (const id of acknowledged) expect(users).toContain(id);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    db.close();
  }
}, 60_000);
