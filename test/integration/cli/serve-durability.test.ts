import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, expect, it } from 'vitest';
import { startServe, tempDir, type ServeProcess } from '../../support/cli';

/**
 * Acknowledged means committed: `scim-workbench serve` groups the writes that arrive together into
 * one commit (store/group-commit.ts) and answers each only after it. Concurrent creates and PATCHes
 * are sent, the process is killed with SIGKILL the moment the last answer arrives, and after a
 * restart every write a client was answered for is there, as answered, and recorded.
 */
const dir = tempDir();
let serve: ServeProcess | undefined;
afterEach(() => {
  serve?.child.kill('SIGKILL');
  serve = undefined;
});
afterAll(() => dir.remove());

const USERS = 60;

it('keeps every acknowledged concurrent write after kill -9 right after the answers, and after a restart serves them', async () => {
  const dbPath = join(dir.path, 'durable.db');
  serve = await startServe(['--db', dbPath]);
  const { baseUrl, token } = serve;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' };
  const send = async (method: string, path: string, body: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const userBody = (name: string) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: name });

  // Users to PATCH, created first.
  const existing: string[] = [];
  for (let index = 0; index < USERS; index++) {
    const created = await send('POST', '/Users', userBody(`existing${index}@example.com`));
    expect(created.status).toBe(201);
    existing.push(created.body.id as string);
  }

  // All at once: the server groups them by turns of its event loop.
  const creates = Array.from({ length: USERS }, (_, index) => send('POST', '/Users', userBody(`burst${index}@example.com`)));
  const patches = existing.map((id, index) =>
    send('PATCH', `/Users/${id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', value: { displayName: `Patched ${index}`, active: false } }],
    }),
  );
  const answers = await Promise.all([...creates, ...patches]);
  serve.child.kill('SIGKILL');
  await serve.exited;
  serve = undefined;

  const created = answers.slice(0, USERS);
  const patched = answers.slice(USERS);
  expect(created.map((answer) => answer.status)).toEqual(Array(USERS).fill(201));
  expect(patched.map((answer) => answer.status)).toEqual(Array(USERS).fill(200));

  serve = await startServe(['--db', dbPath]);
  const after = serve;
  const read = async (id: string) => {
    const response = await fetch(`${after.baseUrl}/Users/${id}`, { headers: { authorization: `Bearer ${after.token}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  for (const [index, answer] of created.entries()) {
    const found = await read(answer.body.id as string);
    expect(found.status, `created user ${index}`).toBe(200);
    expect(found.body.userName).toBe(`burst${index}@example.com`);
  }
  for (const [index, id] of existing.entries()) {
    const found = await read(id);
    expect(found.body.displayName, `patched user ${index}`).toBe(`Patched ${index}`);
    expect(found.body.active).toBe(false);
    expect((found.body.meta as { version: string }).version).toBe((patched[index]!.body.meta as { version: string }).version);
  }

  // Each acknowledged write's exchange was committed with it.
  const db = new Database(dbPath, { readonly: true });
  try {
    const recorded = db.prepare<[string, string, number], number>(
      `SELECT count(*) FROM exchanges e JOIN resource_versions v ON v.exchange_id = e.id WHERE e.method = ? AND v.resource_id = ? AND e.status = ?`,
    );
    for (const answer of created) expect(recorded.pluck().get('POST', answer.body.id as string, 201)).toBe(1);
    for (const id of existing) expect(recorded.pluck().get('PATCH', id, 200)).toBe(1);
  } finally {
    db.close();
  }
}, 90_000);
