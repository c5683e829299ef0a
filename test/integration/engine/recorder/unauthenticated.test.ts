import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedExchange } from '../../../../src/shared/recording';
import { buildServer } from '../../../../src/engine/http/scim-server';
import { UNAUTHENTICATED_CAP, UNKNOWN_WORKSPACE } from '../../../../src/engine/recorder/unauthenticated';
import { openWorkbench, type Workbench } from '../../../../src/engine/workbench';

/**
 * Requests that never reach a workspace (a wrong token, a workspace that does not exist) are kept in
 * summary form and at most UNAUTHENTICATED_CAP a second per workspace, over real HTTP. The test
 * holds the clock: it stands still during a flood and moves when the test says so.
 */
let dir: string;
let clock: number;
let workbench: Workbench;
let app: FastifyInstance;
let origin: string;
let token: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scim-workbench-unauth-'));
  clock = Date.parse('2026-06-15T12:00:00.000Z');
  workbench = openWorkbench({ dbPath: join(dir, 'workbench.db'), now: () => clock });
  token = workbench.workspaces.ensureDefault().token;
  workbench.workspaces.create('acme');
  app = buildServer({ workbench });
  origin = (await app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
});
afterEach(async () => {
  await app.close();
  workbench.close();
  rmSync(dir, { recursive: true, force: true });
});

const SECRET_BODY = 'body-that-must-not-be-stored';
const SECRET_QUERY = 'query-that-must-not-be-stored';

/** Sends `count` requests, `parallel` at a time, built by `send(index)`; returns their statuses. */
async function flood(count: number, send: (index: number) => Promise<Response>, parallel = 50): Promise<number[]> {
  const statuses: number[] = [];
  for (let start = 0; start < count; start += parallel) {
    const batch = await Promise.all(Array.from({ length: Math.min(parallel, count - start) }, (_, offset) => send(start + offset)));
    for (const response of batch) {
      statuses.push(response.status);
      await response.arrayBuffer();
    }
  }
  return statuses;
}

const wrongToken = (path: string) =>
  fetch(`${origin}${path}?filter=${SECRET_QUERY}`, {
    method: 'POST',
    headers: { authorization: 'Bearer not-the-token', 'content-type': 'application/scim+json', 'user-agent': 'Okta SCIM Client 1.0.0', 'x-custom': 'kept-out' },
    body: JSON.stringify({ userName: SECRET_BODY }),
  });

function all(): RecordedExchange[] {
  const { recordings } = workbench;
  return recordings.listExchanges({ limit: 1000 }).items.map((item) => recordings.exchange(item.id)!);
}

const droppedCount = (exchange: RecordedExchange) => {
  const note = exchange.notes.find((item) => item.code === 'unauthenticatedDropped');
  return note ? Number(/^(\d+) unauthenticated/.exec(note.detail)![1]) : 0;
};

