import { pino } from 'pino';
import Database from 'better-sqlite3';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildAdminServer } from '../../../src/engine/admin/admin-server';
import { BULK_REQUEST } from '../../../src/engine/resources/bulk-service';
import { URN } from '../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';
import { listenAdmin } from '../../support/admin-api';

/**
 * Another process (a second workbench, a SQLite tool) holds the database's write lock. The
 * server must keep serving reads, let a write wait without freezing the event loop, and answer
 * it with 503 + Retry-After when the lock is not released in time — or make it when it is.
 * The lock is a real second connection on the same file holding BEGIN IMMEDIATE.
 */

/** The server's log lines, so the test can wait for "this write is waiting" instead of sleeping. */
const logLines: string[] = [];
const logWaiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      logLines.push(line);
      for (const waiter of logWaiters.splice(0)) {
        if (waiter.pattern.test(line)) waiter.resolve(line);
        else logWaiters.push(waiter);
      }
    }
    done();
  },
});
const nextLogLine = (pattern: RegExp) => new Promise<string>((resolve) => logWaiters.push({ pattern, resolve }));

const ADMIN_TOKEN = 'busy-admin-token';
let server: ScimTestServer;
let admin: FastifyInstance;
let adminUrl: string;
let readerId: string;
beforeAll(async () => {
  server = await startScimServer({ logger: pino({ level: 'warn' }, logStream) });
  admin = buildAdminServer({ workbench: server.app.workbench, token: ADMIN_TOKEN });
  adminUrl = await listenAdmin(admin);
  const reader = await server.request('POST', '/Users', { schemas: [URN.user], userName: 'reader@example.com' });
  expect(reader.status).toBe(201);
  readerId = reader.body.id;
});
afterAll(async () => {
  await admin?.close();
  await server.close();
});

