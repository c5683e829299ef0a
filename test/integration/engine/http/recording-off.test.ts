import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../../../src/engine/http/scim-server';
import { openWorkbench, type Workbench } from '../../../../src/engine/workbench';

/**
 * buildServer's bench-only `record: false` (the bench measures what recording costs with it): the
 * same answers, nothing recorded — not even in the summary form kept for requests the SCIM API did
 * not record itself. The same requests with recording on are recorded, so the test can fail.
 */
let dir: string;
let workbench: Workbench;
let app: FastifyInstance | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scim-workbench-recording-off-'));
  workbench = openWorkbench({ dbPath: join(dir, 'workbench.db') });
});
afterEach(async () => {
  await app?.close();
  workbench.close();
  rmSync(dir, { recursive: true, force: true });
});

async function sendTraffic(record: boolean): Promise<number[]> {
  app = buildServer({ workbench, record });
  const origin = (await app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
  const headers = { authorization: `Bearer ${workbench.workspaces.ensureDefault().token}`, 'content-type': 'application/scim+json' };
  const statuses: number[] = [];
  const send = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${origin}/scim/v2${path}`, { ...init, headers: { ...headers, ...(init.headers as object) } });
    await response.arrayBuffer();
    statuses.push(response.status);
  };
  await send('/Users', {
    method: 'POST',
    body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `u${statuses.length}@x` }),
  });
  await send(`/Users?filter=${encodeURIComponent('userName eq "u0@x"')}`);
  await send('/Users', { headers: { authorization: 'Bearer wrong' } });
  await app.close();
  app = undefined;
  return statuses;
}

const recorded = () => workbench.recordings.listExchanges({}).items.map((exchange) => `${exchange.request.method} ${exchange.response.status}`);

describe('recording off (bench only)', () => {
  it('answers as usual and records nothing', async () => {
    expect(await sendTraffic(false)).toEqual([201, 200, 401]);
    expect(recorded()).toEqual([]);
  });

  it('records the same requests with recording on', async () => {
    expect(await sendTraffic(true)).toEqual([201, 200, 401]);
    expect(recorded().sort()).toEqual(['GET 200', 'GET 401', 'POST 201']);
  });
});