describe('a flood of unauthenticated requests', () => {
  it('stores at most the cap, in summary form, and counts the rest', { timeout: 90_000 }, async () => {
    const statuses = await flood(2000, () => wrongToken('/scim/v2/Users'));
    expect(statuses.every((status) => status === 401)).toBe(true);

    const stored = all();
    expect(stored).toHaveLength(UNAUTHENTICATED_CAP.burst);
    for (const exchange of stored) {
      expect(exchange).toMatchObject({
        workspace: 'default',
        client: 'okta',
        request: { method: 'POST', url: '/scim/v2/Users', body: null },
        response: { status: 401, headers: [], body: null },
      });
      expect(exchange.request.headers).toEqual([['user-agent', 'Okta SCIM Client 1.0.0']]);
      expect(exchange.notes).toEqual([
        expect.objectContaining({ kind: 'summarised', code: 'unauthenticated', detail: expect.stringContaining('bearer token is not valid') }),
      ]);
    }
    expect(JSON.stringify(stored)).not.toMatch(new RegExp(`${SECRET_BODY}|${SECRET_QUERY}|not-the-token|kept-out`));

    // The next pass writes what was dropped: one row, counting every request not stored.
    await workbench.retention.run();
    const report = all().filter((exchange) => droppedCount(exchange) > 0);
    expect(report).toHaveLength(1);
    expect(droppedCount(report[0]!)).toBe(2000 - UNAUTHENTICATED_CAP.burst);
    expect(report[0]!.operation).toBe(`${2000 - UNAUTHENTICATED_CAP.burst} unauthenticated requests dropped since 2026-06-15T12:00:00.000Z`);
    expect(report[0]!).toMatchObject({ request: { url: '/scim/v2/Users', body: null }, response: { status: 401, body: null } });

    // A second later the bucket has refilled by the rate; nothing more was dropped, so no new report.
    clock += 1000;
    await flood(UNAUTHENTICATED_CAP.perSecond + 5, () => wrongToken('/scim/v2/Users'));
    await workbench.retention.run();
    const after = all();
    expect(after.filter((exchange) => droppedCount(exchange) === 0)).toHaveLength(UNAUTHENTICATED_CAP.burst + UNAUTHENTICATED_CAP.perSecond);
    expect(after.map(droppedCount).reduce((sum, count) => sum + count, 0)).toBe(2000 - UNAUTHENTICATED_CAP.burst + 5);
  });

  it('caps each workspace on its own, and all unknown workspaces as one', async () => {
    await flood(40, () => wrongToken('/w/acme/scim/v2/Users'));
    await flood(40, () => wrongToken('/scim/v2/Users'));
    // 40 names that do not exist: inventing names does not buy more rows.
    const unknown = await flood(40, (index) => fetch(`${origin}/w/nobody-${index}/scim/v2/Users`, { headers: { authorization: `Bearer ${token}` } }));
    expect(unknown.every((status) => status === 404)).toBe(true);
    await workbench.retention.run();
    const stored = all();
    const summaries = stored.filter((exchange) => droppedCount(exchange) === 0);
    const count = (predicate: (exchange: RecordedExchange) => boolean) => summaries.filter(predicate).length;
    expect(count((exchange) => exchange.workspace === 'acme')).toBe(UNAUTHENTICATED_CAP.burst);
    expect(count((exchange) => exchange.workspace === 'default')).toBe(UNAUTHENTICATED_CAP.burst);
    // Recorded under one name, the path and the note saying which was addressed.
    expect(count((exchange) => exchange.workspace === UNKNOWN_WORKSPACE)).toBe(UNAUTHENTICATED_CAP.burst);
    const unknownOne = summaries.find((exchange) => exchange.response.status === 404)!;
    expect(unknownOne.request.url).toMatch(/^\/w\/nobody-\d+\/scim\/v2\/Users$/);
    expect(unknownOne.notes[0]!.detail).toMatch(/^No workspace named "nobody-\d+"/);
    expect(stored.map(droppedCount).reduce((sum, n) => sum + n, 0)).toBe(3 * (40 - UNAUTHENTICATED_CAP.burst));
  });

  it('says why each was refused, without keeping the header', async () => {
    const send = (headers: Record<string, string>) => fetch(`${origin}/scim/v2/Users`, { headers });
    await send({});
    await send({ authorization: 'Basic dXNlcjpwYXNz' });
    // The token alone, without "Bearer ": its first word is the secret, not a scheme.
    await send({ authorization: token });
    const details = all().map((exchange) => exchange.notes[0]!.detail);
    expect(details).toEqual([
      expect.stringMatching(/^Refused: the Authorization header has no scheme, not "Bearer <token>"/),
      expect.stringMatching(/^Refused: the Authorization header is "Basic …", not "Bearer <token>"/),
      expect.stringMatching(/^Refused: no Authorization header/),
    ]);
    expect(JSON.stringify(all())).not.toContain('dXNlcjpwYXNz');
    expect(JSON.stringify(all())).not.toContain(token.slice(0, 8));
  });

  it('leaves authenticated traffic uncapped and recorded in full', async () => {
    await flood(3 * UNAUTHENTICATED_CAP.burst, () => fetch(`${origin}/scim/v2/Users?count=1`, { headers: { authorization: `Bearer ${token}` } }));
    const stored = all();
    expect(stored).toHaveLength(3 * UNAUTHENTICATED_CAP.burst);
    expect(stored.every((exchange) => exchange.response.status === 200 && exchange.response.body !== null && exchange.request.url.endsWith('?count=1'))).toBe(
      true,
    );
  });

  it('writes the dropped count on close rather than losing it', async () => {
    await flood(30, () => wrongToken('/scim/v2/Users'));
    await app.close();
    workbench.close();
    const reopened = openWorkbench({ dbPath: join(dir, 'workbench.db') });
    try {
      const items = reopened.recordings.listExchanges({ limit: 100 }).items.map((item) => reopened.recordings.exchange(item.id)!);
      expect(items.map(droppedCount).reduce((sum, n) => sum + n, 0)).toBe(30 - UNAUTHENTICATED_CAP.burst);
    } finally {
      reopened.close();
    }
  });
});
