import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../../../../src/engine/engine';
import type { TunnelProvider } from '../../../../src/engine/tunnels/tunnel';
import type { ExchangeListResponse, ExchangeResponse } from '../../../../src/shared/admin-api';
import { tempDir } from '../../../support/cli';

/**
 * A 500 must not vanish: its body, its X-Request-Id header, the log line with the stack and the
 * recorded exchange all carry one correlation id, and the log (in the data directory) holds no secret.
 * The failure is real: a stored row the service cannot read (a document of JSON null).
 */
const SCIM_TOKEN = 'scim-token-that-must-never-be-logged-0123456789';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const dir = tempDir();
const logFile = join(dir.path, 'logs', 'workbench.log');
let engine: RunningEngine;
let engineClosed = false;

/** A tunnel that comes online at once, so the log's tunnel lines can be checked without a network. */
const loopbackTunnel = (): TunnelProvider => ({
  name: 'test-tunnel',
  start: async () => 'https://tunnel.example.test',
  stop: async () => undefined,
});

beforeAll(async () => {
  engine = await startEngine({ dbPath: join(dir.path, 'workbench.db'), port: 0, token: SCIM_TOKEN, tunnel: loopbackTunnel() });
});
afterAll(async () => {
  if (!engineClosed) await engine.close();
  dir.remove();
});

const scimHeaders = () => ({ authorization: `Bearer ${SCIM_TOKEN}`, 'content-type': 'application/scim+json' });
const adminHeaders = () => ({ authorization: `Bearer ${engine.adminToken}` });
const logLines = () =>
  readFileSync(logFile, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, any>);

async function brokenUserId(): Promise<string> {
  const created = await fetch(`${engine.scimBaseUrl}/Users`, {
    method: 'POST',
    headers: scimHeaders(),
    body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `broken-${Math.random()}@example.com` }),
  });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  engine.workbench.db.prepare("UPDATE resources SET document = 'null' WHERE id = ?").run(id);
  return id;
}

describe('a SCIM 500', () => {
  it('names one correlation id in its body, its X-Request-Id header, the log line with the stack, and the recorded exchange', async () => {
    const id = await brokenUserId();
    const response = await fetch(`${engine.scimBaseUrl}/Users/${id}`, { headers: scimHeaders() });
    expect(response.status).toBe(500);
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(UUID);
    const body = (await response.json()) as { status: string; detail: string };
    expect(body.status).toBe('500');
    expect(body.detail).toContain(`correlation id ${requestId}`);
    expect(body.detail).toContain('log');

    const errorLine = logLines().find((line) => line.reqId === requestId && line.level === 50);
    expect(errorLine, readFileSync(logFile, 'utf8')).toBeDefined();
    expect(errorLine!.err.stack).toMatch(/\n\s+at /);
    expect(errorLine!.msg).toContain(`GET /scim/v2/Users/${id}`);

    const list = await fetch(`${engine.adminUrl}/exchanges?status=500`, { headers: adminHeaders() });
    const exchanges = (await list.json()) as ExchangeListResponse;
    const summary = exchanges.items.find((item) => item.url === `/scim/v2/Users/${id}`);
    expect(summary).toBeDefined();
    const detail = (await (await fetch(`${engine.adminUrl}/exchanges/${summary!.id}`, { headers: adminHeaders() })).json()) as ExchangeResponse;
    expect(detail.response.headers).toContainEqual(['x-request-id', requestId]);
    expect(detail.response.body).toContain(requestId);
  });

  it('logs neither the bearer token nor the admin token, though a failing request carried one', async () => {
    const id = await brokenUserId();
    expect((await fetch(`${engine.scimBaseUrl}/Users/${id}`, { headers: scimHeaders() })).status).toBe(500);
    const text = readFileSync(logFile, 'utf8');
    expect(text).toContain('"level":50');
    expect(text).not.toContain(SCIM_TOKEN);
    expect(text).not.toContain(engine.adminToken);
  });
});

