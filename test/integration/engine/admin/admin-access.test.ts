import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAdminServer } from '../../../../src/engine/admin/admin-server';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/**
 * Who may call the admin API, over real HTTP on 127.0.0.1: the token travels in the
 * Authorization header — in the query only for the live feed, which an EventSource opens without
 * headers — and a state-changing request from another origin is refused even with the token.
 */
const ADMIN_TOKEN = 'admin-token-for-access-tests';
let scim: ScimTestServer;
let admin: FastifyInstance;
let origin: string;

beforeAll(async () => {
  scim = await startScimServer();
  admin = buildAdminServer({ workbench: scim.app.workbench, token: ADMIN_TOKEN, feedIntervalMs: 20, windowOrigins: ['file://'] });
  origin = (await admin.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
});
afterAll(async () => {
  await admin.close();
  await scim.close();
});

const bearer = { authorization: `Bearer ${ADMIN_TOKEN}` };
const json = { 'content-type': 'application/json' };
const newSession = (headers: Record<string, string>, query = '') =>
  fetch(`${origin}/api/sessions${query}`, { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify({ name: 'access test' }) });

describe('framing', () => {
  it('no page may frame the inspector or the API: every answer forbids it, errors included', async () => {
    for (const response of [await fetch(`${origin}/`), await fetch(`${origin}/api/info`, { headers: bearer }), await fetch(`${origin}/api/info`)]) {
      expect(response.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    }
  });
});

describe('the token in the query string', () => {
  it('is refused on a route other than the live feed, with a message saying where it goes', async () => {
    const read = await fetch(`${origin}/api/exchanges?token=${ADMIN_TOKEN}`);
    expect(read.status).toBe(401);
    expect(((await read.json()) as { error: string }).error).toMatch(/Authorization: Bearer.*only the live feed/);
    const write = await newSession({}, `?token=${ADMIN_TOKEN}`);
    expect(write.status).toBe(401);
    expect((await fetch(`${origin}/api/info?token=${ADMIN_TOKEN}`)).status).toBe(401);
  });

  it('is accepted on the live feed, and a wrong one there is refused', async () => {
    const controller = new AbortController();
    const feed = await fetch(`${origin}/api/feed?token=${ADMIN_TOKEN}`, { signal: controller.signal });
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toContain('text/event-stream');
    controller.abort();
    expect((await fetch(`${origin}/api/feed?token=wrong`)).status).toBe(401);
    expect((await fetch(`${origin}/api/feed`)).status).toBe(401);
  });

  it('does not stand in for a wrong header elsewhere', async () => {
    expect((await fetch(`${origin}/api/exchanges?token=${ADMIN_TOKEN}`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${origin}/api/exchanges`, { headers: bearer })).status).toBe(200);
  });
});

describe('cross-origin writes', () => {
  it('refuses a POST from another origin with 403, even with the token, and writes nothing', async () => {
    const before = scim.app.workbench.recordings.sessions().length;
    const fromEvil = await newSession({ ...bearer, origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(fromEvil.status).toBe(403);
    expect(((await fromEvil.json()) as { error: string }).error).toMatch(/another origin \(http:\/\/evil\.example\)/);
    // Each header alone is enough to refuse.
    expect((await newSession({ ...bearer, origin: 'http://evil.example' })).status).toBe(403);
    expect((await newSession({ ...bearer, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await newSession({ ...bearer, 'sec-fetch-site': 'same-site' })).status).toBe(403);
    // Another port of this machine is another origin.
    expect((await newSession({ ...bearer, origin: 'http://127.0.0.1:1' })).status).toBe(403);
    // A sandboxed frame or a data: page says "null".
    expect((await newSession({ ...bearer, origin: 'null' })).status).toBe(403);
    for (const [method, path] of [
      ['PUT', '/workspaces/default/mappings'],
      ['PATCH', '/workspaces/default/settings'],
      ['DELETE', '/sessions/1'],
    ] as const) {
      const response = await fetch(`${origin}/api${path}`, { method, headers: { ...bearer, ...json, origin: 'http://evil.example' }, body: '{}' });
      expect(response.status).toBe(403);
    }
    expect(scim.app.workbench.recordings.sessions()).toHaveLength(before);
  });

  it('accepts a POST from the inspector served by this listener, under either loopback name', async () => {
    const port = new URL(origin).port;
    const sameOrigin = await newSession({ ...bearer, origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' });
    expect(sameOrigin.status).toBe(201);
    expect((await newSession({ ...bearer, origin: `http://localhost:${port}` })).status).toBe(201);
  });

  it('accepts a POST without Origin (curl, the desktop main process) with the token, and a user-typed one (Sec-Fetch-Site: none)', async () => {
    expect((await newSession(bearer)).status).toBe(201);
    expect((await newSession({ ...bearer, 'sec-fetch-site': 'none' })).status).toBe(201);
    expect((await newSession({})).status).toBe(401);
  });

  it('accepts the desktop window (its file:// page) when the engine names it, and nothing else cross-site', async () => {
    expect((await newSession({ ...bearer, origin: 'file://', 'sec-fetch-site': 'cross-site' })).status).toBe(201);
    const other = buildAdminServer({ workbench: scim.app.workbench, token: ADMIN_TOKEN });
    const otherOrigin = (await other.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
    try {
      const response = await fetch(`${otherOrigin}/api/sessions`, { method: 'POST', headers: { ...bearer, ...json, origin: 'file://' }, body: '{}' });
      expect(response.status).toBe(403);
    } finally {
      await other.close();
    }
  });

  it('leaves reads alone: a GET carries no Origin check (the token in its header is the guard)', async () => {
    expect((await fetch(`${origin}/api/sessions`, { headers: { ...bearer, origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' } })).status).toBe(200);
  });
});