async function adminRequest(method: string, path: string, body?: unknown) {
  const response = await fetch(`${adminUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: (await response.json()) as { error?: string; compatibility?: string },
  };
}

/** A second connection to the same file holding the write lock until `release`. */
function holdWriteLock() {
  const other = new Database(server.dbPath);
  other.exec('BEGIN IMMEDIATE');
  return {
    release(commit = false) {
      if (other.inTransaction) other.exec(commit ? 'COMMIT' : 'ROLLBACK');
      other.close();
    },
  };
}

const byUserName = (userName: string) => `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`;

/** Starts a request and reports whether it has been answered yet. */
function pending(request: Promise<{ status: number }>) {
  const state = { settled: false, response: request.finally(() => (state.settled = true)) };
  return state;
}

describe('a database locked by another process', () => {
  it('serves reads while the lock is held, and while a write waits for it', async () => {
    const lock = holdWriteLock();
    let write: ReturnType<typeof pending> | undefined;
    try {
      const before = await server.request('GET', `/Users/${readerId}`);
      expect(before.status).toBe(200);
      expect(before.body.userName).toBe('reader@example.com');

      const waiting = nextLogLine(/locked by another process/);
      write = pending(server.request('POST', '/Users', { schemas: [URN.user], userName: 'waiting@example.com' }));
      await waiting;
      const during = await server.request('GET', byUserName('reader@example.com'));
      expect(during.status).toBe(200);
      expect(during.body.totalResults).toBe(1);
      expect(write.settled, 'the write is still waiting for the lock when the read is answered').toBe(false);
    } finally {
      lock.release();
    }
    // Let go rather than waited out: the 503 a lock that stays gets is the next test's.
    await write?.response;
  });

  it('answers a write with 503, Retry-After and a SCIM error saying to retry when the lock stays, and writes nothing', async () => {
    const lock = holdWriteLock();
    let response;
    try {
      response = await server.request('POST', '/Users', { schemas: [URN.user], userName: 'refused@example.com' });
    } finally {
      lock.release();
    }
    expect(response.status).toBe(503);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(response.headers['content-type']).toContain('application/scim+json');
    expect(response.body).toMatchObject({ schemas: [URN.error], status: '503' });
    expect(response.body.detail).toMatch(/locked by another process/);
    expect(response.body.detail).toMatch(/retry/i);
    expect((await server.request('GET', byUserName('refused@example.com'))).body.totalResults).toBe(0);
  });

  it('makes the write, once, when the other process lets go while it waits', async () => {
    const lock = holdWriteLock();
    const waiting = nextLogLine(/locked by another process/);
    const write = pending(server.request('POST', '/Users', { schemas: [URN.user], userName: 'patient@example.com', displayName: 'Patient' }));
    try {
      await waiting;
      expect(write.settled).toBe(false);
    } finally {
      lock.release(true);
    }
    const response = (await write.response) as Awaited<ReturnType<ScimTestServer['request']>>;
    expect(response.status).toBe(201);
    expect(response.body.displayName).toBe('Patient');
    const found = await server.request('GET', byUserName('patient@example.com'));
    expect(found.body.totalResults).toBe(1);
  });

  it('applies to PATCH, PUT, DELETE and /Bulk too: 503 and the resource unchanged', async () => {
    const lock = holdWriteLock();
    let responses;
    try {
      responses = await Promise.all([
        server.request('PATCH', `/Users/${readerId}`, { schemas: [URN.patchOp], Operations: [{ op: 'replace', value: { displayName: 'X' } }] }),
        server.request('PUT', `/Users/${readerId}`, { schemas: [URN.user], userName: 'reader@example.com', displayName: 'Y' }),
        server.request('DELETE', `/Users/${readerId}`),
        server.request('POST', '/Bulk', {
          schemas: [BULK_REQUEST],
          Operations: [{ method: 'POST', path: '/Users', bulkId: 'b1', data: { schemas: [URN.user], userName: 'bulk@example.com' } }],
        }),
      ]);
    } finally {
      lock.release();
    }
    expect(responses.map((response) => response.status)).toEqual([503, 503, 503, 503]);
    const reader = await server.request('GET', `/Users/${readerId}`);
    expect(reader.status).toBe(200);
    expect(reader.body.displayName).toBeUndefined();
    expect((await server.request('GET', byUserName('bulk@example.com'))).body.totalResults).toBe(0);
  });

  it('records the refused write once the lock is gone, without losing the reads answered meanwhile', async () => {
    const recordings = server.app.workbench.recordings;
    const refused = (await server.request('GET', byUserName('refused@example.com'))).status;
    expect(refused).toBe(200);
    const exchanges = recordings.sessionExchanges(recordings.currentSessionId());
    const statuses = exchanges.map((exchange) => `${exchange.request.method} ${exchange.response.status}`);
    expect(statuses.filter((status) => status === 'POST 503').length).toBeGreaterThanOrEqual(2);
    expect(statuses.filter((status) => status === 'GET 200').length).toBeGreaterThanOrEqual(4);
  });

  it("answers the inspector's admin API the same way: a write 503 with Retry-After, a read served", async () => {
    const lock = holdWriteLock();
    try {
      const read = await adminRequest('GET', '/workspaces/default/settings');
      expect(read.status).toBe(200);
      expect(read.body.compatibility).toBe('auto');
      const write = await adminRequest('PATCH', '/workspaces/default/settings', { compatibility: 'strict' });
      expect(write.status).toBe(503);
      expect(Number(write.headers['retry-after'])).toBeGreaterThan(0);
      expect(write.body.error).toMatch(/locked by another process/);
    } finally {
      lock.release();
    }
    expect((await adminRequest('GET', '/workspaces/default/settings')).body.compatibility).toBe('auto');
  });

  it('lets the inspector read the recording while exchanges wait to be written, and writes them once the lock is gone', async () => {
    const lock = holdWriteLock();
    try {
      const scimRead = await server.request('GET', `/Users/${readerId}?attributes=userName`);
      expect(scimRead.status).toBe(200);
      const listed = await adminRequest('GET', '/exchanges');
      expect(listed.status).toBe(200);
    } finally {
      lock.release();
    }
    const exchanges = server.app.workbench.recordings.sessionExchanges(server.app.workbench.recordings.currentSessionId());
    expect(exchanges.some((exchange) => exchange.request.url.endsWith(`/Users/${readerId}?attributes=userName`))).toBe(true);
  });
});