describe('every response', () => {
  it('carries its own X-Request-Id: success, 401, 404 and bad input alike', async () => {
    const responses = await Promise.all([
      fetch(`${engine.scimBaseUrl}/Groups`, { headers: scimHeaders() }),
      fetch(`${engine.scimBaseUrl}/Users`, { headers: { authorization: 'Bearer wrong' } }),
      fetch(`${engine.scimBaseUrl}/Users/no-such-user`, { headers: scimHeaders() }),
      fetch(`${engine.scimBaseUrl}/Nowhere`, { headers: scimHeaders() }),
      fetch(`${engine.scimBaseUrl}/Groups?filter=${encodeURIComponent('displayName eq')}`, { headers: scimHeaders() }),
      // A path the router cannot decode fails before any hook runs.
      fetch(`${engine.scimBaseUrl}/Users/%E0%A4%A`, { headers: scimHeaders() }),
      fetch(`${engine.adminUrl}/exchanges`, { headers: adminHeaders() }),
      fetch(`${engine.adminUrl}/exchanges`),
    ]);
    expect(responses.map((response) => response.status)).toEqual([200, 401, 404, 404, 400, 400, 200, 401]);
    const ids = responses.map((response) => response.headers.get('x-request-id'));
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("ignores a request id the client sends: ids are the server's own, so a log line cannot be forged onto another", async () => {
    const response = await fetch(`${engine.scimBaseUrl}/Users`, {
      headers: { ...scimHeaders(), 'x-request-id': 'chosen-by-client', 'request-id': 'chosen-by-client' },
    });
    expect(response.headers.get('x-request-id')).toMatch(UUID);
  });
});

describe('an admin API 500', () => {
  it('names the correlation id in its error, its header, and the log line with the stack', async () => {
    const { db, recorder } = engine.workbench;
    // Exchanges still waiting to be written would be written through the renamed table; write them first.
    recorder.flush();
    const exchangeId = (db.prepare('SELECT max(id) AS id FROM exchanges').get() as { id: number }).id;
    expect(exchangeId).toBeGreaterThan(0);
    // A table the exchange view reads is gone (as in a damaged file): the view cannot be answered.
    db.exec('ALTER TABLE exchange_verdicts RENAME TO exchange_verdicts_away');
    let response: Response;
    try {
      response = await fetch(`${engine.adminUrl}/exchanges/${exchangeId}`, { headers: adminHeaders() });
    } finally {
      // The later tests read the exchanges' verdicts.
      db.exec('ALTER TABLE exchange_verdicts_away RENAME TO exchange_verdicts');
    }
    expect(response.status).toBe(500);
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(UUID);
    expect(((await response.json()) as { error: string }).error).toContain(`correlation id ${requestId}`);
    const errorLine = logLines().find((line) => line.reqId === requestId && line.level === 50);
    expect(errorLine).toBeDefined();
    expect(errorLine!.err.stack).toMatch(/no such table: exchange_verdicts[\s\S]*\n\s+at /);
    expect(readFileSync(logFile, 'utf8')).not.toContain(engine.adminToken);
  });
});

describe('a failure off the request path', () => {
  it('is logged as a warning: exchanges that could not be recorded on a full disk', () => {
    const { db, recorder, recordings } = engine.workbench;
    const limit = db.pragma('max_page_count', { simple: true }) as number;
    // The file may not grow (SQLite answers SQLITE_FULL, as on a full disk), and this read's record needs room.
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    try {
      recorder.recordLater({
        workspace: 'default',
        startedAt: new Date(),
        durationMs: 1,
        source: 'local',
        request: { method: 'GET', url: '/scim/v2/Users', headers: {}, body: null },
        response: { status: 200, headers: {}, body: JSON.stringify({ padding: 'x'.repeat(256 * 1024) }) },
        notes: [],
        changes: [],
      });
      // Reading the recording flushes what waits; the flush fails and must say so in the log.
      recordings.listExchanges({ limit: 1 });
    } finally {
      db.pragma(`max_page_count = ${limit}`);
    }
    const warning = logLines().find((line) => line.level === 40 && /could not record exchanges/.test(line.msg));
    expect(warning?.msg).toMatch(/full/i);
  });
});

describe('the log file', () => {
  it('is private to the user: the file 0600 and its folder 0700', () => {
    if (process.platform === 'win32') return;
    expect(statSync(logFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir.path, 'logs')).mode & 0o777).toBe(0o700);
  });

  it('says at info where the engine listens and the tunnel going up and down, then the stop, without tokens', async () => {
    await engine.close();
    engineClosed = true;
    const lines = logLines();
    const messages = lines.filter((line) => line.level === 30).map((line) => line.msg as string);
    expect(messages.some((msg) => msg.includes(engine.scimBaseUrl))).toBe(true);
    expect(messages.some((msg) => msg.includes(engine.adminUrl))).toBe(true);
    expect(messages.some((msg) => /tunnel.*online.*https:\/\/tunnel\.example\.test/i.test(msg))).toBe(true);
    expect(messages.some((msg) => /tunnel.*stopped/i.test(msg))).toBe(true);
    expect(messages.at(-1)).toMatch(/stopped/i);
    const text = readFileSync(logFile, 'utf8');
    expect(text).not.toContain(SCIM_TOKEN);
    expect(text).not.toContain(engine.adminToken);
  });
});
